import { fileURLToPath } from 'node:url';

/**
 * The repository's test data (captures, reference profiles, BetterTLS vectors...): the top-level
 * `fixtures/` folder, described by fixtures/README.md. Tests read only from here, so a clone with
 * nothing beside it passes its tests.
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** An absolute path under fixtures/, e.g. `fixturePath('captures', 'node-20-1.json')`. */
export function fixturePath(...parts: string[]): string {
  return fileURLToPath(new URL(parts.join('/'), new URL('../../fixtures/', import.meta.url)));
}
