/**
 * AsyncClient: tls_requests' client on the caller's thread. It builds requests (profile headers,
 * params, body, cookies, auth, hooks), follows redirects and keeps cookies; every byte of TLS and
 * HTTP is done by the transport, the worker pool by default, so awaiting many requests at once
 * is truly concurrent (tls_requests' AsyncClient runs them one by one: its issue #59).
 */
import { setMaxListeners } from 'node:events';
import { ClientClosedError, ConnectError, TimeoutError, TooManyRedirects } from '../errors.js';
import { getProfile } from '../profiles/registry.js';
import { applyAuth, type AuthOption } from './auth.js';
import type { BodyOptions } from './body.js';
import { CallSignal } from './call-signal.js';
import { Cookies, pairs } from './cookies.js';
import { envProxySnapshot, type EnvProxies } from './env-proxy.js';
import { sharedTransport } from './default-transport.js';
import { exchange } from './exchange.js';
import { Headers, headerGroups, isHeaderPairList, type HeadersInit } from './headers.js';
import { combineHooks, runHooks, type RequestHook, type ResponseHook } from './hooks.js';
import { checkClientOptions, checkRequestOptions } from './option-check.js';
import type { ClientOptions, RequestOptions } from './options.js';
import type { ParamsInit } from './params.js';
import { bufferRequestStream, dropContentLength, pickHeaders, prepareRequest } from './prepare.js';
import { resolveProfile } from './profile.js';
import { REDIRECT_STATUSES, redirectRequest } from './redirects.js';
import type { Request } from './request.js';
import type { Response } from './response.js';
import { HeaderRotator, TLSIdentifierRotator } from './rotators.js';
import { resolveSettings, toIdentifierSource, toProxySource, toResolveMap, type ClientTransportOptions, type Settings } from './settings.js';
import { ConnectionPool, newScope } from './connection-pool.js';
import type { Transport } from './transport.js';
import { sameOrigin } from './url.js';
import { WebSocket, type SocketDialer } from './websocket.js';
import { httpUrlFor, openOptions, websocketMessage, type WebSocketOptions } from './websocket-open.js';

type MethodOptions = Omit<RequestOptions, keyof BodyOptions>;

/**
 * A client dropped without `close()` still gives its connections back: once it is collected,
 * its scope is closed in the worker threads.
 */
const abandoned = new FinalizationRegistry<{ transport: Transport; scope: string }>(({ transport, scope }) => {
  void transport.closeScope?.(scope).catch(() => {});
});

export class AsyncClient {
  readonly #transport: Transport;
  /** Whose connections and TLS sessions this client's requests use (see ConnectionPool). */
  readonly #scope: string;
  /** Whether the scope is the client's own (closed with it) rather than a shared pool's. */
  readonly #ownsScope: boolean;
  readonly #options: ClientTransportOptions;
  readonly #baseUrl: string | null;
  /** The environment's proxy variables as the client was made (trustEnv), or null. */
  readonly #envProxies: EnvProxies | null;
  #params: ParamsInit | null;
  #headers: Headers | HeaderRotator = new Headers();
  /** Profile defaults the client's headers remove (`{ name: null }`): a Headers cannot hold a null. */
  #removedHeaders: Record<string, null> = {};
  #cookies: Cookies;
  #auth: AuthOption | null;
  #hooks: { request: RequestHook[]; response: ResponseHook[] };
  #closed = false;
  /** Calls in flight (a streamed one until its response closes): closing the client aborts them. */
  readonly #calls = new Set<CallSignal>();
  /**
   * Aborted by close(): every call without a signal of its own listens to it directly (no
   * controller per request); a call with the caller's signal gets a CallSignal joining both.
   */
  readonly #closing = closingController();
  /** Open streamed responses, each with what ends its call once it closes. */
  readonly #openStreams = new Map<Response, (() => void) | null>();

