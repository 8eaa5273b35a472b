/**
 * The TLS part of an echo report: the ClientHello exactly as it arrived (read off the socket
 * before the TLS library saw it), its fingerprints, and what the handshake settled on.
 */
import type { TLSSocket } from 'node:tls';
import { parseClientHello } from '../clienthello.js';
import { hex4 } from '../hex.js';
import { ja3 } from '../ja3.js';
import { ja4 } from '../ja4.js';
import type { ScannedHello } from './hello-scanner.js';
import { summarizeHello, type HelloSummary } from './hello-summary.js';
import { hex } from './json.js';

export interface NegotiatedTls {
  /** 'TLSv1.3', 'TLSv1.2'... */
  protocol: string | null;
  /** The IANA (RFC) name of the suite, e.g. TLS_AES_256_GCM_SHA384. */
  cipher: string | null;
  alpn: string | null;
  servername: string | null;
}

export interface TlsReport {
  /** Hex of the ClientHello handshake message (type 01, length, body), as in the captures' `*.clienthello.hex`. */
  clientHello: string;
  recordVersion: string;
  recordCount: number;
  ja3: string;
  ja3Hash: string;
  ja3n: string;
  ja3nHash: string;
  ja4: string;
  ja4_r: string;
  ja4_o: string;
  ja4_ro: string;
  parsed: HelloSummary;
  negotiated: NegotiatedTls;
}

export type HelloFingerprint = Omit<TlsReport, 'negotiated'>;

/** Parses and fingerprints a captured hello; a hello that does not parse throws (TLSError, decode_error). */
export function fingerprintHello(scanned: ScannedHello): HelloFingerprint {
  const hello = parseClientHello(scanned.message);
  const j3 = ja3(hello);
  const j4 = ja4(hello);
  return {
    clientHello: hex(scanned.message),
    recordVersion: hex4(scanned.recordVersion),
    recordCount: scanned.recordCount,
    ja3: j3.ja3,
    ja3Hash: j3.ja3Hash,
    ja3n: j3.ja3n,
    ja3nHash: j3.ja3nHash,
    ja4: j4.ja4,
    ja4_r: j4.ja4r,
    ja4_o: j4.ja4o,
    ja4_ro: j4.ja4ro,
    parsed: summarizeHello(hello),
  };
}

export function negotiatedOf(socket: TLSSocket): NegotiatedTls {
  // getCipher() is undefined before the handshake; the typings do not say so.
  const cipher = socket.getCipher() as ReturnType<TLSSocket['getCipher']> | undefined;
  // `servername` is the SNI string, or false when the client sent none.
  const servername = socket.servername;
  return {
    protocol: socket.getProtocol(),
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    alpn: socket.alpnProtocol || null,
    servername: typeof servername === 'string' ? servername : null,
  };
}
