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
import { withRetries } from './retry.js';
import type { Settings } from './settings.js';
import { reasonPhrase } from './status-codes.js';
import type { StreamedBody, Transport } from './transport.js';

export interface ExchangeOptions {
  transport: Transport;
  settings: Settings;
  stream: boolean;
  signal?: AbortSignal;
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
    [head, body] = await withRetries(request.method, settings.retries, signal, async (attempt) => {
      // Built per attempt: the transport takes ownership of the body it was given.
      const message = toRequestMessage(request, settings, stream);
      if (log) logRequest(log, message, attempt);
      const callOptions = signal ? { signal } : {};
      if (!stream) return [await transport.request(message, callOptions), undefined] as const;
      const streamed = await transport.stream(message, callOptions);
      return [streamed.response, streamed.body] as const;
    });
  } catch (error) {
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
