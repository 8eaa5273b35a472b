/**
 * The httpbin side of the echo server: finds the route for a request and answers it with
 * httpbin's semantics, plus httpbin's CORS headers on every answer and Flask's automatic OPTIONS,
 * HEAD and 405. A path httpbin does not define is answered like /anything (status 200 with the
 * report), which is what the echo server answered for every path before it knew httpbin's routes.
 */
import { authRoutes } from './auth.js';
import { HTML_TYPE, textAnswer } from './answers.js';
import { cachingRoutes } from './caching.js';
import { cookieRoutes } from './cookies.js';
import { dynamicRoutes } from './dynamic.js';
import { encodingRoutes } from './encodings.js';
import { headerValue, type EchoAnswer, type EchoRequest } from './exchange.js';
import { formatRoutes } from './formats.js';
import { anything, methodRoutes } from './http-methods.js';
import { inspectionRoutes } from './inspection.js';
import { redirectRoutes } from './redirects.js';
import { pathOf } from './request-view.js';
import type { Route } from './route.js';
import { statusRoutes } from './status.js';

const ROUTES: readonly Route[] = [
  ...methodRoutes,
  ...statusRoutes,
  ...redirectRoutes,
  ...cookieRoutes,
  ...inspectionRoutes,
  ...encodingRoutes,
  ...dynamicRoutes,
  ...authRoutes,
  ...formatRoutes,
  ...cachingRoutes,
];

function allowedMethods(route: Route): string[] {
  const methods = route.methods === 'any' ? ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE'] : [...route.methods];
  if (methods.includes('GET')) methods.push('HEAD');
  return [...methods, 'OPTIONS'];
}

function decoded(params: string[]): string[] {
  return params.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
}

const METHOD_NOT_ALLOWED =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n';

async function route(request: EchoRequest): Promise<EchoAnswer> {
  const path = pathOf(request);
  for (const candidate of ROUTES) {
    const match = candidate.path.exec(path);
    if (!match) continue;
    const allowed = allowedMethods(candidate);
    if (request.method === 'OPTIONS') return { status: 200, headers: [['Content-Type', HTML_TYPE], ['Allow', allowed.join(', ')]], body: new Uint8Array(0) };
    if (candidate.methods !== 'any' && !allowed.includes(request.method))
      return textAnswer(405, HTML_TYPE, METHOD_NOT_ALLOWED, [['Allow', allowed.join(', ')]]);
    // A route runs HEAD as GET; the session sends the head only.
    return candidate.handle(request.method === 'HEAD' ? { ...request, method: 'GET' } : request, decoded(match.slice(1)));
  }
  return anything(request);
}

/** httpbin's after_request: CORS for every answer, and the preflight's extras on OPTIONS. */
function withCors(request: EchoRequest, answer: EchoAnswer): EchoAnswer {
  answer.headers.push(['Access-Control-Allow-Origin', headerValue(request, 'origin') ?? '*'], ['Access-Control-Allow-Credentials', 'true']);
  if (request.method === 'OPTIONS') {
    answer.headers.push(['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS'], ['Access-Control-Max-Age', '3600']);
    const asked = headerValue(request, 'access-control-request-headers');
    if (asked !== undefined) answer.headers.push(['Access-Control-Allow-Headers', asked]);
  }
  return answer;
}

/** The answer to one request. A route that throws answers 500 (the connection and the server go on). */
export async function answerHttpbin(request: EchoRequest): Promise<EchoAnswer> {
  let answer: EchoAnswer;
  try {
    answer = await route(request);
  } catch (error) {
    answer = textAnswer(500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`);
  }
  return withCors(request, answer);
}
