/**
 * The headline fingerprints published in the captures' README (its "Headline fingerprints"
 * table), read from the file so that the tests check against exactly what is published.
 */
import { readCapture } from '../fingerprint/captures.js';

export interface Published {
  ja4: string;
  /** Null for a client that spoke HTTP/1.1 ("n/a"). */
  akamai: string | null;
}

export function publishedFingerprints(client: string): Published {
  const row = readCapture('README.md')
    .split('\n')
    .find((line) => line.startsWith(`| ${client} |`));
  if (!row) throw new Error(`no row for ${client} in the captures README's headline table`);
  // Cells are split on '|' not escaped as '\|' (the Akamai strings contain escaped ones).
  const cells = row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
  const code = (cell: string): string => /`([^`]*)`/.exec(cell)?.[1] ?? cell;
  const akamai = code(cells[3]!);
  return { ja4: code(cells[1]!), akamai: akamai.startsWith('n/a') ? null : akamai };
}
