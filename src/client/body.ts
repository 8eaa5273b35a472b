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
    return { content: await encodeMultipart(parts, boundary), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  if (options.data !== undefined) {
    return { content: new TextEncoder().encode(new URLSearchParams(formPairs(options.data)).toString()), contentType: 'application/x-www-form-urlencoded' };
  }
  if (options.json !== undefined) {
    const text = JSON.stringify(options.json);
    if (text === undefined) throw new RequestError('the json body is not serialisable to JSON');
    return { content: new TextEncoder().encode(text), contentType: 'application/json' };
  }
  if (options.content !== undefined) return { content: await contentToBytes(options.content), contentType: null };
  return { content: null, contentType: null };
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
 * Raw content as bytes. Streams are read to the end first: the pool sends a buffered body, so a
 * streamed upload is buffered here for now (a streaming request body needs the pool to pull
 * chunks over the request's port, which it does not yet do).
 */
async function contentToBytes(content: ContentInit): Promise<Uint8Array> {
  if (typeof content === 'string' || content instanceof Uint8Array || content instanceof ArrayBuffer || content instanceof Blob) return contentBytes(content);
  const chunks: Uint8Array[] = [];
  const iterable: AsyncIterable<Uint8Array | string> = content instanceof ReadableStream ? readableToIterable(content) : content;
  for await (const chunk of iterable) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function* readableToIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}
