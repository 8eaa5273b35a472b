import { ByteReader, decodeError } from '../tls/wire/reader.js';
import type { ClientHelloExtension, ExtensionKind, ExtensionOfKind } from './extension-types.js';
import { decodeExtension } from './extensions.js';
import { isGrease } from '../vocabulary/grease.js';
import { bytesFromHex } from './hex.js';
import { handshakeFromRecords } from './record.js';

export interface CipherSuiteEntry {
  value: number;
  grease: boolean;
}

/** A ClientHello as sent, field by field, in wire order; GREASE values are kept and flagged. */
export interface ParsedClientHello {
  /** Record-layer version when the input was a TLS record (0x0301 for browsers). */
  recordVersion?: number;
  /** Number of records the message was spread over, when the input was records. */
  recordCount?: number;
  /** Length of the handshake body (the u24 after the type byte). */
  length: number;
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuites: CipherSuiteEntry[];
  compressionMethods: number[];
  /** Extensions in wire order. Empty when the hello had no extensions block at all (old TLS 1.2). */
  extensions: ClientHelloExtension[];
}

const HANDSHAKE_CLIENT_HELLO = 1;
const RECORD_HANDSHAKE = 22;

/**
 * Parses a ClientHello given as the handshake message (starts 0x01), as one or more TLS records
 * (starts 0x16 0x03), or as hex text of either. Anything that does not parse, including trailing
 * bytes, is a TLSError with alert 50 (decode_error); no other exception escapes.
 */
export function parseClientHello(input: Uint8Array | string): ParsedClientHello {
  const bytes = typeof input === 'string' ? bytesFromHex(input) : input;
  if (bytes.length === 0) throw decodeError('ClientHello: empty input');
  if (bytes[0] === RECORD_HANDSHAKE) {
    const { message, recordVersion, recordCount } = handshakeFromRecords(bytes);
    return { recordVersion, recordCount, ...parseHandshake(message) };
  }
  return parseHandshake(bytes);
}

function parseHandshake(message: Uint8Array): ParsedClientHello {
  const r = new ByteReader(message, 'handshake');
  const type = r.u8('msg_type');
  if (type !== HANDSHAKE_CLIENT_HELLO) throw decodeError(`handshake type ${type} is not a ClientHello (1)`);
  const body = r.sub(3, 'ClientHello');
  r.end();
  return { length: body.remaining, ...parseBody(body) };
}

function parseBody(r: ByteReader): Omit<ParsedClientHello, 'length'> {
  const legacyVersion = r.u16('legacy_version');
  const random = r.bytesN(32, 'random');
  const sessionId = r.vec(1, 'legacy_session_id', 0, 32);
  const suites = r.u16List(2, 'cipher_suites', 2);
  const compressionMethods = Array.from(r.vec(1, 'legacy_compression_methods', 1));
  const extensions: ClientHelloExtension[] = [];
  // Before TLS 1.3 the extensions block may be absent altogether (RFC 5246 §7.4.1.2).
  if (r.remaining > 0) {
    const list = r.sub(2, 'extensions');
    while (list.remaining) {
      const type = list.u16('extension_type');
      extensions.push(decodeExtension(type, list.vec(2, 'extension_data')));
    }
  }
  r.end();
  return {
    legacyVersion,
    random,
    sessionId,
    cipherSuites: suites.map((value) => ({ value, grease: isGrease(value) })),
    compressionMethods,
    extensions,
  };
}

/**
 * The first extension of a kind, typed (`findExtension(h, 'alpn')?.protocols`). Duplicates are
 * kept in `extensions` (a fingerprint reports what was sent); this returns the first, as a
 * server that tolerated them would use.
 */
export function findExtension<K extends ExtensionKind>(hello: ParsedClientHello, kind: K): ExtensionOfKind<K> | undefined {
  return hello.extensions.find((e): e is ExtensionOfKind<K> => e.kind === kind);
}

/** What the fingerprint functions accept: a parsed hello, or anything `parseClientHello` takes. */
export type ClientHelloInput = ParsedClientHello | Uint8Array | string;

export function asClientHello(input: ClientHelloInput): ParsedClientHello {
  return typeof input === 'string' || input instanceof Uint8Array ? parseClientHello(input) : input;
}
