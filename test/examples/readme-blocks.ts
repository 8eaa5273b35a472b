/**
 * The TypeScript code blocks of README.md. A block whose fence says ```ts runnable is a program
 * the tests execute; every ```ts block is type-checked. Blocks import from 'tls-requests', which
 * the tests point at the source (src/index.ts), as the published package points at dist/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/servers.js';

export interface CodeBlock {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  runnable: boolean;
  code: string;
}

export const README = join(REPO_ROOT, 'README.md');

export function readmeBlocks(text = readFileSync(README, 'utf8')): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+runnable)?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, runnable: open[2] !== undefined, code: `${body.join('\n')}\n` });
  }
  return blocks;
}

/** The block with its 'tls-requests' imports (and subpaths: 'tls-requests/crawlee') pointed at the source tree. */
export function againstSource(code: string): string {
  return code.replace(/from 'tls-requests(?:\/([a-z-]+))?'/g, (_match, subpath: string | undefined) => `from '${join(REPO_ROOT, 'src', subpath ?? '', 'index.ts')}'`);
}
