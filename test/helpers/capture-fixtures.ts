/**
 * Real-browser captures copied into the repository (fixtures/captures, same file names as the
 * shared capture folder they come from; see its README for how they were made). Tests read them
 * from here, never from outside the repository; a missing file throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './servers.js';

export const FIXTURE_CAPTURES = join(REPO_ROOT, 'fixtures', 'captures');

/** The fixture files ending with `suffix`, sorted. */
export function fixtureCaptureFiles(suffix: string): string[] {
  return readdirSync(FIXTURE_CAPTURES)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

export function readFixtureCapture(file: string): string {
  return readFileSync(join(FIXTURE_CAPTURES, file), 'utf8');
}

/** A `.hex` fixture as bytes (whitespace ignored). */
export function fixtureHex(file: string): Uint8Array {
  return Uint8Array.from(Buffer.from(readFixtureCapture(file).replace(/\s+/g, ''), 'hex'));
}
