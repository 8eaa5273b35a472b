/**
 * httpbin's view of a request body: `data` (the raw body as text, or a data: URL when it is not
 * UTF-8), `form` and `files` (urlencoded and multipart bodies, whose `data` is then empty, as
 * Flask consumes them), and `json` (the body parsed as JSON whatever its type, else null).
 */
import type { JsonValue } from '../json.js';
import { multipartBoundary, parseMultipart } from './multipart.js';

export type Flattened = Record<string, string | string[]>;

export interface BodyView {
  data: string;
  form: Flattened;
  files: Record<string, string>;
  json: JsonValue;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** httpbin's json_safe: text if the bytes are UTF-8, else a base64 data: URL of the given type. */
export function textOrDataUrl(bytes: Uint8Array, contentType = 'application/octet-stream'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return `data:${contentType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')}`;
  }
}

/** httpbin's semiflatten: a key seen once maps to its value, a repeated key to the list of values. */
export function semiflatten(pairs: Iterable<readonly [string, string]>): Flattened {
  const out: Flattened = {};
  for (const [key, value] of pairs) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

export function bodyView(body: Uint8Array, contentType: string | undefined): BodyView {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { data: '', form: semiflatten(new URLSearchParams(Buffer.from(body).toString('utf8'))), files: {}, json: null };
  }
  const boundary = mediaType === 'multipart/form-data' ? multipartBoundary(contentType!) : undefined;
  if (boundary !== undefined) {
    const parts = parseMultipart(body, boundary);
    const files: Record<string, string> = {};
    // Flask's request.files.items() gives the first file of each name.
    for (const p of parts) if (p.filename !== undefined && !(p.name in files)) files[p.name] = textOrDataUrl(p.content, p.contentType);
    const fields = parts.filter((p) => p.filename === undefined).map((p) => [p.name, textOrDataUrl(p.content)] as const);
    return { data: '', form: semiflatten(fields), files, json: null };
  }
  const data = textOrDataUrl(body);
  return { data, form: {}, files: {}, json: parseJson(data) };
}

function parseJson(text: string): JsonValue {
  if (text === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}
