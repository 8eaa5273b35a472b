/**
 * The first Request of a call: the absolute URL with its query, the headers layered (profile
 * defaults, client, request: see header-merge.ts), the encoded body with its Content-Type.
 */
import type { BodyOptions } from './body.js';
import { encodeBody } from './body.js';
import { mergeHeaders } from './header-merge.js';
import { Headers, isHeaderPairList, type HeadersInit } from './headers.js';
import type { HeadersOption } from './options.js';
import { mergeParams, type ParamsInit } from './params.js';
import { Request } from './request.js';
import { HeaderRotator } from './rotators.js';
import type { Settings } from './settings.js';
import { resolveUrl } from './url.js';

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
  const defaults = settings.profileHeaders ? new Headers(settings.profile.headers) : new Headers();
  const headers = mergeHeaders(defaults, ...input.headers);
  const body = await encodeBody(input.body, settings.profile.browser === 'firefox' ? 'firefox' : 'chrome');
  if (body.contentType !== null && !headers.has('content-type')) headers.set('content-type', body.contentType);
  const request = new Request(input.method, url, { headers, content: body.content });
  syncContentLength(request);
  return request;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Content-Length from the body actually sent (after auth and hooks may have changed it): a
 * stale one would desynchronise the connection. A browser sends "0" for an empty POST, PUT or
 * PATCH and nothing for a GET without a body.
 */
export function syncContentLength(request: Request): void {
  if (request.content !== null) request.headers.set('content-length', String(request.content.length));
  else if (BODY_METHODS.has(request.method)) request.headers.set('content-length', '0');
  else request.headers.delete('content-length');
}

/** Headers given as an option: a static set, or the next set of a rotator or list. */
export function pickHeaders(option: HeadersOption | null | undefined): HeadersInit | null | undefined {
  if (option instanceof HeaderRotator) return option.next();
  if (Array.isArray(option) && option.length > 0 && !isHeaderPairList(option)) return new HeaderRotator(option as readonly HeadersInit[]).next();
  return option as HeadersInit | null | undefined;
}
