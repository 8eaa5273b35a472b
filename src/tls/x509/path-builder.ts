/**
 * Certification path building (RFC 4158) with validation on every edge: depth-first from the
 * leaf toward a trust anchor, trying each possible issuer in order of promise and backtracking
 * when an edge is invalid (expired or non-CA intermediate, wrong EKU, SHA-1, bad signature,
 * name constraints...), so a server that sends stale or cross-signed extras still validates.
 *
 * Issuer candidates are the anchors and the sent certificates whose subject equals the child's
 * issuer (RFC 5280 §7.1 name comparison). Order: anchors first (shortest path), then an
 * AKI/SKI match before an unknown before a mismatch, then currently valid ones, then the newest.
 * A certificate whose subject and key already appear in the path is skipped (RFC 4158 §5.2).
 *
 * The work is bounded against hostile chains: at most MAX_PATH_LENGTH certificates per path,
 * MAX_SIGNATURE_CHECKS signature verifications (each edge is verified at most once) and
 * MAX_EDGES edges considered.
 *
 * When no path validates, the reported failure is chosen so it explains the best attempt:
 *  1. a check failure on an edge whose issuer leads (by names) to a trust anchor — the deepest
 *     such, first found on ties: this chain was going somewhere, and this is what broke it;
 *  2. otherwise, no path can reach an anchor, and the reason is the trust question itself, read
 *     off the deepest dead end of the issuer graph:
 *       - the leaf itself is self-issued                      → self_signed
 *       - the chain ends in another self-issued certificate    → unknown_ca (an untrusted root)
 *       - the top certificate's issuer is nowhere to be found  → missing_intermediate (the server
 *         left out an intermediate, or the issuer is a CA we do not know; without AIA fetching
 *         the two look the same, and the fix usually is the server's chain)
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { bytesEqual, type Certificate } from './certificate.js';
import {
  checkCriticalExtensions,
  checkIssuerRole,
  checkKeyStrength,
  checkSignatureAlgorithm,
  checkValidity,
  failure,
  keyFitsAlgorithm,
  type Failure,
} from './checks.js';
import { nameConstraintViolation } from './name-constraints.js';
import type { TrustStore } from './trust-store.js';

export const MAX_PATH_LENGTH = 8;
export const MAX_SIGNATURE_CHECKS = 100;
export const MAX_EDGES = 1000;

export interface PathSearch {
  leaf: Certificate;
  /** The other certificates the server sent, untrusted, in any order. */
  intermediates: readonly Certificate[];
  roots: TrustStore;
  now: number;
  provider: CryptoProvider;
  /**
   * 'skip' treats every signature as good: only for deciding which error to report on a chain
   * already known to be rejected (verify.ts), never to accept one.
   */
  signatures?: 'verify' | 'skip';
}

/** A validated path, leaf first, ending with the anchor; or why none was found. */
export type PathResult = { path: Certificate[] } | { failure: Failure };

interface Candidate {
  cert: Certificate;
  anchor: boolean;
}

interface Recorded {
  failure: Failure;
  depth: number;
  reachesAnchor: boolean;
}

export function buildPath(search: PathSearch): PathResult {
  return new PathBuilder(search).run();
}

class PathBuilder {
  private signatureChecks = 0;
  private edges = 0;
  private exhausted = false;
  private readonly signatures = new Map<Certificate, Map<Certificate, Failure | null>>();
  private readonly recorded: Recorded[] = [];
  /** Subject names from which some chain of names leads to an anchor. */
  private readonly reachable: Set<string>;

  constructor(private readonly s: PathSearch) {
    this.reachable = reachableNames(s.intermediates, s.roots);
  }

  run(): PathResult {
    const { leaf, roots } = this.s;
    // A leaf that is itself a trust anchor (a self-signed certificate added with `ca`) needs no path.
    if (roots.has(leaf)) return { path: [leaf] };
    const path = this.extend([leaf]);
    if (path) return { path };
    return { failure: this.bestFailure() };
  }

