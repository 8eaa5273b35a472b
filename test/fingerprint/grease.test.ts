import { describe, expect, it } from 'vitest';
import { GREASE_VALUES, isGrease, isGreasePskMode } from '../../src/vocabulary/grease.js';

describe('GREASE (RFC 8701)', () => {
  it('lists the 16 reserved values and recognises exactly those', () => {
    expect(GREASE_VALUES).toEqual([
      0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa,
    ]);
    const all = Array.from({ length: 0x10000 }, (_, v) => v).filter(isGrease);
    expect(all).toEqual(GREASE_VALUES);
    // Matches the loose ?a?a mask but is not GREASE: the two bytes differ.
    expect(isGrease(0x1a2a)).toBe(false);
    expect(isGrease(0x11ec)).toBe(false);
  });

  it('recognises the psk_key_exchange_modes GREASE values', () => {
    const modes = Array.from({ length: 256 }, (_, v) => v).filter(isGreasePskMode);
    expect(modes).toEqual([0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4]);
  });
});
