/**
 * The property every network parser must hold, checked with fast-check: for any input — random
 * bytes, or a real input (capture, certificate, recorded handshake message) mutated — the parser
 * returns a value or throws one of the library's typed errors (an `HTTPError`), and never throws
 * anything else (RangeError, TypeError...), never hangs, and never allocates far beyond its input
 * (a declared length of 2^24 must not be allocated before the bytes exist).
 *
 * Each run is seeded (FUZZ_SEED, default fixed) so a failure replays; FUZZ_SCALE multiplies every
 * run count (0.1 for a quick look, 10 for a long night). Each file prints a table of what ran.
 */
import { getHeapStatistics } from 'node:v8';
import fc from 'fast-check';
import { HTTPError } from '../../src/errors.js';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x7153_2026;
export const FUZZ_SCALE = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;

/** A run count scaled by FUZZ_SCALE (at least 1). */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * FUZZ_SCALE));
}

/** External (ArrayBuffer) memory one case may add, beyond a multiple of its input. */
const EXTERNAL_BUDGET = 8 * 1024 * 1024;
/** JS heap one case may add (garbage included: the budget is loose, a 2^24-element array is not). */
const HEAP_BUDGET = 96 * 1024 * 1024;

export interface FuzzRow {
  parser: string;
  /** Cases run (fast-check's numRuns, shrinking excluded). */
  cases: number;
  /** Cases that returned a value. */
  values: number;
  /** Cases that threw a typed error, by class name (and code, where the class has one). */
  errors: Record<string, number>;
  maxMs: number;
  totalMs: number;
  /** Largest growth of external memory seen in one case, in bytes. */
  maxExternal: number;
}

const rows: FuzzRow[] = [];

export interface FuzzOptions<T> {
  numRuns: number;
  /** A case slower than this fails (default 2 s: orders of magnitude above any real message). */
  maxMs?: number;
  /** Size of the input, for the memory budget (default: 0). */
  sizeOf?: (input: T) => number;
  /**
   * Errors accepted besides HTTPError (e.g. the HTTP/2 StreamError, which the session turns into
   * RST_STREAM and a RemoteProtocolError for the caller).
   */
  alsoAccept?: (error: unknown) => boolean;
  /** External memory one case may add besides 64 bytes per input byte (default 8 MiB). */
  externalBudget?: number;
  /** Checks on a returned value (round-trips, invariants); throw to fail. */
  check?: (input: T, value: unknown) => void;
}

function errorKey(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown; alertName?: unknown; reason?: unknown }).reason ?? (error as { alertName?: unknown }).alertName ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && code ? `${error.name}(${code})` : error.name;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

/** Wraps an untyped exception so fast-check reports it (with its class) as the failure. */
class UntypedError extends Error {
  constructor(readonly original: unknown) {
    super(`parser threw an untyped exception: ${describeError(original)}`);
  }
}

function newRow(parser: string): FuzzRow {
  const row: FuzzRow = { parser, cases: 0, values: 0, errors: {}, maxMs: 0, totalMs: 0, maxExternal: 0 };
  rows.push(row);
  return row;
}

interface Measure {
  t0: number;
  external: number;
  heap: number;
}

function start(): Measure {
  const h = getHeapStatistics();
  return { t0: performance.now(), external: h.external_memory, heap: h.used_heap_size };
}

