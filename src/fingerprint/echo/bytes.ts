import { concatBytes } from '../../bytes/concat.js';

/** Joins byte arrays into one (no copy when there is only one). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}
