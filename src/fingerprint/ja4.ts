import { createHash } from 'node:crypto';
import { asClientHello, findExtension, type ClientHelloInput, type ParsedClientHello } from './clienthello.js';
import { ExtensionType } from './extension-types.js';
import { isGrease } from '../vocabulary/grease.js';
import { hex4 } from './hex.js';

/**
 * JA4 (FoxIO, technical_details/JA4.md): "a_b_c" where
 *   a = protocol, TLS version, SNI d/i, cipher count, extension count, ALPN first+last char;
 *   b = sha256 of the sorted cipher list (12 hex chars);
 *   c = sha256 of the sorted extension list without SNI and ALPN, "_", signature algorithms
 *       in wire order (12 hex chars).
 * GREASE is ignored everywhere. JA4_r prints b and c unhashed; the "o" variants keep wire order
 * for ciphers and extensions, and then keep SNI and ALPN in the extension list too.
 */

export interface Ja4Fingerprint {
  ja4: string;
  /** JA4_r: raw (unhashed), sorted. */
  ja4r: string;
  /** JA4_o: hashed, original order. */
  ja4o: string;
  /** JA4_ro: raw, original order. */
  ja4ro: string;
}

/** q = QUIC, d = DTLS, t = TLS over TCP. */
export type Ja4Protocol = 't' | 'q' | 'd';

const VERSIONS = new Map<number, string>([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
  [0xfeff, 'd1'],
  [0xfefd, 'd2'],
  [0xfefc, 'd3'],
]);

/** The spec's "no values" marker, used instead of hashing an empty string. */
const EMPTY_HASH = '000000000000';

export function sha256Hex12(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

/**
 * The two-character version: the highest non-GREASE supported_versions entry if that extension
 * is present, else legacy_version. Unknown values print "00".
 */
export function ja4Version(hello: ParsedClientHello): string {
  const offered = (findExtension(hello, 'supported_versions')?.versions ?? []).filter((v) => !isGrease(v));
  // With DTLS numbering (0xfeff > 0xfefd > 0xfefc) "highest" means the newest version, i.e. the
  // smallest number; TLS and DTLS never mix in one hello.
  const dtls = offered.length > 0 && offered.every((v) => v >= 0xfe00);
  const version = offered.length === 0 ? hello.legacyVersion : dtls ? Math.min(...offered) : Math.max(...offered);
  return VERSIONS.get(version) ?? '00';
}

const isAlphanumeric = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * The ALPN characters: first and last character of the first protocol, "00" when there is none
 * or it is empty, and the first and last hex digit of its bytes when either end byte is not
 * alphanumeric (so a binary ALPN cannot inject '_' or non-ASCII into the fingerprint).
 */
export function ja4Alpn(first: string | undefined): string {
  if (first === undefined || first.length === 0) return '00';
  const head = first.charCodeAt(0);
  const tail = first.charCodeAt(first.length - 1);
  if (isAlphanumeric(head) && isAlphanumeric(tail)) return first[0]! + first[first.length - 1]!;
  const hex = (b: number): string => b.toString(16).padStart(2, '0');
  return hex(head)[0]! + hex(tail)[1]!;
}

const count2 = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');

export function ja4(input: ClientHelloInput, options: { protocol?: Ja4Protocol } = {}): Ja4Fingerprint {
  const hello = asClientHello(input);
  const ciphers = hello.cipherSuites.filter((c) => !c.grease).map((c) => c.value);
  const extensions = hello.extensions.filter((e) => !e.grease).map((e) => e.type);
  const signatures = (findExtension(hello, 'signature_algorithms')?.algorithms ?? []).filter((s) => !isGrease(s));
  const sni = extensions.includes(ExtensionType.server_name) ? 'd' : 'i';
  const alpn = ja4Alpn(findExtension(hello, 'alpn')?.protocols[0]);
  const a = `${options.protocol ?? 't'}${ja4Version(hello)}${sni}${count2(ciphers.length)}${count2(extensions.length)}${alpn}`;

  const list = (values: number[]): string => values.map(hex4).join(',');
  const sorted = (values: number[]): number[] => [...values].sort((x, y) => x - y);
  const withSignatures = (exts: string): string => (signatures.length ? `${exts}_${list(signatures)}` : exts);

  const rawB = list(sorted(ciphers));
  const rawC = withSignatures(list(sorted(extensions.filter((t) => t !== ExtensionType.server_name && t !== ExtensionType.alpn))));
  const origB = list(ciphers);
  const origC = withSignatures(list(extensions));

  const hashB = (raw: string): string => (ciphers.length ? sha256Hex12(raw) : EMPTY_HASH);
  const hashC = (raw: string, hasExtensions: boolean): string => (hasExtensions ? sha256Hex12(raw) : EMPTY_HASH);
  const sortedHasExtensions = extensions.some((t) => t !== ExtensionType.server_name && t !== ExtensionType.alpn);

  return {
    ja4: `${a}_${hashB(rawB)}_${hashC(rawC, sortedHasExtensions)}`,
    ja4r: `${a}_${rawB}_${rawC}`,
    ja4o: `${a}_${hashB(origB)}_${hashC(origC, extensions.length > 0)}`,
    ja4ro: `${a}_${origB}_${origC}`,
  };
}
