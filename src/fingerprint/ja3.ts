import { createHash } from 'node:crypto';
import { asClientHello, findExtension, type ClientHelloInput, type ParsedClientHello } from './clienthello.js';
import { isGrease } from '../vocabulary/grease.js';

/**
 * JA3 (Salesforce): "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats",
 * decimal values joined by '-', GREASE dropped from every list, then MD5. The version is the
 * handshake's legacy_version (771 for every TLS 1.2/1.3 client), not supported_versions.
 *
 * JA3n ("normalized") is the same with the extension list sorted numerically: Chrome permutes its
 * extensions on every connection since v110, which makes plain JA3 useless for it. This is the
 * definition browserleaks and tls.peet.ws publish (only the extension field is sorted).
 */

export interface Ja3Fingerprint {
  ja3: string;
  ja3Hash: string;
  ja3n: string;
  ja3nHash: string;
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The JA3 string; `sortExtensions` gives the JA3n string. */
export function ja3String(input: ClientHelloInput, options: { sortExtensions?: boolean } = {}): string {
  const hello = asClientHello(input);
  const extensions = hello.extensions.filter((e) => !e.grease).map((e) => e.type);
  if (options.sortExtensions) extensions.sort((a, b) => a - b);
  return [
    String(hello.legacyVersion),
    hello.cipherSuites.filter((c) => !c.grease).map((c) => c.value).join('-'),
    extensions.join('-'),
    groups(hello).join('-'),
    (findExtension(hello, 'ec_point_formats')?.formats ?? []).join('-'),
  ].join(',');
}

function groups(hello: ParsedClientHello): number[] {
  return (findExtension(hello, 'supported_groups')?.groups ?? []).filter((g) => !isGrease(g));
}

export function ja3(input: ClientHelloInput): Ja3Fingerprint {
  const hello = asClientHello(input);
  const full = ja3String(hello);
  const normalized = ja3String(hello, { sortExtensions: true });
  return { ja3: full, ja3Hash: md5Hex(full), ja3n: normalized, ja3nHash: md5Hex(normalized) };
}
