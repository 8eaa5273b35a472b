/**
 * Trust anchors: the certificates we accept a chain ending at. A browser treats an anchor as a
 * name and a key: its own validity and self-signature are not checked (the verifier applies
 * only its name constraints and path length), so an anchor is indexed by subject and parsed
 * when a chain reaches that name.
 */
import { CertificateError } from '../../errors.js';
import { bytesEqual, parseCertificate, type Certificate } from './certificate.js';
import { DerReader, Tag, contextTag } from './der.js';
import { parseName } from './name.js';
import { parsePem } from './pem.js';

/** Roots as accepted by `TrustStore.from`: PEM text (any number of blocks), DER bytes, or parsed. */
export type RootInput = string | Uint8Array | Certificate;

/** One root: its DER and subject key always; the parsed certificate once someone asks for it. */
interface Anchor {
  raw: Uint8Array;
  subjectKey: string;
  /** undefined: not parsed yet; null: it does not parse (skipped, as before it was dropped). */
  cert: Certificate | null | undefined;
}

export class TrustStore {
  private readonly bySubject = new Map<string, Anchor[]>();
  private readonly entries: Anchor[] = [];

  constructor(anchors: Iterable<Certificate>) {
    for (const cert of anchors) this.add({ raw: cert.raw, subjectKey: cert.subject.key, cert });
  }

  /** A store from PEM text, DER certificates or parsed ones; a root that does not parse is an error. */
  static from(roots: Iterable<RootInput> | RootInput): TrustStore {
    return new TrustStore(toCertificates(roots));
  }

  /**
   * A store of DER roots indexed by subject alone, each parsed the first time a chain reaches its
   * name: a path needs one or two of Node's ~140 roots, and parsing them all was most of a cold
   * thread's first verification. A root whose subject cannot be read is skipped, and so is one
   * that fails its full parse later.
   */
  static lazy(roots: Iterable<Uint8Array>): TrustStore {
    const store = new TrustStore([]);
    for (const raw of roots) {
      let subjectKey: string;
      try {
        subjectKey = subjectKeyOf(raw);
      } catch {
        continue;
      }
      store.add({ raw, subjectKey, cert: undefined });
    }
    return store;
  }

  /** Every anchor, parsed (those that do not parse are left out). */
  get anchors(): readonly Certificate[] {
    return this.entries.map(parsed).filter((cert): cert is Certificate => cert !== null);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Anchors whose subject is `nameKey` (a `Name.key`). */
  withSubject(nameKey: string): readonly Certificate[] {
    const same = this.bySubject.get(nameKey);
    if (same === undefined) return [];
    return same.map(parsed).filter((cert): cert is Certificate => cert !== null);
  }

  /** True when this exact certificate is an anchor. */
  has(cert: Certificate): boolean {
    return this.holds(cert.subject.key, cert.raw);
  }

  /** A new store with these roots added (this store's unparsed roots stay unparsed, and shared). */
  withExtraRoots(roots: Iterable<RootInput> | RootInput): TrustStore {
    const store = new TrustStore([]);
    for (const anchor of this.entries) store.add(anchor);
    for (const cert of toCertificates(roots)) store.add({ raw: cert.raw, subjectKey: cert.subject.key, cert });
    return store;
  }

  private holds(subjectKey: string, raw: Uint8Array): boolean {
    return (this.bySubject.get(subjectKey) ?? []).some((a) => bytesEqual(a.raw, raw));
  }

  private add(anchor: Anchor): void {
    if (this.holds(anchor.subjectKey, anchor.raw)) return;
    this.entries.push(anchor);
    const same = this.bySubject.get(anchor.subjectKey);
    if (same) same.push(anchor);
    else this.bySubject.set(anchor.subjectKey, [anchor]);
  }
}

function parsed(anchor: Anchor): Certificate | null {
  if (anchor.cert === undefined) {
    try {
      anchor.cert = parseCertificate(anchor.raw);
    } catch {
      anchor.cert = null;
    }
  }
  return anchor.cert;
}

/**
 * The subject's comparison key, read without parsing the rest: Certificate → tbsCertificate →
 * [version], serialNumber, signature, issuer, validity, then subject (RFC 5280 §4.1).
 */
function subjectKeyOf(der: Uint8Array): string {
  const outer = new DerReader(der, 'Certificate');
  const cert = new DerReader(outer.expect(Tag.SEQUENCE, 'Certificate').value, 'Certificate');
  const tbs = new DerReader(cert.expect(Tag.SEQUENCE, 'tbsCertificate').value, 'tbsCertificate');
  tbs.optional(contextTag(0, true), 'version');
  tbs.expect(Tag.INTEGER, 'serialNumber');
  tbs.expect(Tag.SEQUENCE, 'signature');
  tbs.expect(Tag.SEQUENCE, 'issuer');
  tbs.expect(Tag.SEQUENCE, 'validity');
  return parseName(tbs.expect(Tag.SEQUENCE, 'subject')).key;
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
 * Node's bundled Mozilla roots (`tls.rootCertificates`), indexed on first use and cached, each
 * parsed when first reached. A root we cannot parse is skipped rather than failing every
 * connection (none does today; a test keeps it that way).
 */
export function defaultTrustStore(): TrustStore {
  if (!defaultStore) {
    // node:tls is loaded for its root list only here: a worker that never verifies against the
    // system roots does not pay for loading Node's TLS module.
    const ders: Uint8Array[] = [];
    for (const pem of process.getBuiltinModule('node:tls').rootCertificates) {
      try {
        ders.push(...parsePem(pem));
      } catch {
        // Skipped: see above.
      }
    }
    defaultStore = TrustStore.lazy(ders);
  }
  return defaultStore;
}

/** The default roots plus `roots` (a `ca` option), or `base` plus `roots`. */
export function withExtraRoots(roots: Iterable<RootInput> | RootInput, base: TrustStore = defaultTrustStore()): TrustStore {
  return base.withExtraRoots(roots);
}
