/**
 * Trust anchors: the certificates we accept a chain ending at. A browser treats an anchor as a
 * name and a key: its own validity and self-signature are not checked (the verifier applies
 * only its name constraints and path length), so an anchor is stored parsed, indexed by subject.
 */
import { CertificateError } from '../../errors.js';
import { bytesEqual, parseCertificate, type Certificate } from './certificate.js';
import { parsePem } from './pem.js';

/** Roots as accepted by `TrustStore.from`: PEM text (any number of blocks), DER bytes, or parsed. */
export type RootInput = string | Uint8Array | Certificate;

export class TrustStore {
  private readonly bySubject = new Map<string, Certificate[]>();
  readonly anchors: readonly Certificate[];

  constructor(anchors: Iterable<Certificate>) {
    const list: Certificate[] = [];
    for (const cert of anchors) {
      if (this.has(cert)) continue;
      list.push(cert);
      const same = this.bySubject.get(cert.subject.key);
      if (same) same.push(cert);
      else this.bySubject.set(cert.subject.key, [cert]);
    }
    this.anchors = list;
  }

  /** A store from PEM text, DER certificates or parsed ones; a root that does not parse is an error. */
  static from(roots: Iterable<RootInput> | RootInput): TrustStore {
    return new TrustStore(toCertificates(roots));
  }

  get size(): number {
    return this.anchors.length;
  }

  /** Anchors whose subject is `nameKey` (a `Name.key`). */
  withSubject(nameKey: string): readonly Certificate[] {
    return this.bySubject.get(nameKey) ?? [];
  }

  /** True when this exact certificate is an anchor. */
  has(cert: Certificate): boolean {
    return (this.bySubject.get(cert.subject.key) ?? []).some((a) => bytesEqual(a.raw, cert.raw));
  }

  /** A new store with these roots added. */
  withExtraRoots(roots: Iterable<RootInput> | RootInput): TrustStore {
    return new TrustStore([...this.anchors, ...toCertificates(roots)]);
  }
}

function toCertificates(roots: Iterable<RootInput> | RootInput): Certificate[] {
  const items: RootInput[] = typeof roots === 'string' || roots instanceof Uint8Array || isCertificate(roots) ? [roots] : [...roots];
  const out: Certificate[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const ders = parsePem(item);
      if (ders.length === 0) throw new CertificateError('no "BEGIN CERTIFICATE" block in the given roots', 'malformed');
      out.push(...ders.map(parseCertificate));
    } else if (item instanceof Uint8Array) {
      out.push(parseCertificate(item));
    } else {
      out.push(item);
    }
  }
  return out;
}

function isCertificate(x: Iterable<RootInput> | RootInput): x is Certificate {
  return typeof x === 'object' && 'tbsBytes' in x;
}

let defaultStore: TrustStore | undefined;

/**
 * Node's bundled Mozilla roots (`tls.rootCertificates`), parsed on first use and cached. A root
 * we cannot parse is skipped rather than failing every connection (none does today; a test
 * keeps it that way).
 */
export function defaultTrustStore(): TrustStore {
  if (!defaultStore) {
    const certs: Certificate[] = [];
    // node:tls is loaded for its root list only here: a worker that never verifies against the
    // system roots (a client with its own `ca`) does not pay for loading Node's TLS module.
    for (const pem of process.getBuiltinModule('node:tls').rootCertificates) {
      try {
        certs.push(...parsePem(pem).map(parseCertificate));
      } catch {
        // Skipped: see above.
      }
    }
    defaultStore = new TrustStore(certs);
  }
  return defaultStore;
}

/** The default roots plus `roots` (a `ca` option), or `base` plus `roots`. */
export function withExtraRoots(roots: Iterable<RootInput> | RootInput, base: TrustStore = defaultTrustStore()): TrustStore {
  return base.withExtraRoots(roots);
}
