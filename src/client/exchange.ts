/**
 * One request out, one response back: the message goes to the transport (retried if it never
 * connected), the answer becomes a Response. Redirects, cookies and hooks are the caller's.
 */
import type { ResponseMessage } from '../pool/messages.js';
import { logError, logRequest, logResponse } from './debug.js';
import { Headers } from './headers.js';
import { toRequestMessage } from './message.js';
import type { Request } from './request.js';
import { Response } from './response.js';
import { isRetryable, withRetries } from './retry.js';
import { RequestError } from '../errors.js';
import type { Settings } from './settings.js';
import { reasonPhrase } from './status-codes.js';
import type { StreamedBody, Transport } from './transport.js';

export interface ExchangeOptions {
  transport: Transport;
  settings: Settings;
  stream: boolean;
  signal?: AbortSignal;
  /** Whose connections the request may use (the client's own, or a shared ConnectionPool's). */
  scope: string;
  /** For streamed responses: called when the response is closed. */
  onClose?: (response: Response) => void;
}

export async function exchange(request: Request, options: ExchangeOptions): Promise<Response> {
  const { transport, settings, stream, signal } = options;
  const log = settings.log;
  const started = performance.now();
  let head: ResponseMessage;
  let body: StreamedBody | undefined;
  try {
    // A streamed body is read as it is sent: there is nothing left to send a second time.
    const retries = request.stream !== null ? 0 : settings.retries;
    [head, body] = await withRetries(request.method, retries, signal, async (attempt) => {
      // Built per attempt: the transport takes ownership of the body it was given.
      const message = toRequestMessage(request, settings, stream, options.scope);
      if (log) logRequest(log, message, attempt);
      const callOptions = signal ? { signal } : {};
      if (!stream) return [await transport.request(message, callOptions), undefined] as const;
      const streamed = await transport.stream(message, callOptions);
      return [streamed.response, streamed.body] as const;
    });
  } catch (caught) {
    let error = caught;
    if (request.stream !== null && settings.retries > 0 && isRetryable(request.method, caught)) {
      error = new RequestError(`streamed body cannot be resent: ${(caught as Error).message}`, { cause: caught });
    }
    if (log) logError(log, error);
    throw error;
  }
  const elapsed = performance.now() - started;
  if (log) logResponse(log, head, elapsed);
  const response: Response = new Response({
    status: head.status,
    reason: head.reason || reasonPhrase(head.status),
    httpVersion: head.httpVersion,
    headers: new Headers(head.headers),
    url: head.url || request.url,
    request,
    elapsed,
    tls: head.tls,
    profile: settings.profile.id,
    connectionReused: head.connectionReused,
    ...(body ? { body, onClose: () => options.onClose?.(response) } : { content: head.body ?? new Uint8Array(0) }),
    defaultEncoding: settings.encoding,
  });
  return response;
}
