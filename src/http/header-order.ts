/** Sorting a header list into a wire order, shared by the HTTP/1.1 and HTTP/2 builders. */

/**
 * The headers sorted by the position of their (case-insensitive) name in `order`; headers the
 * order does not name keep their relative order and go after the named ones. The sort is
 * stable, so repeated headers (two Cookie lines, say) keep the caller's order.
 */
export function sortByOrder(headers: readonly [string, string][], order: readonly string[]): [string, string][] {
  const rank = rankOf(order);
  const unlisted = order.length;
  return headers
    .map((header, index) => ({ header, index, rank: rank.get(header[0].toLowerCase()) ?? unlisted }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.header);
}

/** Ranks (first position) by lower-case name, worked out once per order list (profiles' lists are reused). */
const ranks = new WeakMap<readonly string[], Map<string, number>>();

export function rankOf(order: readonly string[]): Map<string, number> {
  let rank = ranks.get(order);
  if (rank === undefined) {
    rank = new Map<string, number>();
    for (let i = 0; i < order.length; i++) {
      const key = order[i]!.toLowerCase();
      if (!rank.has(key)) rank.set(key, i);
    }
    ranks.set(order, rank);
  }
  return rank;
}

/** Whether a header named `name` is in the list. */
export function hasHeader(headers: readonly [string, string][], name: string): boolean {
  const wanted = name.toLowerCase();
  return headers.some(([n]) => n.length === wanted.length && n.toLowerCase() === wanted);
}

/** The value of the first header named `name`, or undefined. */
export function headerValue(headers: readonly [string, string][], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.length === wanted.length && n.toLowerCase() === wanted)?.[1];
}

/**
 * Whether `method` carries a Content-Length even without a body: Chromium's
 * HttpNetworkTransaction sends `Content-Length: 0` for a body-less POST and PUT (servers may
 * answer 411 otherwise), and nothing for other methods.
 */
export function needsEmptyContentLength(method: string): boolean {
  return method === 'POST' || method === 'PUT';
}