  constructor(options: ClientOptions = {}) {
    checkClientOptions(options);
    const { baseUrl, params, headers, cookies, auth, hooks, trustEnv, transport, pool, clientIdentifier, proxy, ...rest } = options;
    this.#options = {
      ...rest,
      clientIdentifier: clientIdentifier === undefined ? undefined : toIdentifierSource(clientIdentifier, 'round_robin'),
      proxy: proxy === undefined ? undefined : toProxySource(proxy, 'weighted'),
    };
    this.#validate();
    this.#transport = transport ?? sharedTransport;
    if (pool != null) {
      if (!(pool instanceof ConnectionPool)) throw new TypeError('the pool option takes a ConnectionPool');
      if (pool.closed) throw new ClientClosedError('the ConnectionPool is closed');
      pool.attach(this.#transport);
      this.#scope = pool.scope;
      this.#ownsScope = false;
    } else {
      this.#scope = newScope('client');
      this.#ownsScope = true;
      abandoned.register(this, { transport: this.#transport, scope: this.#scope }, this);
    }
    this.#baseUrl = baseUrl == null ? null : String(baseUrl);
    this.#envProxies = (trustEnv ?? true) ? envProxySnapshot() : null;
    this.#params = params ?? null;
    this.headers = headers;
    this.#cookies = cookies instanceof Cookies ? cookies : new Cookies(cookies);
    this.#auth = auth ?? null;
    this.#hooks = { request: [...(hooks?.request ?? [])], response: [...(hooks?.response ?? [])] };
    // The worker threads start (and load the engine) while the caller prepares its first request.
    this.#transport.warm?.();
  }

  /** The client's cookies: every Set-Cookie it received, plus those it was given. `.jar` is the tough-cookie jar. */
  get cookies(): Cookies {
    return this.#cookies;
  }

  set cookies(cookies: ClientOptions['cookies']) {
    this.#cookies = cookies instanceof Cookies ? cookies : new Cookies(cookies);
  }

  /** The client's own headers (layered over the profile's); a HeaderRotator when rotating. */
  get headers(): Headers | HeaderRotator {
    return this.#headers;
  }

  set headers(headers: ClientOptions['headers']) {
    this.#headers = toClientHeaders(headers);
    this.#removedHeaders = this.#headers instanceof Headers ? removals(headers as HeadersInit | null | undefined) : {};
  }

  get params(): ParamsInit | null {
    return this.#params;
  }

  set params(params: ParamsInit | null) {
    this.#params = params;
  }

  get auth(): AuthOption | null {
    return this.#auth;
  }

  set auth(auth: AuthOption | null) {
    this.#auth = auth;
  }

  /** The hook lists; push to them to add hooks. */
  get hooks(): { request: RequestHook[]; response: ResponseHook[] } {
    return this.#hooks;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** tls_requests' name. */
  get closed(): boolean {
    return this.#closed;
  }

  request(method: string, url: string | URL, options: RequestOptions = {}): Promise<Response> {
    return this.#send(method, url, options, false);
  }

  /**
   * A request whose response arrives as soon as its headers do; its body is then iterated
   * (`for await`, `iterLines()`) or `read()`. Close it with `await using` or `close()`.
   */
  stream(method: string, url: string | URL, options: RequestOptions = {}): Promise<Response> {
    return this.#send(method, url, options, true);
  }

  get(url: string | URL, options?: MethodOptions): Promise<Response> {
    return this.request('GET', url, options);
  }

  options(url: string | URL, options?: MethodOptions): Promise<Response> {
    return this.request('OPTIONS', url, options);
  }

  head(url: string | URL, options?: MethodOptions): Promise<Response> {
    return this.request('HEAD', url, options);
  }

  delete(url: string | URL, options?: RequestOptions): Promise<Response> {
    return this.request('DELETE', url, options);
  }

  post(url: string | URL, options?: RequestOptions): Promise<Response> {
    return this.request('POST', url, options);
  }

  put(url: string | URL, options?: RequestOptions): Promise<Response> {
    return this.request('PUT', url, options);
  }

  patch(url: string | URL, options?: RequestOptions): Promise<Response> {
    return this.request('PATCH', url, options);
  }

  /**
   * Opens a WebSocket (ws:// or wss://) as the profile's browser would (its opening headers, its
   * TLS, RFC 8441 over an HTTP/2 connection where the browser would) and resolves once it is
   * open; rejects with a WebSocketHandshakeError (or a connection error) otherwise.
   */
  async websocket(url: string | URL, options: WebSocketOptions & { protocols?: string | string[] } = {}): Promise<WebSocket> {
    const socket = new WebSocket(url, { ...options, client: this });
    return socket.opened();
  }

  /** The function a `WebSocket` opens its link with (see `new WebSocket(url, { client })`). */
  websocketDialer(options: WebSocketOptions = {}): SocketDialer {
    return async (url, protocols) => {
      if (this.#closed) throw new ClientClosedError('the client is closed');
      const transport = this.#transport;
      if (transport.websocket === undefined) throw new TypeError('this client\'s transport cannot open WebSockets');
      const settings = resolveSettings(this.#options, {}, this.#envProxies);
      const httpUrl = httpUrlFor(url);
      const clientHeaders = this.#headers instanceof HeaderRotator ? this.#headers.next() : this.#headers;
      const own = new Headers(clientHeaders);
      for (const [name, value] of Array.isArray(options.headers) ? options.headers : Object.entries(options.headers ?? {})) own.set(name, value);
      if (!own.has('cookie')) {
        const cookie = await this.#cookies.headerFor(httpUrl);
        if (cookie) own.set('cookie', cookie);
      }
      const message = websocketMessage(url, settings, own.entries(), this.#scope);
      const signal = options.signal ?? this.#closing.signal;
      const link = await transport.websocket(message, openOptions(options, protocols), { signal });
      // The worker saw the http(s) URL it connects to; the caller's is the ws(s) one.
      link.info.url = url;
      const setCookies = new Headers(link.info.headers).getSetCookie();
      if (setCookies.length > 0) await this.#cookies.store(setCookies, httpUrl);
      return link;
    };
  }

  /**
   * Closes the client: requests still in flight reject with ClientClosedError, open streams are
   * cancelled, and the client's connections are closed (the server sees each one end, with the
   * browser's goodbye) and its TLS sessions forgotten. A ConnectionPool's connections stay open
   * (they are the pool's), and so does a transport passed in, or the shared worker pool.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new ClientClosedError('the client was closed');
    this.#closing.abort(reason);
    for (const call of this.#calls) call.abort(reason);
    await Promise.all([...this.#openStreams.keys()].map((response) => response.close()));
    if (this.#ownsScope) {
      abandoned.unregister(this);
      await this.#transport.closeScope?.(this.#scope);
    }
  }

  /** tls_requests' name. */
  aclose(): Promise<void> {
    return this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #send(method: string, url: string | URL, options: RequestOptions, stream: boolean): Promise<Response> {
    if (this.#closed) throw new ClientClosedError('the client is closed');
    checkRequestOptions(options);
    const settings = resolveSettings(this.#options, options, this.#envProxies);
    const hooks = combineHooks(this.#hooks, options.hooks);
    const clientHeaders = this.#headers instanceof HeaderRotator ? this.#headers.next() : this.#headers;
    let request = await prepareRequest({
      method: method.toUpperCase(),
      url,
      baseUrl: this.#baseUrl,
      params: [this.#params, options.params],
      headers: [this.#removedHeaders, clientHeaders, pickHeaders(options.headers)],
      body: { json: options.json, data: options.data, files: options.files, content: options.content },
      settings,
    });
    // A Cookie field the caller wrote wins over the jar (httpx's rule) on its own origin.
    const explicitCookie = request.headers.get('cookie');
    const requestCookies = pairs(options.cookies);
    // Each step only when it has something to do: an await per request per step adds up.
    if (explicitCookie === null && (requestCookies.length > 0 || !this.#cookies.certainlyEmpty)) await this.#addCookies(request, requestCookies);
    const auth = options.auth !== undefined ? options.auth : this.#auth;
    if (auth != null) request = await applyAuth(request, auth);
    if (hooks.request.length > 0) request = await runHooks(hooks.request, request);
    const call = options.signal ? new CallSignal(options.signal) : null;
    if (call !== null) this.#calls.add(call);
    const signal = call?.signal ?? this.#closing.signal;
    const endCall = (): void => {
      if (call === null) return;
      call.dispose();
      this.#calls.delete(call);
    };

    let response: Response;
    try {
      response = await this.#followRedirects(request, settings, { stream, signal, explicitCookie, requestCookies });
    } catch (error) {
      endCall();
      if (settings.proxy.kind === 'fixed' && (error instanceof ConnectError || error instanceof TimeoutError)) {
        settings.proxy.rotator?.markResult(settings.proxy.proxy, false);
      }
      throw error;
    }
    // A streamed body still flows from the worker: the call lasts until the response closes.
    if (this.#openStreams.has(response)) this.#openStreams.set(response, endCall);
    else endCall();
    if (settings.proxy.kind === 'fixed' && settings.proxy.rotator) {
      const success = response.status >= 200 && response.status < 500 && response.status !== 407;
      settings.proxy.rotator.markResult(settings.proxy.proxy, success, response.elapsed);
    }
    if (hooks.response.length === 0) return response;
    try {
      return await runHooks(hooks.response, response);
    } catch (error) {
      // The caller never gets this response: do not leave its stream open.
      await response.close();
      throw error;
    }
  }

  async #followRedirects(
    first: Request,
    settings: Settings,
    context: { stream: boolean; signal: AbortSignal; explicitCookie: string | null; requestCookies: [string, string][] },
  ): Promise<Response> {
    const history: Response[] = [];
    let request = first;
    if (!this.#transport.streamsRequestBodies) await bufferRequestStream(request);
    for (;;) {
      dropContentLength(request);
      const response = await exchange(request, {
        transport: this.#transport,
        settings,
        stream: context.stream,
        signal: context.signal,
        scope: this.#scope,
        onClose: (r) => this.#streamClosed(r),
      });
      if (response.isStreamed) this.#openStreams.set(response, null);
      const setCookies = response.headers.getSetCookie();
      if (setCookies.length > 0) await this.#cookies.store(setCookies, response.url);
      response.history = history.length === 0 ? [] : [...history];
      if (!settings.followRedirects || !REDIRECT_STATUSES.has(response.status)) return response;
      // A browser does not read a redirect's body to its end (one that trickles forever would hold
      // the request forever, past any per-wait timeout): a streamed hop's body is dropped unread.
      if (response.isStreamed) await response.close();
      if (history.length >= settings.maxRedirects) {
        throw new TooManyRedirects(`Too many redirects: more than ${settings.maxRedirects} (maxRedirects), last to ${response.headers.get('location') ?? '?'}`, settings.maxRedirects);
      }
      history.push(response);
      request = redirectRequest(request, response);
      const origin = new URL(first.url);
      const to = new URL(request.url);
      if (context.explicitCookie !== null && sameOrigin(origin, to)) request.headers.set('cookie', context.explicitCookie);
      // Per-request cookies are scoped like the explicit Cookie field: the first request's origin.
      else await this.#addCookies(request, sameOrigin(origin, to) ? context.requestCookies : []);
    }
  }

  #streamClosed(response: Response): void {
    this.#openStreams.get(response)?.();
    this.#openStreams.delete(response);
  }

  async #addCookies(request: Request, requestCookies: readonly [string, string][]): Promise<void> {
    const header = await this.#cookies.headerFor(request.url, requestCookies);
    if (header) request.headers.set('cookie', header);
    else request.headers.delete('cookie');
  }

  /** Fails at construction, not at the first request, on options that can never work. */
  #validate(): void {
    const identifier = this.#options.clientIdentifier;
    if (identifier instanceof TLSIdentifierRotator) {
      for (const item of identifier) getProfile(item);
    } else if (identifier !== undefined) {
      getProfile(identifier);
    }
    resolveProfile('chrome', this.#options.ja3 ?? null, this.#options.akamai ?? null);
    toResolveMap(this.#options.lookup ?? null);
  }
}

/** The client's close signal, listened to by every call in flight (hence no listener limit). */
function closingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function removals(headers: HeadersInit | null | undefined): Record<string, null> {
  if (headers == null) return {};
  return Object.fromEntries(headerGroups(headers).filter((g) => g.values === null).map((g) => [g.name, null]));
}

function toClientHeaders(headers: ClientOptions['headers']): Headers | HeaderRotator {
  if (headers instanceof HeaderRotator) return headers;
  if (Array.isArray(headers) && headers.length > 0 && !isHeaderPairList(headers)) return new HeaderRotator(headers as readonly HeadersInit[]);
  return new Headers(headers as HeadersInit | null | undefined);
}
