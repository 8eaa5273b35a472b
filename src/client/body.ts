/**
 * A request body from the caller's options: `json`, `data` (a form), `files` (multipart, with
 * `data` as its plain fields), or `content` (raw bytes or text, which tls_requests cannot send:
 * its issue #30). Exactly one kind per request, so an ambiguous call fails instead of silently
 * dropping one of them.
 */
import { RequestError } from '../errors.js';
import { contentBytes, encodeMultipart, makeBoundary, type BoundaryStyle, type FileValue, type MultipartPart } from './multipart.js';

export type FormValue = string | number | boolean;
export type DataInit =
  | URLSearchParams
  | Iterable<readonly [string, FormValue]>
  | Readonly<Record<string, FormValue | readonly FormValue[] | null | undefined>>;
export type FilesInit = Iterable<readonly [string, FileValue]> | Readonly<Record<string, FileValue | readonly FileValue[]>>;
export type ContentInit = Uint8Array | ArrayBuffer | string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export interface BodyOptions {
  json?: unknown;
  data?: DataInit;
  files?: FilesInit;
  content?: ContentInit;
}

export interface EncodedBody {
  content: Uint8Array | null;
  /** A ReadableStream or AsyncIterable `content`, streamed to the server as it is read (content null). */
  stream: AsyncIterable<Uint8Array> | null;
  contentType: string | null;
}

export async function encodeBody(options: BodyOptions, boundaryStyle: BoundaryStyle): Promise<EncodedBody> {
  const kinds = (['json', 'data', 'files', 'content'] as const).filter((k) => options[k] !== undefined);
  const multipart = options.files !== undefined;
  if (kinds.length > (multipart && options.data !== undefined ? 2 : 1)) {
    throw new RequestError(`give one request body, not ${kinds.join(' and ')} (data goes with files as the form's plain fields)`);
  }
  if (multipart) {
    const boundary = makeBoundary(boundaryStyle);
    const parts: MultipartPart[] = [
      ...formPairs(options.data).map(([name, value]): MultipartPart => ({ kind: 'field', name, value })),
      ...filePairs(options.files!).map(([name, value]): MultipartPart => ({ kind: 'file', name, value })),
    ];
    return { content: await encodeMultipart(parts, boundary), stream: null, contentType: `multipart/form-data; boundary=${boundary}` };
  }
  if (options.data !== undefined) {
    return { content: new TextEncoder().encode(new URLSearchParams(formPairs(options.data)).toString()), stream: null, contentType: 'application/x-www-form-urlencoded' };
  }
  if (options.json !== undefined) {
    const text = JSON.stringify(options.json);
    if (text === undefined) throw new RequestError('the json body is not serialisable to JSON');
    return { content: new TextEncoder().encode(text), stream: null, contentType: 'application/json' };
  }
  if (options.content !== undefined) {
    const stream = contentStream(options.content);
    return stream !== null ? { content: null, stream, contentType: null } : { content: await contentBytes(options.content as Uint8Array | ArrayBuffer | string | Blob), stream: null, contentType: null };
  }
  return { content: null, stream: null, contentType: null };
}

/** Form fields in order; a list value gives one field per item. */
export function formPairs(data: DataInit | undefined): [string, string][] {
  if (data === undefined) return [];
  if (data instanceof URLSearchParams) return [...data];
  if (isIterable(data)) return [...data].map(([k, v]) => [k, String(v)]);
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value == null) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key, String(v)]);
  }
  return pairs;
}

function filePairs(files: FilesInit): [string, FileValue][] {
  if (isIterable(files)) return [...files].map(([k, v]) => [k, v]);
  const pairs: [string, FileValue][] = [];
  for (const [key, value] of Object.entries(files)) {
    for (const v of Array.isArray(value) ? (value as readonly FileValue[]) : [value as FileValue]) pairs.push([key, v]);
  }
  return pairs;
}

function isIterable(value: object): value is Iterable<readonly [string, never]> {
  return typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/**
 * A ReadableStream or AsyncIterable content as the stream of bytes it is sent as (strings UTF-8),
 * or null for content that is sent buffered. A streamed body goes to the worker chunk by chunk,
 * with backpressure (src/pool/body-upload.ts), and can be sent once only.
 */
function contentStream(content: ContentInit): AsyncIterable<Uint8Array> | null {
  if (typeof content === 'string' || content instanceof Uint8Array || content instanceof ArrayBuffer || content instanceof Blob) return null;
  return toBytes(content instanceof ReadableStream ? readableToIterable(content) : content);
}

async function* toBytes(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

async function* readableToIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}