  private extend(path: Certificate[]): Certificate[] | undefined {
    const top = path[path.length - 1]!;
    for (const candidate of this.candidates(top, path)) {
      if (this.exhausted || ++this.edges > MAX_EDGES) {
        this.exhausted = true;
        return undefined;
      }
      const reachesAnchor = candidate.anchor || this.leadsToAnchor(candidate.cert.issuer.key);
      if (!candidate.anchor && path.length + 1 >= MAX_PATH_LENGTH) {
        this.record(failure('unknown_ca', top, `no path to a trust anchor within ${MAX_PATH_LENGTH} certificates`), path.length, reachesAnchor);
        continue;
      }
      const problem = this.checkEdge(path, candidate);
      if (problem) {
        this.record(problem, path.length + 1, reachesAnchor);
        continue;
      }
      if (candidate.anchor) return [...path, candidate.cert];
      const found = this.extend([...path, candidate.cert]);
      if (found) return found;
    }
    return undefined;
  }

  /** Issuers of `top` by name, minus those whose name and key are already in the path, best first. */
  private candidates(top: Certificate, path: readonly Certificate[]): Candidate[] {
    const inPath = (c: Certificate): boolean => path.some((p) => p.subject.key === c.subject.key && bytesEqual(p.spki, c.spki));
    const anchors = this.s.roots.withSubject(top.issuer.key).filter((c) => !inPath(c));
    const sent = this.s.intermediates.filter((c) => c.subject.key === top.issuer.key && !inPath(c));
    const aki = top.extensions.authorityKeyId;
    const keyIdRank = (c: Certificate): number => {
      const ski = c.extensions.subjectKeyId;
      if (!aki || !ski) return 1;
      return bytesEqual(aki, ski) ? 0 : 2;
    };
    const now = this.s.now;
    const rank = (a: Candidate, b: Candidate): number =>
      Number(b.anchor) - Number(a.anchor) ||
      keyIdRank(a.cert) - keyIdRank(b.cert) ||
      Number(!isValidAt(a.cert, now)) - Number(!isValidAt(b.cert, now)) ||
      b.cert.notBefore - a.cert.notBefore;
    return [...anchors.map((cert) => ({ cert, anchor: true })), ...sent.map((cert) => ({ cert, anchor: false }))].sort(rank);
  }

  /**
   * Everything that makes `candidate` a valid issuer for the top of `path`. An anchor is a name
   * and a key: only its path length and name constraints bind, not its dates or usages.
   * The signature comes last: every other check is cheap, so an edge that fails one of them costs
   * no public-key operation (which is also what bounds the work a hostile chain can cause).
   */
  private checkEdge(path: readonly Certificate[], candidate: Candidate): Failure | undefined {
    const child = path[path.length - 1]!;
    const issuer = candidate.cert;
    if (!candidate.anchor) {
      const own = checkCriticalExtensions(issuer) ?? checkValidity(issuer, this.s.now) ?? checkIssuerRole(issuer);
      if (own) return own;
    }
    return (
      checkPathLength(path, issuer) ??
      checkSignatureAlgorithm(child) ??
      checkKeyStrength(issuer) ??
      checkNameConstraints(path, issuer) ??
      this.checkSignature(child, issuer)
    );
  }

  private checkSignature(child: Certificate, issuer: Certificate): Failure | undefined {
    if (this.s.signatures === 'skip') return undefined;
    let byIssuer = this.signatures.get(issuer);
    const cached = byIssuer?.get(child);
    if (cached !== undefined) return cached ?? undefined;
    if (this.signatureChecks >= MAX_SIGNATURE_CHECKS) {
      this.exhausted = true;
      return failure('unknown_ca', child, `gave up building a path after ${MAX_SIGNATURE_CHECKS} signature checks`);
    }
    const result = this.verifySignature(child, issuer);
    if (!byIssuer) this.signatures.set(issuer, (byIssuer = new Map()));
    byIssuer.set(child, result ?? null);
    return result;
  }

  private verifySignature(child: Certificate, issuer: Certificate): Failure | undefined {
    const algorithm = child.signatureAlgorithm!;
    const key = issuer.publicKey;
    if (!key) return failure('unsupported_algorithm', issuer, `unsupported public key algorithm ${issuer.publicKeyAlgorithmOid}`);
    if (!keyFitsAlgorithm(key, algorithm)) {
      return failure('bad_signature', child, `a ${algorithm.kind} signature cannot come from the ${key.kind} key of ${issuer.subject.text}`);
    }
    this.signatureChecks++;
    let ok: boolean;
    try {
      ok = this.s.provider.verify(key, algorithm, child.tbsBytes, child.signature);
    } catch (error) {
      return failure('unsupported_algorithm', child, `cannot verify a ${algorithm.kind} signature: ${(error as Error).message}`);
    }
    return ok ? undefined : failure('bad_signature', child, `signature does not verify with the key of ${issuer.subject.text}`);
  }

