/**
 * Crawlee's request fields in our client's terms: method, headers, body, timeout.
 */
import type { ContentInit } from '../client/body.js';
import type { HttpRequest, SimpleHeaders } from './crawlee-types.js';

type CrawleeBody = NonNullable<HttpRequest['body']>;

export function methodOf(request: HttpRequest): string {
  return (request.method ?? 'GET').toUpperCase();
}

/** A copy Crawlee's redirect handler may mutate, and that we edit per hop. */
export function copyHeaders(headers: SimpleHeaders | undefined): SimpleHeaders {
  return { ...(headers ?? {}) };
}

/** Deletes a field in any spelling (Crawlee writes `Cookie`, got-style code writes `cookie`). */
export function deleteHeader(headers: SimpleHeaders, name: string): void {
  const key = name.toLowerCase();
  for (const field of Object.keys(headers)) if (field.toLowerCase() === key) delete headers[field];
}

export function hasHeader(headers: SimpleHeaders, name: string): boolean {
  const key = name.toLowerCase();
  return Object.entries(headers).some(([field, value]) => field.toLowerCase() === key && value !== undefined);
}

/**
 * Crawlee's `timeout` is got's: one overall `request` deadline, or per-phase ones. The overall
 * one becomes a deadline signal over all the hops; the per-phase ones have no match here, so the
 * largest bounds each hop (never shorter than the caller allowed).
 */
export function timeoutOf(request: HttpRequest): { perHop: number | undefined; overall: number | undefined } {
  const timeout = request.timeout;
  if (timeout === undefined) return { perHop: undefined, overall: undefined };
  if ('request' in timeout && typeof timeout.request === 'number') return { perHop: timeout.request, overall: timeout.request };
  const phases = Object.values(timeout).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return { perHop: phases.length > 0 ? Math.max(...phases) : undefined, overall: undefined };
}

interface FormDataEntries {
  entries(): Iterable<[string, unknown]> | IterableIterator<[string, unknown]>;
}

function isFormDataLike(body: CrawleeBody): body is CrawleeBody & FormDataEntries {
  return typeof body === 'object' && body !== null && typeof (body as { append?: unknown }).append === 'function' && typeof (body as { entries?: unknown }).entries === 'function';
}

/** A synchronous generator's items, offered as the async iterable our client streams. */
async function* fromSync(generator: Generator): AsyncGenerator<Uint8Array | string> {
  for (const chunk of generator) yield toChunk(chunk);
}

async function* fromAsync(iterable: AsyncIterable<unknown>): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of iterable) yield toChunk(chunk);
}

function toChunk(chunk: unknown): Uint8Array | string {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk;
  throw new TypeError(`tls-requests/crawlee: a body chunk must be a string or bytes, not ${typeof chunk}`);
}

export interface MappedBody {
  content?: ContentInit;
  /** Set for a form: the encoder chose the boundary. */
  contentType?: string;
}

/**
 * Strings and Buffers go as they are; Readables and generators are streamed; a FormData is
 * encoded by the platform's own encoder (so its files keep their names and types).
 */
export async function bodyOf(body: HttpRequest['body']): Promise<MappedBody> {
  if (body === undefined) return {};
  if (typeof body === 'string' || body instanceof Uint8Array) return { content: body };
  if (isFormDataLike(body)) {
    const form = body instanceof FormData ? body : toFormData(body);
    const encoded = new Response(form);
    const contentType = encoded.headers.get('content-type');
    return { content: new Uint8Array(await encoded.arrayBuffer()), ...(contentType ? { contentType } : {}) };
  }
  if (Symbol.asyncIterator in body) return { content: fromAsync(body as AsyncIterable<unknown>) };
  if (Symbol.iterator in body) return { content: fromSync(body as Generator) };
  throw new TypeError('tls-requests/crawlee: unsupported request body');
}

/** A spec-shaped form from another library: its entries copied into the platform's FormData. */
function toFormData(form: FormDataEntries): FormData {
  const copy = new FormData();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') copy.append(name, value);
    else if (value instanceof Blob) copy.append(name, value, (value as Blob & { name?: string }).name);
    else throw new TypeError(`tls-requests/crawlee: form field ${name} is neither a string nor a Blob`);
  }
  return copy;
}