function finish<T>(row: FuzzRow | null, m: Measure, input: T, options: FuzzOptions<T>): void {
  const ms = performance.now() - m.t0;
  const h = getHeapStatistics();
  const external = h.external_memory - m.external;
  const heap = h.used_heap_size - m.heap;
  if (row) {
    row.cases++;
    row.totalMs += ms;
    row.maxMs = Math.max(row.maxMs, ms);
    row.maxExternal = Math.max(row.maxExternal, external);
  }
  const maxMs = options.maxMs ?? 2000;
  if (ms > maxMs) throw new Error(`case took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
  const size = options.sizeOf?.(input) ?? 0;
  if (external > (options.externalBudget ?? EXTERNAL_BUDGET) + 64 * size) throw new Error(`case allocated ${external} bytes of external memory for a ${size}-byte input`);
  if (heap > HEAP_BUDGET + 64 * size) throw new Error(`case grew the heap by ${heap} bytes for a ${size}-byte input`);
}

function record<T>(row: FuzzRow | null, outcome: { value: unknown } | { error: unknown }, input: T, options: FuzzOptions<T>): void {
  if ('error' in outcome) {
    const error = outcome.error;
    if (!(error instanceof HTTPError) && !options.alsoAccept?.(error)) throw new UntypedError(error);
    if (row) row.errors[errorKey(error)] = (row.errors[errorKey(error)] ?? 0) + 1;
    return;
  }
  if (row) row.values++;
  options.check?.(input, outcome.value);
}

/**
 * Checks the property for a synchronous parser. Rows count only the first pass over the cases
 * (not fast-check's shrinking after a failure).
 */
export function fuzzSync<T>(parser: string, arbitrary: fc.Arbitrary<T>, parse: (input: T) => unknown, options: FuzzOptions<T>): FuzzRow {
  const row = newRow(parser);
  let counting = true;
  fc.assert(
    fc.property(arbitrary, (input) => {
      const current = counting ? row : null;
      const m = start();
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: parse(input) };
      } catch (error) {
        outcome = { error };
      }
      try {
        finish(current, m, input, options);
        record(current, outcome, input, options);
      } catch (error) {
        counting = false;
        throw error;
      }
    }),
    { numRuns: options.numRuns, seed: FUZZ_SEED, verbose: 1 },
  );
  return row;
}

/**
 * Checks the property for an asynchronous parser (streams): each case must also settle within
 * `maxMs` (default 5 s), or it counts as a hang.
 */
export async function fuzzAsync<T>(
  parser: string,
  arbitrary: fc.Arbitrary<T>,
  parse: (input: T) => Promise<unknown>,
  options: FuzzOptions<T>,
): Promise<FuzzRow> {
  const row = newRow(parser);
  let counting = true;
  const maxMs = options.maxMs ?? 5000;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const current = counting ? row : null;
      const m = start();
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`case did not settle within ${maxMs} ms (a hang)`)), maxMs);
      });
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await Promise.race([parse(input), hang]) };
      } catch (error) {
        if (error instanceof Error && error.message.includes('(a hang)')) {
          counting = false;
          throw error;
        }
        outcome = { error };
      } finally {
        clearTimeout(timer);
      }
      try {
        finish(current, m, input, { ...options, maxMs });
        record(current, outcome, input, options);
      } catch (error) {
        counting = false;
        throw error;
      }
    }),
    { numRuns: options.numRuns, seed: FUZZ_SEED, verbose: 1 },
  );
  return row;
}

/** The rows of this file's runs, as a table (printed by each file's afterAll). */
export function summaryTable(title: string): string {
  const lines = [`fuzz summary: ${title} (seed ${FUZZ_SEED}, scale ${FUZZ_SCALE})`];
  const header = ['parser', 'cases', 'values', 'typed errors', 'max ms', 'total s', 'max ext KiB', 'top errors'];
  const body = rows.map((r) => {
    const errorTotal = Object.values(r.errors).reduce((a, b) => a + b, 0);
    const top = Object.entries(r.errors)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ');
    return [r.parser, String(r.cases), String(r.values), String(errorTotal), r.maxMs.toFixed(1), (r.totalMs / 1000).toFixed(2), (r.maxExternal / 1024).toFixed(0), top];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt));
  lines.push(`total: ${rows.reduce((a, r) => a + r.cases, 0)} cases`);
  return lines.join('\n');
}

export function fuzzRows(): readonly FuzzRow[] {
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/[^0-9a-fA-F]/g, ''), 'hex'));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Octets that sit on boundaries parsers get wrong (lengths, tags, flags, signs). */
const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xfe, 0xff, 0x0d, 0x0a, 0x20, 0x3a, 0x30, 0x16];

/** One edit of a byte string; fast-check shrinks a list of them towards the unmutated seed. */
export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'duplicate'; at: number; count: number }
  | { op: 'length'; at: number; width: 1 | 2 | 3 | 4; value: number }
  | { op: 'splice'; at: number; from: number; count: number };

const position = fc.nat({ max: 0xffff });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.nat({ max: 255 })) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 32 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }) },
  {
    weight: 3,
    // Overwrites what may be a length field with a boundary value: 0, 1, the max, off by one, 2^24.
    arbitrary: fc.record({
      op: fc.constant('length' as const),
      at: position,
      width: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
      value: fc.oneof(fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0x4001, 0xffff, 0x1_0000, 0xff_ffff, 0x100_0000, 0xffff_ffff), fc.nat()),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('splice' as const), at: position, from: position, count: fc.integer({ min: 1, max: 64 }) }) },
);

/** A copy (Buffer's own `slice` would return a view, and a mutation would then edit the seed). */
function copy(input: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(input);
}

export function applyMutation(input: Uint8Array, m: Mutation): Uint8Array {
  const n = input.length;
  const at = n === 0 ? 0 : m.at % (n + 1);
  switch (m.op) {
    case 'flip': {
      if (n === 0) return input;
      const out = copy(input);
      out[m.at % n]! ^= 1 << m.bit;
      return out;
    }
    case 'set': {
      if (n === 0) return input;
      const out = copy(input);
      out[m.at % n] = m.value;
      return out;
    }
    case 'truncate':
      return input.subarray(0, at);
    case 'insert':
      return concatBytes(input.subarray(0, at), m.bytes, input.subarray(at));
    case 'delete':
      return concatBytes(input.subarray(0, at), input.subarray(at + m.count));
    case 'duplicate':
      return concatBytes(input.subarray(0, at + m.count), input.subarray(at));
    case 'length': {
      if (n === 0) return input;
      const out = copy(input);
      const start = m.at % n;
      for (let i = 0; i < m.width && start + i < n; i++) out[start + i] = (m.value >>> (8 * (m.width - 1 - i))) & 0xff;
      return out;
    }
    case 'splice': {
      if (n === 0) return input;
      const from = m.from % n;
      return concatBytes(input.subarray(0, at), input.subarray(from, from + m.count), input.subarray(at));
    }
  }
}

/** Mutations of one of `seeds` (1 to `max` edits), or the seed itself when the list is empty. */
export function mutatedArb(seeds: readonly Uint8Array[], max = 4): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new Error('mutatedArb needs at least one seed');
  // Plain Uint8Array copies: a Buffer seed would share memory with whatever it was cut from.
  seeds = seeds.map((s) => new Uint8Array(s));
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 0, maxLength: max }))
    .map(([i, edits]) => edits.reduce<Uint8Array>((b, e) => applyMutation(b, e), seeds[i]!));
}

/** Random bytes, mostly short, sometimes up to `maxLength`. */
export function randomBytesArb(maxLength = 512): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength }) });
}

/** Either random bytes or a mutated seed (mutations weigh more: they reach deeper). */
export function bytesArb(seeds: readonly Uint8Array[], options: { randomWeight?: number; mutatedWeight?: number; maxLength?: number; maxEdits?: number } = {}): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: options.randomWeight ?? 1, arbitrary: randomBytesArb(options.maxLength) },
    { weight: options.mutatedWeight ?? 4, arbitrary: mutatedArb(seeds, options.maxEdits) },
  );
}

/** Cuts `bytes` into chunks at the given positions (for stream parsers: data arrives cut anywhere). */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  if (bytes.length === 0) return [];
  const points = [...new Set(cuts.map((c) => c % bytes.length))].filter((c) => c > 0).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

export const cutsArb = fc.array(fc.nat({ max: 1 << 20 }), { maxLength: 6 });
