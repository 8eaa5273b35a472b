/**
 * The Crawlee types the adapter speaks, in one place. Type-only: `@crawlee/core` is an optional
 * peer dependency, so nothing here may load it at run time (a user of `tls-requests` who never
 * imports `tls-requests/crawlee` must not need it installed).
 */
export type {
  BaseHttpClient,
  BaseHttpResponseData,
  HttpRequest,
  HttpResponse,
  RedirectHandler,
  ResponseTypes,
  StreamingHttpResponse,
} from '@crawlee/core';

/** The shape of `HttpRequest.headers` and of the response's `headers` (Node's IncomingHttpHeaders style). */
export type SimpleHeaders = Record<string, string | string[] | undefined>;
