import { REQUEST_KINDS, kindHeaders } from '../../profiles/behavior.js';
import type { Profile } from '../../profiles/types.js';
import { needsEmptyContentLength, rankOf } from '../header-order.js';

export interface H1HeaderInput {
  method: string;
  /** Headers in the caller's order, profile defaults merged in (RequestMessage.headers). */
  headers: readonly [string, string][];
  profile: Profile;
  /** Names (lower case) overriding the profile's order (RequestMessage.headerOrder). */
  headerOrder: readonly string[] | null;
  /** The Host value: `host[:port]`, the port only when not the scheme's default. */
  authority: string;
  /** A buffered body, a streamed one (sent chunked unless the caller gave its length), or none. */
  body: Uint8Array | AsyncIterable<Uint8Array> | null;
  /** Headers for the hop rather than the origin (Proxy-Authorization to an HTTP proxy). */
  hopHeaders?: readonly [string, string][];
}

/**
 * The header list of an HTTP/1.1 request as a browser writes it: Host first; the profile's
 * HTTP/1.1-only headers (`Connection: keep-alive`) added and its HTTP/2-only defaults (Chrome's
 * `priority`) dropped; Content-Length for a body; then everything sorted into the profile's
 * `http1.headerOrder` (or the request's `headerOrder`) and spelled as that list spells it
 * (`User-Agent`, but `sec-ch-ua`, as Chrome does). Names the profile does not know keep the
 * caller's spelling and go last, in the caller's order.
 */
export function http1Headers(input: H1HeaderInput): [string, string][] {
  const { profile } = input;
  const policy = policyOf(profile);
  // Each name is lower-cased once: this runs for every request, and a browser's header list is
  // a dozen entries checked against several names.
  const given: Entry[] = [];
  const present = new Set<string>();
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    // A default the profile leaves out of HTTP/1.1 is dropped only with its default value: a
    // caller who set that header on purpose still gets it sent. The defaults of every request
    // kind count (Chrome's fetch() `priority: u=1, i` is HTTP/2-only too).
    if (policy.omit.has(lower) && policy.defaults.get(lower)?.has(value)) continue;
    given.push({ name, value, lower });
    present.add(lower);
  }
  const added: Entry[] = [];
  if (!present.has('host')) added.push({ name: 'Host', value: input.authority, lower: 'host' });
  for (const [name, value] of profile.http1.extraHeaders) {
    const lower = name.toLowerCase();
    if (!present.has(lower)) added.push({ name, value, lower });
  }
  if (!present.has('content-length') && !present.has('transfer-encoding')) {
    if (input.body instanceof Uint8Array) added.push({ name: 'Content-Length', value: String(input.body.length), lower: 'content-length' });
    // A stream of unknown length goes chunked, as a browser's fetch upload over HTTP/1.1 would.
    else if (input.body !== null) added.push({ name: 'Transfer-Encoding', value: 'chunked', lower: 'transfer-encoding' });
    else if (needsEmptyContentLength(input.method)) added.push({ name: 'Content-Length', value: '0', lower: 'content-length' });
  }
  const hop = (input.hopHeaders ?? []).map(([name, value]) => ({ name, value, lower: name.toLowerCase() }));
  const entries = [...added, ...given, ...hop];

  const order = input.headerOrder === null ? policy.order : ['host', ...input.headerOrder];
  const rank = rankOf(order);
  const unlisted = order.length;
  // Stable: repeated headers (two Cookie lines, say) keep the caller's order.
  const ranked = entries.map((entry, index) => ({ entry, index, rank: rank.get(entry.lower) ?? unlisted }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.map(({ entry }) => [policy.spelling.get(entry.lower) ?? entry.name, entry.value]);
}

interface Entry {
  name: string;
  value: string;
  lower: string;
}

/** What http1Headers needs of a profile, worked out once per profile object. */
interface H1Policy {
  /** Default values by name, of every request kind (src/profiles/behavior.ts kindHeaders). */
  defaults: Map<string, Set<string>>;
  omit: Set<string>;
  order: readonly string[];
  spelling: Map<string, string>;
}

const policies = new WeakMap<Profile, H1Policy>();

function policyOf(profile: Profile): H1Policy {
  let policy = policies.get(profile);
  if (policy === undefined) {
    const spelling = new Map<string, string>();
    for (const name of [...profile.http1.headerOrder, ...profile.http1.extraHeaders.map(([n]) => n)]) spelling.set(name.toLowerCase(), name);
    const defaults = new Map<string, Set<string>>();
    for (const kind of REQUEST_KINDS) {
      for (const [n, v] of kindHeaders(profile, kind)) {
        const name = n.toLowerCase();
        if (!defaults.has(name)) defaults.set(name, new Set());
        defaults.get(name)!.add(v);
      }
    }
    policy = {
      defaults,
      omit: new Set(profile.http1.omitHeaders.map((n) => n.toLowerCase())),
      order: ['host', ...profile.http1.headerOrder],
      spelling,
    };
    policies.set(profile, policy);
  }
  return policy;
}

