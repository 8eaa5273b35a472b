import { RemoteProtocolError } from '../../errors.js';
import { MAX_HEADER_BLOCK_BYTES, MAX_LINE_BYTES } from './limits.js';
import type { StreamReader } from './stream-reader.js';

/** RFC 9110 §5.6.2 token characters: what a field name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** NUL and bare CR are never valid in a field value (RFC 9110 §5.5); the rest of latin1 is kept. */
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

/** Counts the bytes of one head (status line and fields) against MAX_HEADER_BLOCK_BYTES. */
export class HeadBudget {
  private used = 0;

  constructor(private readonly what: string) {}

  spend(line: string): void {
    this.used += line.length + 2;
    if (this.used > MAX_HEADER_BLOCK_BYTES) throw this.exceeded();
  }

  exceeded(): RemoteProtocolError {
    return new RemoteProtocolError(`${this.what} larger than ${MAX_HEADER_BLOCK_BYTES} bytes`, 'HEADER_TOO_LARGE');
  }

  /** Bytes the next line may still use. */
  get remaining(): number {
    return Math.max(0, MAX_HEADER_BLOCK_BYTES - this.used);
  }
}

/**
 * Reads header field lines up to the empty line that ends them (RFC 9112 §5): a response's
 * fields or a chunked body's trailers. Names keep the server's spelling, duplicates stay, in
 * order. obs-fold continuation lines are joined with a space, as §5.2 asks of a user agent, and
 * whitespace before the colon is dropped (what §5.1 asks a proxy to do with a response).
 */
export async function readHeaderFields(reader: StreamReader, budget: HeadBudget, what: string): Promise<[string, string][]> {
  const fields: [string, string][] = [];
  for (;;) {
    const line = await readFieldLine(reader, budget, what);
    if (line === null) throw new RemoteProtocolError(`connection closed in the middle of ${what}`, 'INCOMPLETE_MESSAGE');
    budget.spend(line);
    if (line === '') return fields;
    if (line[0] === ' ' || line[0] === '\t') {
      const last = fields[fields.length - 1];
      if (!last) throw new RemoteProtocolError(`${what} start with a continuation line`);
      last[1] = `${last[1]} ${checkValue(line.trim(), what)}`.trim();
      continue;
    }
    fields.push(parseFieldLine(line, what));
  }
}

/** One line, bounded by the line limit and by what is left of the head's budget. */
async function readFieldLine(reader: StreamReader, budget: HeadBudget, what: string): Promise<string | null> {
  const limit = Math.min(MAX_LINE_BYTES, budget.remaining);
  try {
    return await reader.readLine(limit, what);
  } catch (error) {
    // Cut short by the budget rather than by the line limit: the head as a whole is too large.
    if (error instanceof RemoteProtocolError && error.code === 'LINE_TOO_LONG' && limit < MAX_LINE_BYTES) throw budget.exceeded();
    throw error;
  }
}

export function parseFieldLine(line: string, what: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new RemoteProtocolError(`malformed line in ${what}: ${JSON.stringify(line.slice(0, 80))}`);
  const name = line.slice(0, colon).trimEnd();
  if (!TOKEN.test(name)) throw new RemoteProtocolError(`invalid field name in ${what}: ${JSON.stringify(name.slice(0, 80))}`);
  return [name, checkValue(line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''), what)];
}

function checkValue(value: string, what: string): string {
  if (FORBIDDEN_IN_VALUE.test(value)) throw new RemoteProtocolError(`invalid character in a field value in ${what}`);
  return value;
}

/** The values of every field named `name` (case-insensitive), split on commas into list members. */
export function listValues(fields: readonly [string, string][], name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of fields) {
    // The length first: most names differ in it, and lower-casing each one allocates.
    if (n.length !== wanted.length || n.toLowerCase() !== wanted) continue;
    for (const member of v.split(',')) {
      const trimmed = member.trim();
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}

/** Whether any field named `name` exists. */
export function hasField(fields: readonly [string, string][], name: string): boolean {
  const wanted = name.toLowerCase();
  return fields.some(([n]) => n.length === wanted.length && n.toLowerCase() === wanted);
}

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}
