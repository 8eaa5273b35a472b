/**
 * Building answers. Every JSON answer carries the echo server's fingerprint report after
 * httpbin's own keys (`httpVersion`, `method`, `path`, `tls`, `http2`/`http1`), so a client
 * reading `args` or `headers` and one reading `tls.ja4` use the same server.
 */
import type { JsonValue } from '../json.js';
import { absoluteUrl } from './request-view.js';
import type { EchoAnswer, EchoRequest } from './exchange.js';

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=utf-8';

const encoder = new TextEncoder();

/**
 * The JSON text of an answer: httpbin's keys, then the report's (the report wins a shared key:
 * `method`, which is the same). One line and a newline, as the echo server has always answered,
 * so a client reading several answers from one stream can split them.
 */
export function jsonText(request: EchoRequest, value: { [key: string]: JsonValue }): string {
  return `${JSON.stringify({ ...value, ...request.report })}\n`;
}

export function jsonAnswer(request: EchoRequest, value: { [key: string]: JsonValue }, status = 200, headers: Array<[string, string]> = []): EchoAnswer {
  return { status, headers: [['Content-Type', JSON_TYPE], ...headers], body: encoder.encode(jsonText(request, value)) };
}

export function textAnswer(status: number, contentType: string, text: string, headers: Array<[string, string]> = []): EchoAnswer {
  return { status, headers: [['Content-Type', contentType], ...headers], body: encoder.encode(text) };
}

export function bytesAnswer(status: number, contentType: string, body: Uint8Array, headers: Array<[string, string]> = []): EchoAnswer {
  return { status, headers: [['Content-Type', contentType], ...headers], body };
}

export function emptyAnswer(status: number, headers: Array<[string, string]> = []): EchoAnswer {
  return { status, headers: [['Content-Type', HTML_TYPE], ...headers], body: new Uint8Array(0) };
}

/** Flask's redirect(): 302 (or the given status) with Location and werkzeug's short HTML page. */
export function redirectAnswer(location: string, status = 302): EchoAnswer {
  const safe = location.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${safe}">${safe}</a>. If not, click the link.\n`;
  return textAnswer(status, HTML_TYPE, html, [['Location', location]]);
}

/** A Location made absolute against this request, for /absolute-redirect. */
export function absoluteLocation(request: EchoRequest, path: string): string {
  return absoluteUrl(request, path);
}
