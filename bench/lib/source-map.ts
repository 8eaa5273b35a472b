/**
 * Which source file a position in a built bundle came from, read off the bundle's source map
 * (`<file>.map`, as scripts/build.mjs writes them): a CPU profile of the package's bundles names
 * chunk files and lines, and the profile summary wants `src/...` paths to sort time into areas.
 * Only the source file is resolved (not the original line): the last mapping segment of the
 * generated line at or before the column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface RawMap {
  sources: string[];
  mappings: string;
}

/** A bundle's map: per generated line, its segments' start columns and source indexes. */
interface LineIndex {
  sources: string[];
  lines: { columns: number[]; sources: number[] }[];
}

const cache = new Map<string, LineIndex | null>();

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The Base64 VLQ numbers of one segment ("AAAA", "SAAS"...). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char)!;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

function load(file: string): LineIndex | null {
  if (cache.has(file)) return cache.get(file)!;
  let result: LineIndex | null = null;
  if (existsSync(`${file}.map`)) {
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as RawMap;
    // The source index is relative to the previous segment's, across lines; the column restarts per line.
    let source = 0;
    const lines = map.mappings.split(';').map((line) => {
      const entry = { columns: [] as number[], sources: [] as number[] };
      let column = 0;
      for (const segment of line.split(',')) {
        if (segment === '') continue;
        const values = decodeSegment(segment);
        column += values[0]!;
        if (values.length < 4) continue;
        source += values[1]!;
        entry.columns.push(column);
        entry.sources.push(source);
      }
      return entry;
    });
    result = { sources: map.sources, lines };
  }
  cache.set(file, result);
  return result;
}

/** The source path (as the map names it, e.g. `../../../src/pool/shard.ts`) at a 0-based line and column of a file URL, or null. */
export function sourceOf(url: string, line: number, column: number): string | null {
  if (!url.startsWith('file:')) return null;
  const map = load(fileURLToPath(url));
  const entry = map?.lines[line];
  if (map === null || entry === undefined || entry.columns.length === 0) return null;
  let at = 0;
  while (at + 1 < entry.columns.length && entry.columns[at + 1]! <= column) at++;
  return map.sources[entry.sources[at]!] ?? null;
}
