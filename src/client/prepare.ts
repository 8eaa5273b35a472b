/**
 * The first Request of a call: the absolute URL with its query, the headers layered (profile
 * defaults, client, request: see header-merge.ts), the encoded body with its Content-Type.
 */
import { kindHeaders } from '../profiles/behavior.js';
import { basicAuthorization } from './auth.js';
import type { BodyOptions } from './body.js';
import { encodeBody } from './body.js';
import { mergeHeaders } from './header-merge.js';
import { Headers, isHeaderPairList, type HeadersInit } from './headers.js';
import type { HeadersOption } from './options.js';
import { mergeParams, type ParamsInit } from './params.js';
import { Request } from './request.js';
import { HeaderRotator } from './rotators.js';
import type { Settings } from './settings.js';
import { resolveUrl, takeCredentials } from './url.js';

export interface PrepareInput {
  method: string;
  url: string | URL;
  baseUrl: string | null;
  params: (ParamsInit | null | undefined)[];
  headers: (HeadersInit | null | undefined)[];
  body: BodyOptions;
  settings: Settings;
}

export async function prepareRequest(input: PrepareInput): Promise<Request> {
  const { settings } = input;
  const url = resolveUrl(input.url, input.baseUrl, mergeParams(...input.params));
  const credentials = takeCredentials(url);
  const defaults = settings.profileHeaders ? new Headers(kindHeaders(settings.profile, settings.kind)) : new Headers();
  const headers = mergeHeaders(defaults, ...input.headers);
  // httpx's precedence: an Authorization the caller wrote, then the `auth` option (applied
  // later, over this), then the URL's user:pass.
  if (credentials !== null && !headers.has('authorization')) headers.set('Authorization', basicAuthorization(...credentials));
  // Multipart boundaries: Gecko's for Firefox, WebKit's (Chrome's and Safari's) for the rest.
  const body = await encodeBody(input.body, settings.profile.browser === 'firefox' ? 'firefox' : 'chrome');
  if (body.contentType !== null && !headers.has('content-type')) headers.set('content-type', body.contentType);
  return new Request(input.method, url, { headers, content: body.content, stream: body.stream });
}

/**
 * Content-Length is the HTTP layer's to write, from the body it actually sends (and "0" for a
 * body-less POST or PUT, as Chromium does), or Transfer-Encoding: chunked for a streamed body
 * of unknown length: one set here could go stale when auth or a hook
 * changes the body, and a wrong length desynchronises the connection.
 */
export function dropContentLength(request: Request): void {
  // A streamed body's length is unknown to the HTTP layer: the caller's (if any) is kept, and
  // checked against the octets actually sent (src/http/dispatch.ts).
  if (request.stream !== null) return;
  request.headers.delete('content-length');
}

/** For a transport that takes no streamed bodies: the stream read to its end, as `content`. */
export async function bufferRequestStream(request: Request): Promise<void> {
  if (request.stream === null) return;
  const chunks: Uint8Array[] = [];
  for await (const chunk of request.stream) chunks.push(chunk);
  request.stream = null;
  request.content = Buffer.concat(chunks);
}

/** Headers given as an option: a static set, or the next set of a rotator or list. */
export function pickHeaders(option: HeadersOption | null | undefined): HeadersInit | null | undefined {
  if (option instanceof HeaderRotator) return option.next();
  if (Array.isArray(option) && option.length > 0 && !isHeaderPairList(option)) return new HeaderRotator(option as readonly HeadersInit[]).next();
  return option as HeadersInit | null | undefined;
}
