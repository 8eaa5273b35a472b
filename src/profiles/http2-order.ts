/**
 * The order of a profile's HTTP/2 regular header fields: pure reading of the profile's data, so
 * the caller's thread (which picks the order per request kind) and the HTTP layer share it.
 */
import type { Profile } from './types.js';

const orders = new WeakMap<Profile, string[]>();

/**
 * The profile's default headers in order, with each placed header (cookie, content-type...)
 * inserted right after its `after`. Placing every placed header, present or not, gives the right
 * relative order for any subset: an absent `after` then simply drops out, which is the
 * "placement of `after` itself applies" rule.
 */
export function http2Order(profile: Profile): string[] {
  const cached = orders.get(profile);
  if (cached) return cached;
  const order = profile.headers.map(([n]) => n.toLowerCase());
  const placements = Object.entries(profile.headerPlacement);
  const place = (name: string, depth: number): void => {
    if (order.includes(name)) return;
    const after = profile.headerPlacement[name as keyof Profile['headerPlacement']]?.after ?? '';
    if (after && !order.includes(after) && depth < placements.length) place(after, depth + 1);
    const at = after ? order.indexOf(after) + 1 : leadingPlaced(order, profile);
    order.splice(at, 0, name);
  };
  for (const [name] of placements) place(name, 0);
  orders.set(profile, order);
  return order;
}

/** Where a header placed "before every default" goes: after those already placed there. */
function leadingPlaced(order: string[], profile: Profile): number {
  const defaults = new Set(profile.headers.map(([n]) => n.toLowerCase()));
  let i = 0;
  while (i < order.length && !defaults.has(order[i]!)) i++;
  return i;
}
