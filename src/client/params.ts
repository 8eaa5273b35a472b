/**
 * Query parameters: the client's, then the request's (a key given again replaces all the
 * client's values for it, as tls_requests' URLParams.update does), encoded as a form would be.
 */

export type ParamValue = string | number | boolean | bigint;

export type ParamsInit =
  | URLSearchParams
  | string
  | Iterable<readonly [string, ParamValue]>
  | Readonly<Record<string, ParamValue | readonly ParamValue[] | null | undefined>>;

/** Ordered key/value pairs; null and undefined values are dropped. */
export function paramPairs(init: ParamsInit | null | undefined): [string, string][] {
  if (init == null) return [];
  if (typeof init === 'string') return [...new URLSearchParams(init)];
  if (init instanceof URLSearchParams) return [...init];
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(init as Iterable<readonly [string, ParamValue]>)].map(([k, v]) => [k, String(v)]);
  }
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(init as Record<string, ParamValue | readonly ParamValue[] | null | undefined>)) {
    if (value == null) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key, String(v)]);
  }
  return pairs;
}

export function mergeParams(...layers: (ParamsInit | null | undefined)[]): [string, string][] {
  let merged: [string, string][] = [];
  for (const layer of layers) {
    const pairs = paramPairs(layer);
    const replaced = new Set(pairs.map(([k]) => k));
    merged = [...merged.filter(([k]) => !replaced.has(k)), ...pairs];
  }
  return merged;
}
