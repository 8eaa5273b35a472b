// Profiles are plain data: they cross to the worker threads by structured clone, so a clone must
// be the same value and must build the same ClientHello.
import { describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/profiles/registry.js';
import { seededRandom } from '../../src/tls/random.js';
import { hex } from '../../src/tls/wire/writer.js';
import { buildProfileHello } from './hello.js';

/** Paths of anything that is not a string, finite number, boolean, null, array or plain object. */
function nonPlain(value: unknown, path = '$'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlain(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([k, v]) => nonPlain(v, `${path}.${k}`));
  }
  return [path];
}

describe.each(listProfiles().map((p) => [p.id, p] as const))('%s', (_id, profile) => {
  it('holds only plain data', () => {
    expect(nonPlain(profile)).toEqual([]);
  });

  it('survives structuredClone and JSON unchanged', () => {
    expect(structuredClone(profile)).toEqual(profile);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('builds the same ClientHello from a clone', () => {
    const choices = { serverName: 'example.com' };
    const original = buildProfileHello(profile.tls, { ...choices, random: seededRandom('clone') });
    const cloned = buildProfileHello(structuredClone(profile.tls), { ...choices, random: seededRandom('clone') });
    expect(hex(cloned)).toBe(hex(original));
  });
});
