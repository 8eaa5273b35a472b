/**
 * Layering headers: the profile's defaults, then the client's, then the request's. A browser
 * sends its fields in one fixed order, so a field given again replaces the default's value in
 * the default's place (matching names without regard to case) instead of moving to the end; a
 * new field goes after the others; a `null` removes a field.
 */
import { Headers, headerGroups, type HeadersInit } from './headers.js';

export function mergeHeaders(base: Headers, ...layers: (HeadersInit | null | undefined)[]): Headers {
  const merged = base.copy();
  for (const layer of layers) {
    if (layer == null) continue;
    for (const group of headerGroups(layer)) {
      if (group.values === null) merged.delete(group.name);
      else merged.set(group.name, group.values);
    }
  }
  return merged;
}
