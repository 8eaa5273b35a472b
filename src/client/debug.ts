/**
 * The `debug` option's log: what went out and what came back, in curl -v's arrows, so a caller
 * can see the headers the profile added and the TLS parameters the server chose. Credentials are
 * masked (redact.ts): debug logs end up in bug reports and CI output.
 */
import type { RequestMessage, ResponseMessage } from '../pool/messages.js';
import type { DebugLogger } from './options.js';
import { redactHeader, redactUrls } from './redact.js';
import { reasonPhrase } from './status-codes.js';

export function logRequest(log: DebugLogger, message: RequestMessage, attempt: number): void {
  const via = message.proxy ? ` via ${redactUrls(message.proxy)}` : '';
  const retry = attempt > 0 ? ` (retry ${attempt})` : '';
  log(`> ${message.method} ${redactUrls(message.url)} [${message.profile.id}, http2=${message.http2}${via}]${retry}`);
  for (const [name, value] of message.headers) log(`> ${name}: ${redactHeader(name, value)}`);
  if (message.body) log(`> [${message.body.length} bytes of body]`);
}

export function logResponse(log: DebugLogger, response: ResponseMessage, elapsedMs: number): void {
  const tls = response.tls ? `, ${response.tls.version} ${response.tls.cipher}, ALPN ${response.tls.alpn || 'none'}${response.tls.resumed ? ', resumed' : ''}` : '';
  const reused = response.connectionReused ? ', reused connection' : '';
  log(`< ${response.httpVersion} ${response.status} ${response.reason || reasonPhrase(response.status)} [${elapsedMs.toFixed(1)} ms${tls}${reused}]`);
  for (const [name, value] of response.headers) log(`< ${name}: ${redactHeader(name, value)}`);
  if (response.body) log(`< [${response.body.length} bytes of body]`);
}

export function logError(log: DebugLogger, error: unknown): void {
  log(`! ${redactUrls(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`);
}
