/**
 * Event hooks. Every hook of a kind runs, in order, each one getting what the previous returned
 * (a hook that returns nothing keeps the current value): tls_requests runs only the first hook of
 * each list, which contradicts its own docs.
 */
import type { Request } from './request.js';
import type { Response } from './response.js';

export type RequestHook = (request: Request) => Request | void | Promise<Request | void>;
export type ResponseHook = (response: Response) => Response | void | Promise<Response | void>;

export interface Hooks {
  request?: readonly RequestHook[];
  response?: readonly ResponseHook[];
}

export async function runHooks<T>(hooks: readonly ((value: T) => T | void | Promise<T | void>)[] | undefined, value: T): Promise<T> {
  let current = value;
  for (const hook of hooks ?? []) current = (await hook(current)) ?? current;
  return current;
}

/** The client's hooks, then the request's own. */
export function combineHooks(client: Hooks | undefined, request: Hooks | undefined): Required<Hooks> {
  return {
    request: [...(client?.request ?? []), ...(request?.request ?? [])],
    response: [...(client?.response ?? []), ...(request?.response ?? [])],
  };
}
