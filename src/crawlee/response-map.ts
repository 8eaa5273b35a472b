/**
 * Our Response in Crawlee's shape (got's field names): lower-case headers with Set-Cookie as a
 * list (as Node's IncomingMessage has them), and the response line.
 */
import type { Response } from '../client/response.js';
import type { BaseHttpResponseData, SimpleHeaders } from './crawlee-types.js';

export function simpleHeaders(response: Response): SimpleHeaders {
  const headers: SimpleHeaders = {};
  for (const name of response.headers.keys()) {
    const key = name.toLowerCase();
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : (response.headers.get(key) ?? undefined);
  }
  return headers;
}

export function responseData(response: Response, redirectUrls: readonly URL[]): BaseHttpResponseData {
  return {
    redirectUrls: [...redirectUrls],
    url: response.url,
    statusCode: response.status,
    statusMessage: response.reason,
    headers: simpleHeaders(response),
    trailers: {},
    complete: !response.isStreamed,
  };
}