  private leadsToAnchor(name: string): boolean {
    return this.reachable.has(name) || this.s.roots.withSubject(name).length > 0;
  }

  private record(f: Failure, depth: number, reachesAnchor: boolean): void {
    this.recorded.push({ failure: f, depth, reachesAnchor });
  }

  private bestFailure(): Failure {
    let best: Recorded | undefined;
    for (const r of this.recorded) if (r.reachesAnchor && (!best || r.depth > best.depth)) best = r;
    if (best) return best.failure;
    const authority = this.authorityFailure();
    if (authority) return authority;
    return this.recorded[0]?.failure ?? failure('unknown_ca', this.s.leaf, 'no path to a trust anchor');
  }

  /** Why no chain of names reaches an anchor: the deepest dead end of the issuer graph (see the header). */
  private authorityFailure(): Failure | undefined {
    let deepest: { top: Certificate; depth: number } | undefined;
    let steps = 0;
    const walk = (path: Certificate[]): void => {
      const top = path[path.length - 1]!;
      const next = this.candidates(top, path).filter((c) => !c.anchor);
      if (next.length === 0 || path.length >= MAX_PATH_LENGTH) {
        if (!deepest || path.length > deepest.depth) deepest = { top, depth: path.length };
        return;
      }
      for (const c of next) if (++steps <= MAX_EDGES) walk([...path, c.cert]);
    };
    walk([this.s.leaf]);
    if (!deepest) return undefined;
    const { top } = deepest;
    if (top === this.s.leaf && top.selfIssued) return failure('self_signed', top, 'self-signed certificate is not trusted');
    if (top.selfIssued) return failure('unknown_ca', top, 'the chain ends in a root that is not trusted');
    return failure('missing_intermediate', top, `issuer "${top.issuer.text}" was not sent by the server and is not a trusted root`);
  }
}

function isValidAt(cert: Certificate, now: number): boolean {
  return cert.notBefore <= now && now <= cert.notAfter;
}

/**
 * pathLenConstraint (RFC 5280 §4.2.1.9): the number of non-self-issued intermediates between
 * this CA and the leaf. Applied to anchors too, as Chrome does for constrained roots.
 */
function checkPathLength(path: readonly Certificate[], issuer: Certificate): Failure | undefined {
  const max = issuer.extensions.basicConstraints?.pathLen;
  if (max === undefined) return undefined;
  const below = path.slice(1).filter((c) => !c.selfIssued).length;
  if (below > max) return failure('path_length_exceeded', issuer, `pathLenConstraint ${max} allows ${max} intermediates below, found ${below}`);
  return undefined;
}

/**
 * The issuer's name constraints over every certificate below it: the leaf always, intermediates
 * unless self-issued (RFC 5280 §6.1.3 (b)).
 */
function checkNameConstraints(path: readonly Certificate[], issuer: Certificate): Failure | undefined {
  const nc = issuer.extensions.nameConstraints;
  if (!nc) return undefined;
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]!;
    if (i > 0 && cert.selfIssued) continue;
    const why = nameConstraintViolation(nc, cert, i === 0);
    if (why) return failure('name_constraints', cert, `${why}, under the name constraints of ${issuer.subject.text}`);
  }
  return undefined;
}

/** Subjects of sent certificates from which issuer links lead to an anchor: a fixpoint. */
function reachableNames(intermediates: readonly Certificate[], roots: TrustStore): Set<string> {
  const names = new Set<string>();
  const isAnchorName = (key: string): boolean => roots.withSubject(key).length > 0;
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of intermediates) {
      if (!names.has(c.subject.key) && (names.has(c.issuer.key) || isAnchorName(c.issuer.key))) {
        names.add(c.subject.key);
        grew = true;
      }
    }
  }
  return names;
}
