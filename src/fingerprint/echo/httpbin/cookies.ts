/**
 * httpbin's cookie family: /cookies shows what the client sent; /cookies/set?name=value and
 * /cookies/set/{name}/{value} set cookies (Path=/, Secure on the TLS port, as werkzeug writes
 * them) and /cookies/delete?name expires them, each with a 302 back to /cookies so a client that
 * follows redirects shows its jar.
 */
import { jsonAnswer, redirectAnswer } from './answers.js';
import type { EchoAnswer, EchoRequest } from './exchange.js';
import { cookiesOf, queryOf } from './request-view.js';
import type { Route } from './route.js';

/** RFC 6265 cookie-octets; anything else is quoted with backslash escapes, as werkzeug does. */
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

function setCookie(request: EchoRequest, name: string, value: string): string {
  const quoted = COOKIE_OCTETS.test(value) ? value : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return `${name}=${quoted}; ${request.scheme === 'https' ? 'Secure; ' : ''}Path=/`;
}

function withCookies(setCookies: string[]): EchoAnswer {
  const answer = redirectAnswer('/cookies');
  answer.headers.push(...setCookies.map((c): [string, string] => ['Set-Cookie', c]));
  return answer;
}

/** dict(request.args.items()): the first value of each name. */
function firstValues(request: EchoRequest): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const [k, v] of queryOf(request)) if (!seen.has(k)) seen.set(k, v);
  return [...seen];
}

export const cookieRoutes: Route[] = [
  { path: /^\/cookies$/, methods: ['GET'], handle: (r) => jsonAnswer(r, { cookies: cookiesOf(r) }) },
  { path: /^\/cookies\/set$/, methods: ['GET'], handle: (r) => withCookies(firstValues(r).map(([k, v]) => setCookie(r, k, v))) },
  { path: /^\/cookies\/set\/([^/]+)\/([^/]*)$/, methods: ['GET'], handle: (r, [name, value]) => withCookies([setCookie(r, name!, value!)]) },
  {
    path: /^\/cookies\/delete$/,
    methods: ['GET'],
    handle: (r) => withCookies(firstValues(r).map(([k]) => `${k}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`)),
  },
];
