/**
 * Crawlee's BaseHttpClient on tls-requests: `new HttpCrawler({ httpClient: new TlsRequestsHttpClient() })`
 * makes every page request look like the chosen browser on the wire (TLS ClientHello, HTTP/2
 * settings, header order), with Crawlee's sessions, proxies and cookie jars honoured.
 *
 * Redirects are followed here, not by our client, because Crawlee wants a say in each hop: its
 * `onRedirect` handler rewrites the next request's Cookie from the session, and the session's
 * cookie jar must see every hop's Set-Cookie.
 */
import { TooManyRedirects } from '../errors.js';
import type { Response } from '../client/response.js';
import { ClientCache, type Lease } from './client-cache.js';
import { forCrawlee } from './errors.js';
import { cookieString, storeCookies } from './cookie-jar.js';
import type { BaseHttpClient, HttpRequest, HttpResponse, RedirectHandler, ResponseTypes, SimpleHeaders, StreamingHttpResponse } from './crawlee-types.js';
import { ProfilePicker, type TlsRequestsHttpClientOptions } from './options.js';
import { bodyOf, copyHeaders, deleteHeader, hasHeader, methodOf, timeoutOf } from './request-map.js';
import { responseData } from './response-map.js';
import { streamingResponse } from './streaming.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** got's default, which Crawlee's other clients use. */
const DEFAULT_MAX_REDIRECTS = 10;

interface Exchange {
  response: Response;
  redirectUrls: URL[];
  lease: Lease;
}

export class TlsRequestsHttpClient implements BaseHttpClient {
  readonly #clients: ClientCache;
  readonly #profiles: ProfilePicker;
  readonly #proxy: string | null;

  constructor(options: TlsRequestsHttpClientOptions = {}) {
    const { clientIdentifier, proxy, maxClients, ...base } = options;
    this.#profiles = new ProfilePicker(clientIdentifier);
    this.#proxy = proxy ?? null;
    this.#clients = new ClientCache(base, maxClients ?? 64);
  }

  /** Clients open now (one per proxy and profile used). */
  get openClients(): number {
    return this.#clients.size;
  }

  async sendRequest<TResponseType extends keyof ResponseTypes = 'text'>(request: HttpRequest<TResponseType>): Promise<HttpResponse<TResponseType>> {
    const { response, redirectUrls, lease } = await this.#exchange(request);
    try {
      const content = await response.read();
      if (request.throwHttpErrors === true) response.raiseForStatus();
      return { ...responseData(response, redirectUrls), complete: true, httpVersion: response.httpVersion, request, body: bodyAs(request, response, content) };
    } finally {
      await response.close();
      lease.release();
    }
  }

  async stream(request: HttpRequest, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    const { response, redirectUrls, lease } = await this.#exchange(request, onRedirect);
    if (request.throwHttpErrors === true && response.status >= 400) {
      await response.close();
      lease.release();
      response.raiseForStatus();
    }
    return streamingResponse(response, redirectUrls, request, () => lease.release());
  }

  /** Closes every client (and so their connections). Requests still in flight fail. */
  async close(): Promise<void> {
    await this.#clients.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #exchange<T extends keyof ResponseTypes>(request: HttpRequest<T>, onRedirect?: RedirectHandler): Promise<Exchange> {
    const lease = this.#clients.lease(request.proxyUrl ?? this.#proxy, this.#profiles.pick(request as HttpRequest));
    try {
      return { ...(await this.#follow(request, lease, onRedirect)), lease };
    } catch (error) {
      lease.release();
      throw forCrawlee(error);
    }
  }

  async #follow<T extends keyof ResponseTypes>(request: HttpRequest<T>, lease: Lease, onRedirect?: RedirectHandler): Promise<Omit<Exchange, 'lease'>> {
    const { perHop, overall } = timeoutOf(request as HttpRequest);
    const deadline = overall !== undefined ? AbortSignal.timeout(overall) : undefined;
    const signal = request.signal && deadline ? AbortSignal.any([request.signal, deadline]) : (request.signal ?? deadline);
    const jar = request.cookieJar;
    const maxRedirects = request.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const redirectUrls: URL[] = [];
    let url = new URL(String(request.url));
    let method = methodOf(request as HttpRequest);
    let headers = copyHeaders(request.headers);
    let body = request.body;

    for (;;) {
      const hopHeaders: SimpleHeaders = { ...headers };
      // A Cookie the caller wrote wins; otherwise the session's jar supplies one (got's order).
      if (jar && !hasHeader(hopHeaders, 'cookie')) {
        const cookies = await cookieString(jar, url.href);
        if (cookies !== '') hopHeaders.cookie = cookies;
      }
      const encoded = await bodyOf(body);
      if (encoded.contentType !== undefined && !hasHeader(hopHeaders, 'content-type')) hopHeaders['content-type'] = encoded.contentType;
      const response = await lease.client.stream(method, url, {
        headers: hopHeaders,
        ...(encoded.content !== undefined ? { content: encoded.content } : {}),
        ...(perHop !== undefined ? { timeout: perHop } : {}),
        ...(signal ? { signal } : {}),
      });
      if (jar) await storeCookies(jar, response.headers.getSetCookie(), response.url);

      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || !followsRedirect(request as HttpRequest, response, redirectUrls)) return { response, redirectUrls };
      // A browser does not read a redirect's body.
      await response.close();
      if (redirectUrls.length >= maxRedirects) throw new TooManyRedirects(`Too many redirects: more than ${maxRedirects} (maxRedirects), last to ${location}`, maxRedirects);
      const next = new URL(location, response.url);
      redirectUrls.push(next);
      // 303 always, and 301/302 after a POST, turn into a GET without a body (what browsers do).
      if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const name of ['content-type', 'content-length', 'transfer-encoding']) deleteHeader(headers, name);
      }
      if (next.origin !== url.origin) deleteHeader(headers, 'authorization');
      // The jar (or Crawlee's handler, from the session) gives the next hop its cookies afresh.
      if (jar || next.origin !== url.origin) deleteHeader(headers, 'cookie');
      const updated: { url?: string | URL; headers: SimpleHeaders } = { url: next, headers };
      onRedirect?.(responseData(response, redirectUrls), updated);
      url = new URL(String(updated.url ?? next));
      headers = updated.headers;
    }
  }
}

function followsRedirect(request: HttpRequest, response: Response, redirectUrls: readonly URL[]): boolean {
  const follow = request.followRedirect;
  if (typeof follow === 'function') return Boolean(follow(responseData(response, redirectUrls)));
  return follow !== false;
}

function bodyAs<T extends keyof ResponseTypes>(request: HttpRequest<T>, response: Response, content: Uint8Array): ResponseTypes[T] {
  const type: keyof ResponseTypes = request.responseType ?? 'text';
  if (type === 'buffer') return Buffer.from(content.buffer, content.byteOffset, content.byteLength) as ResponseTypes[T];
  const text = request.encoding ? Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString(request.encoding) : response.text;
  // got answers an empty JSON body with '' rather than failing to parse it.
  if (type === 'json') return (text === '' ? '' : (JSON.parse(text) as unknown)) as ResponseTypes[T];
  return text as ResponseTypes[T];
}
