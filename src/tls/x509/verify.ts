/**
 * Browser-like verification of a server's certificate chain: build and validate a path from the
 * leaf to a trust anchor (path-builder.ts), then check what concerns the leaf alone.
 *
 * When several things are wrong, the reported one follows Chrome's order of severity
 * (net::MapCertStatusToNetError): trust and chain-validity problems first, then the host name,
 * then the leaf's dates — so a certificate for the wrong host that is also expired says
 * hostname_mismatch, and an expired self-signed one says self_signed.
 */
import { CertificateError } from '../../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { bytesEqual, parseCertificate, type Certificate } from './certificate.js';
import { checkCriticalExtensions, checkKeyStrength, checkLeafUsage, checkValidity, failure, type Failure } from './checks.js';
import { formatIp } from './ip.js';
import { matchesHost } from './hostname.js';
import { buildPath } from './path-builder.js';
import type { TrustStore } from './trust-store.js';

export interface VerifyChainOptions {
  /** The certificates as the server sent them, leaf first (DER). */
  chain: readonly Uint8Array[];
  roots: TrustStore;
  /** The host we connected to: a DNS name, or an IPv4 / IPv6 literal (brackets allowed). */
  host: string;
  /** Epoch milliseconds, from the injectable clock. */
  now: number;
  provider: CryptoProvider;
}

export interface VerifiedChain {
  /** The validated path: the leaf first, the trust anchor last (one element if the leaf is itself trusted). */
  path: Certificate[];
  leaf: Certificate;
  anchor: Certificate;
}

/** Returns the validated path, or throws a `CertificateError` whose `reason` names the failed check. */
export function verifyChain(options: VerifyChainOptions): VerifiedChain {
  const { chain, roots, host, now, provider } = options;
  if (chain.length === 0) throw new CertificateError('the server sent no certificate', 'no_certificate');
  const leaf = parseCertificate(chain[0]!);
  const intermediates = parseExtras(chain.slice(1), leaf, roots);

  // A certificate for another host is rejected whatever its chain; the path search then only
  // decides whether a more severe problem should be reported instead, and needs no signature
  // checks for that (a chain whose only other fault is a bad signature reports the host).
  const hostMatches = matchesHost(leaf, host);
  const result = buildPath({ leaf, intermediates, roots, now, provider, signatures: hostMatches ? 'verify' : 'skip' });
  if ('failure' in result) throw toError(result.failure);

  const leafProblem = checkCriticalExtensions(leaf) ?? checkLeafUsage(leaf) ?? checkKeyStrength(leaf);
  if (leafProblem) throw toError(leafProblem);
  if (!hostMatches) throw toError(failure('hostname_mismatch', leaf, `certificate is not valid for "${host}" (${describeSans(leaf)})`));
  const dates = checkValidity(leaf, now);
  if (dates) throw toError(dates);

  const path = result.path;
  return { path, leaf, anchor: path[path.length - 1]! };
}

/**
 * The sent certificates after the leaf. One that does not parse is dropped rather than failing
 * the chain (browsers ignore unusable extras; if it was needed, the path search says so), as are
 * copies of the leaf, duplicates, and copies of trust anchors (the anchor is used instead).
 */
function parseExtras(ders: readonly Uint8Array[], leaf: Certificate, roots: TrustStore): Certificate[] {
  const out: Certificate[] = [];
  for (const der of ders) {
    let cert: Certificate;
    try {
      cert = parseCertificate(der);
    } catch {
      continue;
    }
    if (bytesEqual(cert.raw, leaf.raw) || roots.has(cert) || out.some((c) => bytesEqual(c.raw, cert.raw))) continue;
    out.push(cert);
  }
  return out;
}

function toError(f: Failure): CertificateError {
  return new CertificateError(f.message, f.reason, f.subject);
}

function describeSans(cert: Certificate): string {
  const sans = cert.extensions.subjectAltName;
  if (!sans) return 'no subjectAltName; the commonName is not used';
  const names = sans.flatMap((n) => (n.type === 'dns' ? [`DNS:${n.value}`] : n.type === 'ip' ? [`IP:${formatIp(n.address)}`] : []));
  return names.length > 0 ? `names: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}` : 'no DNS or IP names';
}
