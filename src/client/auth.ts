/**
 * Authentication as tls_requests takes it: a [user, password] pair (Basic), a function that gets
 * the request and may return a replacement, or an object with `buildAuth(request)` (its `Auth`
 * class, which users subclass).
 */
import { RequestError } from '../errors.js';
import type { Request } from './request.js';

export type AuthResult = Request | void | Promise<Request | void>;
export type AuthFunction = (request: Request) => AuthResult;

export abstract class Auth {
  abstract buildAuth(request: Request): AuthResult;
}

export class BasicAuth extends Auth {
  constructor(
    readonly username: string,
    readonly password: string,
  ) {
    super();
    if (typeof username !== 'string' || typeof password !== 'string') throw new RequestError('basic auth needs a string username and password');
  }

  buildAuth(request: Request): Request {
    request.headers.set('Authorization', basicAuthorization(this.username, this.password));
    return request;
  }
}

/** The Authorization value of Basic auth: UTF-8, as browsers encode credentials (RFC 7617 §2.1 charset="UTF-8"). */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export type AuthOption = readonly [string, string] | AuthFunction | Auth | { buildAuth(request: Request): AuthResult };

export async function applyAuth(request: Request, auth: AuthOption | null | undefined): Promise<Request> {
  if (auth == null) return request;
  let result: Request | void;
  if (Array.isArray(auth)) result = new BasicAuth(auth[0] as string, auth[1] as string).buildAuth(request);
  else if (typeof auth === 'function') result = await auth(request);
  else if (typeof (auth as Auth).buildAuth === 'function') result = await (auth as Auth).buildAuth(request);
  else throw new RequestError('auth must be a [username, password] pair, a function or an object with buildAuth()');
  return result ?? request;
}
