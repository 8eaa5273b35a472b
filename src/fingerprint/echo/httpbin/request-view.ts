/**
 * The request as httpbin's `get_dict` shows it: `args`, `headers` (names title-cased and repeats
 * joined with a comma, as a WSGI server hands them to Flask), `origin`, `url`, and the body's
 * `data`, `form`, `files` and `json`. Every route builds its JSON from these.
 */
import type { JsonValue } from '../json.js';
import { bodyView, semiflatten, type Flattened } from './body.js';
import { headerValue, type EchoRequest } from './exchange.js';

export function pathOf(request: EchoRequest): string {
  const q = request.target.indexOf('?');
  return q < 0 ? request.target : request.target.slice(0, q);
}

export function queryOf(request: EchoRequest): URLSearchParams {
  const q = request.target.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : request.target.slice(q + 1));
}

export function args(request: EchoRequest): Flattened {
  return semiflatten(queryOf(request));
}

/** Python's str.title(), which werkzeug applies to header names: "sec-ch-ua" -> "Sec-Ch-Ua". */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

export function headersDict(request: EchoRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    const key = titleCase(name);
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

/** httpbin reports X-Forwarded-For when a proxy set it, else the peer address. */
export function origin(request: EchoRequest): string {
  return headerValue(request, 'x-forwarded-for') ?? request.remoteAddress;
}

export function hostOf(request: EchoRequest): string {
  return headerValue(request, 'host') ?? 'localhost';
}

export function absoluteUrl(request: EchoRequest, target = request.target): string {
  return `${request.scheme}://${hostOf(request)}${target}`;
}

export function cookiesOf(request: EchoRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (name !== 'cookie') continue;
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq).trim();
      if (key && !(key in out)) out[key] = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    }
  }
  return out;
}

export type DictKey = 'url' | 'args' | 'form' | 'data' | 'origin' | 'headers' | 'files' | 'json' | 'method';

/** httpbin's get_dict: the named parts of the request, in httpbin's key order (alphabetical, as Flask's jsonify sorts). */
export function requestDict(request: EchoRequest, ...keys: DictKey[]): { [key: string]: JsonValue } {
  const body = keys.some((k) => k === 'data' || k === 'form' || k === 'files' || k === 'json') ? bodyView(request.body, headerValue(request, 'content-type')) : undefined;
  const all: Record<DictKey, () => JsonValue> = {
    url: () => absoluteUrl(request),
    args: () => args(request),
    form: () => body!.form,
    data: () => body!.data,
    origin: () => origin(request),
    headers: () => headersDict(request),
    files: () => body!.files,
    json: () => body!.json,
    method: () => request.method,
  };
  const out: { [key: string]: JsonValue } = {};
  for (const key of [...keys].sort()) out[key] = all[key]();
  return out;
}
