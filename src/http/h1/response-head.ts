import { RemoteProtocolError } from '../../errors.js';
import { HeadBudget, readHeaderFields } from './header-block.js';
import { MAX_LINE_BYTES } from './limits.js';
import type { StreamReader } from './stream-reader.js';

export interface ResponseHead {
  /** Minor version of HTTP/1.x: 0 or 1. */
  minorVersion: number;
  status: number;
  reason: string;
  headers: [string, string][];
}

/**
 * RFC 9112 §4: `HTTP/1.x SP 3DIGIT SP reason`. The reason may be empty, and the space before an
 * empty reason is tolerated missing, as every browser does.
 */
const MAX_BLANK_LINES = 4;

const STATUS_LINE = /^HTTP\/1\.([0-9]) ([0-9]{3})(?:[ \t](.*))?$/;

/**
 * Reads one response head: status line and fields. Null when the connection closed cleanly before
 * the first byte (a keep-alive connection the server had already given up on).
 */
export async function readResponseHead(reader: StreamReader): Promise<ResponseHead | null> {
  const budget = new HeadBudget('response head');
  let line = await reader.readLine(MAX_LINE_BYTES, 'the status line');
  // A stray CRLF after the previous body (a server that miscounts) is skipped, as browsers do.
  for (let blank = 0; line === '' && blank < MAX_BLANK_LINES; blank++) line = await reader.readLine(MAX_LINE_BYTES, 'the status line');
  if (line === null) return null;
  budget.spend(line);
  const m = STATUS_LINE.exec(line);
  if (!m) throw new RemoteProtocolError(`malformed status line: ${JSON.stringify(line.slice(0, 80))}`, 'BAD_STATUS_LINE');
  const headers = await readHeaderFields(reader, budget, 'the response head');
  return { minorVersion: Number(m[1]), status: Number(m[2]), reason: (m[3] ?? '').trim(), headers };
}
