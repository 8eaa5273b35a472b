/**
 * GREASE (RFC 8701): reserved values a client sprinkles into cipher suites, extensions, groups,
 * signature algorithms, versions and key shares so that servers keep tolerating unknown values.
 * Fingerprints drop them because a client picks them at random per connection.
 */

/**
 * The 16 reserved 16-bit values 0x0a0a, 0x1a1a, ... 0xfafa. Only values whose two bytes are equal
 * count: 0x1a2a also matches the loose "?a?a" mask but is an ordinary (unassigned) code point,
 * and tshark's JA3 and FoxIO's JA4 both use exactly this list.
 */
export const GREASE_VALUES: readonly number[] = Array.from({ length: 16 }, (_, i) => (i << 12) | 0x0a00 | (i << 4) | 0x0a);

/** True for a 16-bit GREASE value (0x?a?a with both bytes equal). */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >>> 8 === (value & 0xff) && value <= 0xffff;
}

/** The GREASE value a random byte picks: its high nibble, twice, over 0x0a0a (a draw per slot). */
export function greaseValue(seedByte: number): number {
  const v = (seedByte & 0xf0) | 0x0a;
  return (v << 8) | v;
}

/** The 8 reserved psk_key_exchange_modes values (RFC 8701 §2: 0x0b, 0x2a, ... 0xe4). */
export function isGreasePskMode(value: number): boolean {
  return value >= 0x0b && value <= 0xe4 && (value - 0x0b) % 0x1f === 0;
}
