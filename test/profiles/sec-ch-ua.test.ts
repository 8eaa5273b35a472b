import { describe, expect, it } from 'vitest';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { chromiumBrands, secChUa } from '../../src/profiles/sec-ch-ua.js';
import { readCapture } from '../fingerprint/captures.js';

interface H2Capture {
  h2: { headers_frames: { headers: { name: string; value: string }[] }[] };
}

describe("Chromium's GREASEd brand list (seeded by the major version)", () => {
  it('reproduces the captured headless Chromium 156 list (no product brand)', () => {
    const capture = JSON.parse(readCapture('chromium-156-1.json')) as H2Capture;
    const captured = capture.h2.headers_frames[0]!.headers.find((h) => h.name === 'sec-ch-ua')!.value;
    expect(secChUa(156)).toBe(captured);
  });

  it('reproduces what branded Chrome 131 and 133 send', () => {
    expect(secChUa(131, 'Google Chrome')).toBe('"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"');
    expect(secChUa(133, 'Google Chrome')).toBe('"Not(A:Brand";v="99", "Google Chrome";v="133", "Chromium";v="133"');
  });

  it('puts Google Chrome last for 156 (156 % 6 = 0: the identity permutation)', () => {
    expect(chromiumBrands(156, 'Google Chrome').map((b) => b.brand)).toEqual(['Not:A-Brand', 'Chromium', 'Google Chrome']);
    expect(chrome156.headers.find(([name]) => name === 'sec-ch-ua')?.[1]).toBe('"Not:A-Brand";v="8", "Chromium";v="156", "Google Chrome";v="156"');
  });
});
