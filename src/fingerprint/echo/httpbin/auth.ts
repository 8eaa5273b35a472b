/**
 * httpbin's auth family: /basic-auth/{user}/{passwd} (401 with a Basic challenge unless the
 * client sends those credentials), /hidden-basic-auth (404 instead of 401), /bearer (401 with a
 * Bearer challenge unless an Authorization: Bearer token comes).
 */
import { emptyAnswer, jsonAnswer } from './answers.js';
import type { EchoRequest } from './exchange.js';
import { headerValue } from './exchange.js';
import type { Route } from './route.js';

function basicCredentials(request: EchoRequest): [string, string] | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(headerValue(request, 'authorization') ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function authorized(request: EchoRequest, user: string, passwd: string): boolean {
  const given = basicCredentials(request);
  return given !== undefined && given[0] === user && given[1] === passwd;
}

export const authRoutes: Route[] = [
  {
    path: /^\/basic-auth\/([^/]+)\/([^/]+)$/,
    methods: ['GET'],
    handle: (r, [user, passwd]) =>
      authorized(r, user!, passwd!) ? jsonAnswer(r, { authenticated: true, user: user! }) : emptyAnswer(401, [['WWW-Authenticate', 'Basic realm="Fake Realm"']]),
  },
  {
    path: /^\/hidden-basic-auth\/([^/]+)\/([^/]+)$/,
    methods: ['GET'],
    handle: (r, [user, passwd]) => (authorized(r, user!, passwd!) ? jsonAnswer(r, { authenticated: true, user: user! }) : emptyAnswer(404)),
  },
  {
    path: /^\/bearer$/,
    methods: ['GET'],
    handle: (r) => {
      const m = /^Bearer (.+)$/.exec(headerValue(r, 'authorization') ?? '');
      return m ? jsonAnswer(r, { authenticated: true, token: m[1]! }) : emptyAnswer(401, [['WWW-Authenticate', 'Bearer']]);
    },
  },
];
