/**
 * Every error the library throws, shared by all layers (tls, http, pool, client).
 *
 * This module has no imports: it is loaded by worker threads and by the caller's thread alike.
 * The pool carries an error across threads as `{ name, message, fields }` (see `errorToWire` /
 * `errorFromWire`), so each class keeps its data in plain own properties.
 */

/** Base class of every error this library throws (the tls_requests name). */
export class HTTPError extends Error {
  override name = 'HTTPError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request was invalid before anything was sent (bad URL, bad option, unknown profile...). */
export class RequestError extends HTTPError {
  override name = 'RequestError';
}

/** A URL that cannot be parsed or uses a scheme we do not speak. */
export class InvalidURL extends RequestError {
  override name = 'InvalidURL';
}

/** A client identifier that names no profile; `suggestions` lists the closest known names. */
export class UnknownProfileError extends RequestError {
  override name = 'UnknownProfileError';
  constructor(
    message: string,
    public identifier: string = '',
    public suggestions: string[] = [],
  ) {
    super(message);
  }
}

/** The transport could not be set up: DNS, TCP connect refused or reset, socket closed early. */
export class ConnectError extends HTTPError {
  override name = 'ConnectError';
  constructor(
    message: string,
    public code: string = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The proxy refused the tunnel or spoke a protocol we could not follow. */
export class ProxyError extends ConnectError {
  override name = 'ProxyError';
}

/** Which phase ran out of time. */
export type TimeoutPhase = 'connect' | 'handshake' | 'read' | 'write' | 'pool' | 'total';

/** A deadline passed; `phase` says which one. */
export class TimeoutError extends HTTPError {
  override name = 'TimeoutError';
  constructor(
    message: string,
    public phase: TimeoutPhase = 'total',
    public timeoutMs: number = 0,
  ) {
    super(message);
  }
}

/** The caller aborted the request (AbortSignal). */
export class AbortError extends HTTPError {
  override name = 'AbortError';
}

/**
 * A TLS failure. `alert` is the TLS alert code (RFC 8446 §6), `alertName` its name, and
 * `direction` says whether we sent it to the server (`sent`) or the server sent it (`received`).
 */
export class TLSError extends HTTPError {
  override name = 'TLSError';
  constructor(
    message: string,
    public alert: number = 80,
    public alertName: string = 'internal_error',
    public direction: 'sent' | 'received' | 'none' = 'sent',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The check that rejected a certificate chain. */
export type CertificateFailure =
  | 'expired'
  | 'not_yet_valid'
  | 'hostname_mismatch'
  | 'self_signed'
  | 'unknown_ca'
  | 'missing_intermediate'
  | 'issuer_not_ca'
  | 'path_length_exceeded'
  | 'key_usage'
  | 'extended_key_usage'
  | 'weak_signature_algorithm'
  | 'bad_signature'
  | 'unsupported_algorithm'
  | 'name_constraints'
  | 'malformed'
  | 'no_certificate'
  | 'handshake_signature';

/** The server's certificate chain failed verification; `reason` names the failed check. */
export class CertificateError extends TLSError {
  override name = 'CertificateError';
  constructor(
    message: string,
    public reason: CertificateFailure,
    public subject: string = '',
  ) {
    super(message, certificateAlert(reason), certificateAlertName(reason), 'sent');
  }
}

function certificateAlert(reason: CertificateFailure): number {
  switch (reason) {
    case 'expired':
    case 'not_yet_valid':
      return 45; // certificate_expired
    case 'self_signed':
    case 'unknown_ca':
    case 'missing_intermediate':
      return 48; // unknown_ca
    case 'unsupported_algorithm':
      return 43; // unsupported_certificate
    case 'malformed':
    case 'no_certificate':
      return 42; // bad_certificate
    case 'handshake_signature':
      return 51; // decrypt_error
    default:
      return 42; // bad_certificate
  }
}

function certificateAlertName(reason: CertificateFailure): string {
  return (
    { 45: 'certificate_expired', 48: 'unknown_ca', 43: 'unsupported_certificate', 42: 'bad_certificate', 51: 'decrypt_error' } as Record<
      number,
      string
    >
  )[certificateAlert(reason)]!;
}

/** The server broke the HTTP protocol (malformed response, HTTP/2 violation...). */
export class RemoteProtocolError extends HTTPError {
  override name = 'RemoteProtocolError';
  constructor(
    message: string,
    public code: string = 'PROTOCOL_ERROR',
  ) {
    super(message);
  }
}

/** A body could not be decoded (gzip, br, zstd...) or exceeded the decoded-size limit. */
export class DecodingError extends HTTPError {
  override name = 'DecodingError';
}

/** Redirects exceeded `maxRedirects`. */
export class TooManyRedirects extends HTTPError {
  override name = 'TooManyRedirects';
  constructor(
    message: string,
    public maxRedirects: number = 0,
  ) {
    super(message);
  }
}

/**
 * `raiseForStatus()` on a 4xx or 5xx response. `request` and `response` are the client's Request
 * and Response (httpx's attributes): their types are declared where those classes live
 * (src/client/response.ts), since this module imports nothing.
 */
export class HTTPStatusError extends HTTPError {
  override name = 'HTTPStatusError';
  constructor(
    message: string,
    public status: number = 0,
    public url: string = '',
    context?: { request: object; response: object },
  ) {
    super(message);
    // Not enumerable: a logged or thrown-across-threads error carries its message, not a whole body.
    if (context) Object.defineProperties(this, { request: { value: context.request }, response: { value: context.response } });
  }
}

/** A worker thread died or the pool was closed while a request was in flight. */
export class PoolError extends HTTPError {
  override name = 'PoolError';
}

/** The client was used after `close()`. */
export class ClientClosedError extends PoolError {
  override name = 'ClientClosedError';
}

/**
 * A WebSocket failed (src/websocket): the connection dropped, or was failed by us. `closeCode` is
 * what the close event reports: 1006 for a connection lost without a close frame, else the code we
 * closed with (1002 protocol error, 1007 invalid data such as bad UTF-8, 1009 message too big).
 */
export class WebSocketError extends HTTPError {
  override name = 'WebSocketError';
  constructor(
    message: string,
    public closeCode: number = 1006,
  ) {
    super(message);
  }
}

/** The opening handshake was refused or malformed (not 101/200, a wrong Sec-WebSocket-Accept...). `status` is the server's, 0 if none. */
export class WebSocketHandshakeError extends WebSocketError {
  override name = 'WebSocketHandshakeError';
  public status = 0;
}

/** The server broke RFC 6455 or RFC 7692: a masked frame, bad opcode or RSV bit, invalid UTF-8, a bad close code, an oversized frame or message. */
export class WebSocketProtocolError extends WebSocketError {
  override name = 'WebSocketProtocolError';
}

const errorClasses = {
  HTTPError,
  RequestError,
  InvalidURL,
  UnknownProfileError,
  ConnectError,
  ProxyError,
  TimeoutError,
  AbortError,
  TLSError,
  CertificateError,
  RemoteProtocolError,
  DecodingError,
  TooManyRedirects,
  HTTPStatusError,
  PoolError,
  ClientClosedError,
  WebSocketError,
  WebSocketHandshakeError,
  WebSocketProtocolError,
} as const;

/** An error as it crosses a thread boundary: structured clone would drop its class. */
export interface WireError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) {
      if (key === 'name' || key === 'message' || key === 'cause') continue;
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value)) fields[key] = value;
    }
    return { name: error.name, message: error.message, fields };
  }
  return { name: 'HTTPError', message: String(error), fields: {} };
}

export function errorFromWire(wire: WireError): HTTPError {
  // Every class takes the message first; its other fields are restored from `fields` below.
  const known = (errorClasses as unknown as Record<string, new (message: string) => HTTPError>)[wire.name];
  const error = known ? new known(wire.message) : new HTTPError(`${wire.name}: ${wire.message}`);
  Object.assign(error, wire.fields);
  return error;
}
