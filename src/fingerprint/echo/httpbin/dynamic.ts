/**
 * httpbin's "dynamic data" family: answers that take time or are made on the spot. /delay/{n}
 * (at most 10 s, like httpbin), /bytes/{n} and /stream-bytes/{n} (at most 100 KiB, ?seed= for
 * repeatable bytes, ?chunk_size=), /stream/{n} (at most 100 JSON lines), /drip (numbytes '*'
 * spread over duration seconds after delay, with status code), /range/{n} (Range requests
 * against the alphabet, ETag range{n}), /base64/{value}.
 */
import { HTML_TYPE, JSON_TYPE, bytesAnswer, jsonAnswer, jsonText, textAnswer } from './answers.js';
import { headerValue, sleep, type EchoAnswer, type EchoRequest } from './exchange.js';
import { queryOf, requestDict } from './request-view.js';
import { ANY_METHOD, type Route } from './route.js';
import { byteSource } from './seeded-bytes.js';

const MAX_BYTES = 100 * 1024;
const MAX_DRIP = 10 * 1024 * 1024;
const OCTETS = 'application/octet-stream';
/** Timed bytes come in pieces at least this far apart: a sleep per byte of a megabyte would take forever in timers. */
const MIN_PAUSE_MS = 10;

function numberParam(request: EchoRequest, name: string, fallback: number): number {
  const value = queryOf(request).get(name);
  const n = value === null ? fallback : Number(value);
  return Number.isFinite(n) ? n : fallback;
}

async function delayed(request: EchoRequest, seconds: string): Promise<EchoAnswer> {
  await sleep(Math.min(Number(seconds), 10) * 1000, request.signal);
  return jsonAnswer(request, requestDict(request, 'url', 'args', 'form', 'data', 'origin', 'headers', 'files'));
}

async function* chunks(total: number, chunkSize: number, make: (from: number, n: number) => Uint8Array, pausePerByteMs: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < total && !signal.aborted; at += chunkSize) {
    const n = Math.min(chunkSize, total - at);
    yield make(at, n);
    if (pausePerByteMs > 0) await sleep(pausePerByteMs * n, signal);
  }
}

function streamLines(request: EchoRequest, count: string): EchoAnswer {
  const n = Math.min(Number(count), 100);
  async function* lines(): AsyncGenerator<Uint8Array> {
    for (let id = 0; id < n && !request.signal.aborted; id++) {
      yield new TextEncoder().encode(jsonText(request, { ...requestDict(request, 'url', 'args', 'headers', 'origin'), id }));
    }
  }
  return { status: 200, headers: [['Content-Type', JSON_TYPE]], body: lines() };
}

function streamBytes(request: EchoRequest, count: string): EchoAnswer {
  const n = Math.min(Number(count), MAX_BYTES);
  const chunkSize = Math.max(1, numberParam(request, 'chunk_size', 10 * 1024));
  const source = byteSource(queryOf(request).get('seed'));
  return { status: 200, headers: [['Content-Type', OCTETS]], body: chunks(n, chunkSize, (_from, size) => source(size), 0, request.signal) };
}

async function drip(request: EchoRequest): Promise<EchoAnswer> {
  const duration = numberParam(request, 'duration', 2);
  const numbytes = Math.min(Math.trunc(numberParam(request, 'numbytes', 10)), MAX_DRIP);
  const code = Math.trunc(numberParam(request, 'code', 200));
  if (numbytes <= 0) return textAnswer(400, HTML_TYPE, 'number of bytes must be positive');
  await sleep(numberParam(request, 'delay', 0) * 1000, request.signal);
  const pausePerByte = (duration * 1000) / numbytes;
  // One byte per piece, as httpbin; several when the pause per byte is too short to time.
  const perPiece = pausePerByte >= MIN_PAUSE_MS ? 1 : Math.max(1, Math.ceil(MIN_PAUSE_MS / Math.max(pausePerByte, 0.001)));
  return {
    status: code,
    headers: [['Content-Type', OCTETS], ['Content-Length', String(numbytes)]],
    body: chunks(numbytes, perPiece, (_from, n) => new Uint8Array(n).fill(0x2a), pausePerByte, request.signal),
  };
}

/** httpbin's parse_request_range: `bytes=first-last`, `bytes=first-`, `bytes=-suffix`; anything else means the whole. */
function requestedRange(header: string | undefined, size: number): [number, number] {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  const first = m?.[1] ? Number(m[1]) : undefined;
  const last = m?.[2] ? Number(m[2]) : undefined;
  if (first === undefined && last === undefined) return [0, size - 1];
  if (first === undefined) return [Math.max(0, size - last!), size - 1];
  return [first, last ?? size - 1];
}

function range(request: EchoRequest, count: string): EchoAnswer {
  const size = Number(count);
  const base: Array<[string, string]> = [['ETag', `range${size}`], ['Accept-Ranges', 'bytes']];
  if (!(size > 0 && size <= MAX_BYTES)) return textAnswer(404, HTML_TYPE, `number of bytes must be in the range (0, ${MAX_BYTES}]`, base);
  const [first, last] = requestedRange(headerValue(request, 'range'), size);
  // httpbin refuses a last byte past the end (it does not clamp it, as RFC 9110 would).
  if (first > last || first >= size || last >= size)
    return { status: 416, headers: [['Content-Type', HTML_TYPE], ...base, ['Content-Range', `bytes */${size}`]], body: new Uint8Array(0) };
  const chunkSize = Math.max(1, numberParam(request, 'chunk_size', 10 * 1024));
  const pausePerByte = (numberParam(request, 'duration', 0) * 1000) / size;
  const alphabet = (from: number, n: number): Uint8Array => Uint8Array.from({ length: n }, (_v, i) => 97 + ((first + from + i) % 26));
  return {
    status: first === 0 && last === size - 1 ? 200 : 206,
    headers: [['Content-Type', OCTETS], ...base, ['Content-Length', String(last + 1 - first)], ['Content-Range', `bytes ${first}-${last}/${size}`]],
    body: chunks(last + 1 - first, chunkSize, alphabet, pausePerByte, request.signal),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Python's urlsafe_b64decode is strict about padding and the alphabet; so is this. */
function base64(value: string): EchoAnswer {
  try {
    if (!/^[A-Za-z0-9_=-]*$/.test(value) || value.length % 4 !== 0 || /=[^=]/.test(value)) throw new Error('not base64url');
    return textAnswer(200, HTML_TYPE, utf8.decode(Buffer.from(value, 'base64url')));
  } catch {
    return textAnswer(200, HTML_TYPE, 'Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l');
  }
}

export const dynamicRoutes: Route[] = [
  { path: /^\/delay\/(\d+(?:\.\d+)?)$/, methods: ANY_METHOD, handle: (r, [n]) => delayed(r, n!) },
  {
    path: /^\/bytes\/(\d+)$/,
    methods: ['GET'],
    handle: (r, [n]) => bytesAnswer(200, OCTETS, byteSource(queryOf(r).get('seed'))(Math.min(Number(n), MAX_BYTES))),
  },
  { path: /^\/stream\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => streamLines(r, n!) },
  { path: /^\/stream-bytes\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => streamBytes(r, n!) },
  { path: /^\/drip$/, methods: ['GET'], handle: drip },
  { path: /^\/range\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => range(r, n!) },
  { path: /^\/base64\/([^/]*)$/, methods: ['GET'], handle: (_r, [v]) => base64(v!) },
];
