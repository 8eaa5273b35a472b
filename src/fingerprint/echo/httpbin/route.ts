/** One httpbin route: a path pattern, the methods it takes, and what it answers. */
import type { EchoAnswer, EchoRequest } from './exchange.js';

export interface Route {
  /** Matched against the whole path (no query); its groups, percent-decoded, are the parameters. */
  path: RegExp;
  /** The methods httpbin's route takes ('any' for /anything, /status...). GET implies HEAD; OPTIONS is answered for every route. */
  methods: readonly string[] | 'any';
  handle(request: EchoRequest, params: string[]): EchoAnswer | Promise<EchoAnswer>;
}

/** The methods of httpbin's "any method" routes (Flask lists them explicitly). */
export const ANY_METHOD = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE'] as const;
