/**
 * The module-level functions: `await get(url)` without a client. Each call gets a client of its
 * own (so no cookie leaks from one call into another, as with tls_requests' throw-away Client),
 * on the shared worker pool, which never keeps the process alive.
 */
import type { BodyOptions } from './body.js';
import { AsyncClient } from './client.js';
import { MODULE_KEYS, checkOptionKeys } from './option-check.js';
import type { ClientOptions, RequestOptions } from './options.js';
import type { Response } from './response.js';

export type ModuleRequestOptions = RequestOptions & Pick<ClientOptions, 'trustEnv' | 'transport'>;
type ModuleMethodOptions = Omit<ModuleRequestOptions, keyof BodyOptions>;

export async function request(method: string, url: string | URL, options: ModuleRequestOptions = {}): Promise<Response> {
  checkOptionKeys(options, MODULE_KEYS, 'request');
  const { trustEnv, transport, ...rest } = options;
  const client = new AsyncClient({ ...(trustEnv !== undefined ? { trustEnv } : {}), ...(transport ? { transport } : {}) });
  try {
    return await client.request(method, url, rest);
  } finally {
    await client.close();
  }
}

export const get = (url: string | URL, options?: ModuleMethodOptions): Promise<Response> => request('GET', url, options);
export const options = (url: string | URL, opts?: ModuleMethodOptions): Promise<Response> => request('OPTIONS', url, opts);
export const head = (url: string | URL, options?: ModuleMethodOptions): Promise<Response> => request('HEAD', url, options);
export const del = (url: string | URL, options?: ModuleRequestOptions): Promise<Response> => request('DELETE', url, options);
export const post = (url: string | URL, options?: ModuleRequestOptions): Promise<Response> => request('POST', url, options);
export const put = (url: string | URL, options?: ModuleRequestOptions): Promise<Response> => request('PUT', url, options);
export const patch = (url: string | URL, options?: ModuleRequestOptions): Promise<Response> => request('PATCH', url, options);
