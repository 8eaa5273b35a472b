/**
 * The parts joined into one new array, which owns its ArrayBuffer whole (so it can be
 * transferred, and no part's later reuse shows through). Always a copy, even of a single part:
 * a caller that can keep a lone part as it is checks for that itself.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
