/**
 * The dependency direction between the top-level parts of src/ (DESIGN.md: client → pool → http →
 * tls, with profiles, errors and the shared vocabulary below them; fingerprint and cli beside).
 * A new import against that direction fails here. An exception, if one is ever needed, is listed
 * one by one below with its reason; an entry no longer needed fails too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/servers.js';

const SRC = join(REPO_ROOT, 'src');

/** Which parts each part may import (values and types alike). Parts not named import nothing of ours. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  // ByteQueue: code over bytes alone, importing nothing, for any part (vocabulary keeps importing nothing).
  bytes: [],
  // The ClientHello, HPACK and cipher-suite vocabulary profiles describe and the engine speaks.
  vocabulary: [],
  // The request/response contract (src/wire/messages.ts): it names the profile it carries.
  wire: ['bytes', 'errors', 'profiles'],
  compression: ['bytes', 'errors'],
  tls: ['bytes', 'errors', 'vocabulary', 'compression'],
  profiles: ['bytes', 'errors', 'vocabulary'],
  // RFC 6455 framing, permessage-deflate and the close handshake: pure code over bytes (issue 19).
  websocket: ['bytes', 'errors', 'profiles'],
  http: ['bytes', 'errors', 'vocabulary', 'compression', 'tls', 'profiles', 'wire', 'websocket'],
  pool: ['bytes', 'errors', 'profiles', 'wire', 'http'],
  client: ['bytes', 'errors', 'profiles', 'wire', 'pool'],
  // The echo server answers WebSocket openings with the same handshake rules (websocket/handshake.ts).
  fingerprint: ['bytes', 'errors', 'vocabulary', 'tls', 'http', 'websocket', 'profiles'],
  crawlee: ['bytes', 'errors', 'client', 'profiles'],
  cli: ['bytes', 'errors', 'vocabulary', 'client', 'fingerprint', 'profiles', 'tls', 'pool'],
  index: ['bytes', 'errors', 'client', 'pool', 'profiles', 'fingerprint'],
};

/**
 * Imports against the direction, as `part -> part: file` (or `part -> part: *`). None today: the
 * message types live in src/wire and the profile vocabulary in src/vocabulary (issue 15).
 */
const KNOWN_EXCEPTIONS = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function partOf(path: string): string {
  const [first, ...rest] = relative(SRC, path).split(sep);
  return rest.length === 0 ? first!.replace(/\.(ts|js)$/, '') : first!;
}

/** Every import of another part: `from part -> to part: file`. */
function crossImports(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
      const target = normalize(join(dirname(file), match[1] ?? match[2]!));
      const from = partOf(file);
      const to = partOf(target);
      if (from !== to) found.push({ from, to, file: relative(SRC, file).split(sep).join('/') });
    }
  }
  return found;
}

describe('import direction between the parts of src/', () => {
  const imports = crossImports();

  it('finds the imports it checks (the scan works)', () => {
    expect(imports.some((i) => i.from === 'pool' && i.to === 'http')).toBe(true);
    expect(imports.some((i) => i.from === 'client' && i.to === 'pool')).toBe(true);
  });

  it('every import goes the allowed way, or is a listed exception', () => {
    const violations = imports
      .filter((i) => !(ALLOWED[i.from] ?? []).includes(i.to))
      .map((i) => `${i.from} -> ${i.to}: ${i.file}`)
      .filter((line) => !KNOWN_EXCEPTIONS.has(line) && !KNOWN_EXCEPTIONS.has(line.replace(/: .*$/, ': *')));
    expect([...new Set(violations)]).toEqual([]);
  });

  it('no listed exception is stale', () => {
    const present = new Set(imports.flatMap((i) => [`${i.from} -> ${i.to}: ${i.file}`, `${i.from} -> ${i.to}: *`]));
    expect([...KNOWN_EXCEPTIONS].filter((entry) => !present.has(entry))).toEqual([]);
  });

  it('the caller-side parts (client, pool) never import the TLS engine', () => {
    expect(imports.filter((i) => (i.from === 'client' || i.from === 'pool') && i.to === 'tls')).toEqual([]);
  });
});
