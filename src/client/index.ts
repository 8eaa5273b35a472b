/**
 * The client: what users hold. Everything here runs on the caller's thread; requests go to the
 * worker pool through a Transport.
 */
export { AsyncClient } from './client.js';
export { WebSocket, type BinaryType } from './websocket.js';
export { CloseEvent } from './websocket-events.js';
export type { WebSocketOptions } from './websocket-open.js';
export { ConnectionPool } from './connection-pool.js';
export { request, get, post, put, patch, del, del as delete, head, options } from './api.js';
export type { ModuleRequestOptions } from './api.js';
export { fetch, fetchWith, type FetchInit, type FetchBody } from './fetch.js';
export { Request, type RequestInit } from './request.js';
export { Response, type TlsDetails } from './response.js';
export { Headers, type HeadersInit, type HeaderValue } from './headers.js';
export { Cookies, type CookiesInit, type CookieOptions } from './cookies.js';
export { Auth, BasicAuth, type AuthFunction, type AuthOption } from './auth.js';
export type { Hooks, RequestHook, ResponseHook } from './hooks.js';
export { Proxy, type ProxyDict, type ProxyInit } from './proxy.js';
export { BaseRotator, HeaderRotator, ProxyRotator, TLSIdentifierRotator, type RotationStrategy, type RotatorOptions } from './rotators.js';
export { ResponseNotRead, StreamConsumed, RotatorError } from './client-errors.js';
export type { BodyOptions, ContentInit, DataInit, FilesInit, FormValue } from './body.js';
export type { FileContent, FileSpec, FileValue } from './multipart.js';
export type { ParamsInit, ParamValue } from './params.js';
export type {
  ClientOptions,
  RequestOptions,
  TransportOptions,
  ClientIdentifierOption,
  DebugLogger,
  HeadersOption,
  Http2Option,
  LookupOption,
  ProxyOption,
} from './options.js';
export type { Transport, TransportCallOptions, StreamedBody, StreamedResponse } from './transport.js';
export { reasonPhrase } from './status-codes.js';
