/**
 * httpbin's redirect family. /redirect/{n} is /relative-redirect/{n} (or the absolute one with
 * ?absolute=true); each hop is a 302 to the same route with n-1, the last to /get. /redirect-to
 * sends the client wherever `url` says, with `status_code` if it is a 3xx (else 302).
 */
import { absoluteLocation, redirectAnswer, textAnswer } from './answers.js';
import type { EchoAnswer, EchoRequest } from './exchange.js';
import { queryOf } from './request-view.js';
import { ANY_METHOD, type Route } from './route.js';
import { bodyView } from './body.js';
import { headerValue } from './exchange.js';

function hops(request: EchoRequest, n: string, kind: 'relative' | 'absolute'): EchoAnswer {
  const count = Number(n);
  if (!(count > 0)) return textAnswer(404, 'text/html; charset=utf-8', 'n must be a positive integer');
  const next = count === 1 ? '/get' : `/${kind}-redirect/${count - 1}`;
  return redirectAnswer(kind === 'absolute' ? absoluteLocation(request, next) : next);
}

/** /redirect-to reads `url` and `status_code` from the query, or from a form body on other methods. */
function redirectTo(request: EchoRequest): EchoAnswer {
  const query = queryOf(request);
  const form = bodyView(request.body, headerValue(request, 'content-type')).form;
  const field = (name: string): string | undefined => query.get(name) ?? (typeof form[name] === 'string' ? form[name] : undefined);
  const url = field('url');
  if (url === undefined) return textAnswer(400, 'text/html; charset=utf-8', 'missing url');
  const code = Number(field('status_code') ?? '302');
  return { status: code >= 300 && code < 400 ? code : 302, headers: [['Location', url], ['Content-Type', 'text/html; charset=utf-8']], body: new Uint8Array(0) };
}

export const redirectRoutes: Route[] = [
  {
    path: /^\/redirect\/(\d+)$/,
    methods: ['GET'],
    handle: (r, [n]) => hops(r, n!, queryOf(r).get('absolute')?.toLowerCase() === 'true' ? 'absolute' : 'relative'),
  },
  { path: /^\/relative-redirect\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => hops(r, n!, 'relative') },
  { path: /^\/absolute-redirect\/(\d+)$/, methods: ['GET'], handle: (r, [n]) => hops(r, n!, 'absolute') },
  { path: /^\/redirect-to$/, methods: ANY_METHOD, handle: redirectTo },
];
