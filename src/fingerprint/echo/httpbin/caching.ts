/**
 * httpbin's caching and response-header routes: /cache (304 to any conditional request, else a
 * /get answer with Last-Modified and ETag), /cache/{n} (Cache-Control max-age), /etag/{etag}
 * (If-None-Match gives 304, a failed If-Match 412), /response-headers?k=v (those headers set on the
 * answer, whose JSON lists every header it carries, Content-Length included).
 */
import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../json.js';
import { JSON_TYPE, jsonAnswer, jsonText } from './answers.js';
import { headerValue, type EchoAnswer, type EchoRequest } from './exchange.js';
import { queryOf, requestDict } from './request-view.js';
import type { Route } from './route.js';
import { statusAnswer } from './status.js';

const asGet = (request: EchoRequest, headers: Array<[string, string]>): EchoAnswer =>
  jsonAnswer(request, requestDict(request, 'url', 'args', 'headers', 'origin'), 200, headers);

/** werkzeug's parse_multi_value_header for ETags: comma-separated, quotes and W/ dropped. */
function etagList(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1')).filter(Boolean);
}

function cache(request: EchoRequest): EchoAnswer {
  if (headerValue(request, 'if-modified-since') !== undefined || headerValue(request, 'if-none-match') !== undefined) return statusAnswer(304);
  return asGet(request, [['Last-Modified', new Date().toUTCString()], ['ETag', randomUUID().replaceAll('-', '')]]);
}

function etag(request: EchoRequest, tag: string): EchoAnswer {
  const noneMatch = etagList(headerValue(request, 'if-none-match'));
  const match = etagList(headerValue(request, 'if-match'));
  if (noneMatch.length) {
    if (noneMatch.includes(tag) || noneMatch.includes('*')) {
      const answer = statusAnswer(304);
      answer.headers.push(['ETag', tag]);
      return answer;
    }
  } else if (match.length && !match.includes(tag) && !match.includes('*')) return statusAnswer(412);
  return asGet(request, [['ETag', tag]]);
}

/** The answer's JSON names its own headers, Content-Length too: recomputed until the length stops changing. */
function responseHeaders(request: EchoRequest): EchoAnswer {
  const added: Array<[string, string]> = [...queryOf(request)];
  const headers: Array<[string, string]> = [['Content-Type', JSON_TYPE], ...added];
  let length = 0;
  let text = '';
  for (;;) {
    const listed: { [key: string]: JsonValue } = {};
    for (const [name, value] of [['Content-Type', JSON_TYPE], ['Content-Length', String(length)], ...added] as Array<[string, string]>) {
      const seen = listed[name];
      listed[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen as string, value];
    }
    text = jsonText(request, listed);
    const size = Buffer.byteLength(text);
    if (size === length) break;
    length = size;
  }
  return { status: 200, headers, body: new TextEncoder().encode(text) };
}

export const cachingRoutes: Route[] = [
  { path: /^\/cache$/, methods: ['GET'], handle: cache },
  { path: /^\/cache\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => asGet(r, [['Cache-Control', `public, max-age=${n}`]]) },
  { path: /^\/etag\/([^/]+)$/, methods: ['GET'], handle: (r, [tag]) => etag(r, tag!) },
  { path: /^\/response-headers$/, methods: ['GET', 'POST'], handle: responseHeaders },
];
