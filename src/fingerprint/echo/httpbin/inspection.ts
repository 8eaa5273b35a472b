/** httpbin's "request inspection" family and /uuid: one part of the request, under httpbin's key. */
import { randomUUID } from 'node:crypto';
import { jsonAnswer } from './answers.js';
import { headerValue } from './exchange.js';
import { headersDict, origin } from './request-view.js';
import type { Route } from './route.js';

export const inspectionRoutes: Route[] = [
  { path: /^\/headers$/, methods: ['GET'], handle: (r) => jsonAnswer(r, { headers: headersDict(r) }) },
  { path: /^\/ip$/, methods: ['GET'], handle: (r) => jsonAnswer(r, { origin: origin(r) }) },
  // httpbin answers null when the client sent no User-Agent.
  { path: /^\/user-agent$/, methods: ['GET'], handle: (r) => jsonAnswer(r, { 'user-agent': headerValue(r, 'user-agent') ?? null }) },
  { path: /^\/uuid$/, methods: ['GET'], handle: (r) => jsonAnswer(r, { uuid: randomUUID() }) },
];
