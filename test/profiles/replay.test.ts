// Replay: fed a capture's per-connection choices (GREASE values, extension order, ECH GREASE
// parameters), the profile builds the captured ClientHello byte for byte, apart from what is
// random by nature (client random, session id, key-share keys, ECH enc and payload). Every
// Chromium and Firefox `*.clienthello.hex` in fixtures/captures is found by listing the folder; a
// missing folder fails here.
import { describe, expect, it } from 'vitest';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { hex } from '../../src/tls/wire/writer.js';
import { systemRandom } from '../../src/tls/random.js';
import { buildProfileHello } from './hello.js';
import { browserCaptures, masked, randomSpans, replayChoices } from './replay.js';

const captures = browserCaptures();
const random = (n: number): Uint8Array => systemRandom.bytes(n);

describe('capture replay', () => {
  it('finds the Chromium and Firefox captures, the second connections too', () => {
    const labels = captures.map((c) => c.label);
    expect(labels.filter((l) => l.startsWith('chromium-')).length).toBeGreaterThanOrEqual(6);
    expect(labels.filter((l) => l.startsWith('firefox-')).length).toBeGreaterThanOrEqual(3);
    expect(labels.some((l) => l.endsWith('.c2'))).toBe(true);
  });

  describe.each(captures.map((c) => [c.label, c] as const))('%s', (_label, capture) => {
    const spec = capture.profile.tls;
    const captured = parseClientHello(capture.hello);

    it('equals the capture outside the random spans, lengths included', () => {
      const ours = buildProfileHello(spec, replayChoices(spec, captured, random));
      expect(ours.length).toBe(capture.hello.length);
      const spans = randomSpans(capture.hello);
      expect(randomSpans(ours)).toEqual(spans);
      expect(hex(masked(ours, spans))).toBe(hex(masked(capture.hello, spans)));
    });

    it('equals the capture exactly, record included, with its random bytes and keys injected', () => {
      const choices = replayChoices(spec, captured, random);
      const ech = findExtension(captured, 'encrypted_client_hello');
      if (ech?.echType === 'outer' && choices.ech) {
        const at = ech.data;
        choices.ech = { ...choices.ech, enc: at.slice(8, 8 + ech.encLength), payload: at.slice(10 + ech.encLength) };
      }
      const keys = new Map((findExtension(captured, 'key_share')?.shares ?? []).filter((s) => !s.grease).map((s) => [s.group, s.key.slice()] as const));
      const ours = buildProfileHello(spec, { ...choices, clientRandom: captured.random.slice(), sessionId: captured.sessionId.slice(), publicKeys: keys });
      expect(hex(ours)).toBe(hex(capture.hello));
      const header = Uint8Array.of(0x16, spec.recordVersion >> 8, spec.recordVersion & 0xff, ours.length >> 8, ours.length & 0xff);
      expect(hex(header) + hex(ours)).toBe(hex(capture.record));
    });

    it('uses ECH GREASE parameters the profile can draw', () => {
      const ech = findExtension(captured, 'encrypted_client_hello');
      const specEch = spec.extensions.find((e) => e.type === 'ech_grease');
      expect(ech?.echType).toBe('outer');
      expect(specEch?.type).toBe('ech_grease');
      if (ech?.echType !== 'outer' || specEch?.type !== 'ech_grease') return;
      expect(ech.kdf).toBe(specEch.kdf);
      expect(specEch.aeads).toContain(ech.aead);
      expect(specEch.payloadLengths).toContain(ech.payloadLength);
      expect(ech.encLength).toBe(specEch.encLength);
    });
  });
});
