/**
 * `tls-requests/crawlee`: an HTTP client for Crawlee's HttpCrawler, CheerioCrawler and the other
 * HTTP-based crawlers. Needs `@crawlee/core` (or `crawlee`) installed beside tls-requests.
 */
export { TlsRequestsHttpClient } from './http-client.js';
export type { TlsRequestsHttpClientOptions, ProfileChoice } from './options.js';
