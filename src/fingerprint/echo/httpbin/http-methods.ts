/**
 * httpbin's "HTTP methods" family: /get, /post, /put, /patch, /delete, each taking only its
 * method, and /anything[/...], which takes any and reports which. The echo server's catch-all
 * (any path httpbin does not define, `/` included) answers like /anything: the echo server always
 * answered every path with its report, and callers rely on that.
 */
import { jsonAnswer } from './answers.js';
import type { EchoAnswer, EchoRequest } from './exchange.js';
import { requestDict } from './request-view.js';
import type { Route } from './route.js';

const withBody = (request: EchoRequest): EchoAnswer => jsonAnswer(request, requestDict(request, 'url', 'args', 'form', 'data', 'origin', 'headers', 'files', 'json'));

export function anything(request: EchoRequest): EchoAnswer {
  return jsonAnswer(request, requestDict(request, 'url', 'args', 'form', 'data', 'origin', 'headers', 'files', 'json', 'method'));
}

export const methodRoutes: Route[] = [
  { path: /^\/get$/, methods: ['GET'], handle: (r) => jsonAnswer(r, requestDict(r, 'url', 'args', 'headers', 'origin')) },
  { path: /^\/post$/, methods: ['POST'], handle: withBody },
  { path: /^\/put$/, methods: ['PUT'], handle: withBody },
  { path: /^\/patch$/, methods: ['PATCH'], handle: withBody },
  { path: /^\/delete$/, methods: ['DELETE'], handle: withBody },
  { path: /^\/anything(?:\/.*)?$/, methods: 'any', handle: anything },
];
