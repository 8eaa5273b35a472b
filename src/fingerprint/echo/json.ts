/** What the echo server's reports are made of: plain JSON, so any client can read them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/**
 * A decoded value made JSON-safe: bytes become hex (JSON.stringify would print a Uint8Array
 * as an object of indices), `undefined` fields are dropped, everything else is kept as is.
 */
export function jsonSafe(value: unknown): JsonValue {
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return null;
}
