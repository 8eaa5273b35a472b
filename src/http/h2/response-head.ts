/**
 * Checks a decoded response header block the way RFC 9113 §8.1.1, §8.2 and §8.3.2 ask of a
 * client, and splits it into status and fields. A malformed block is a stream error of type
 * PROTOCOL_ERROR (§8.1.1), which is also what Chrome does (net/spdy answers a missing `:status`
 * or a connection-specific field with RST_STREAM): the other requests on the connection live on.
 */
import { StreamError } from './stream-error.js';

export type FieldList = readonly (readonly [name: string, value: string])[];

export interface ResponseHead {
  status: number;
  /** Regular fields, in received order, duplicates kept. */
  headers: [string, string][];
  /** The Content-Length the body must match (§8.1.1), when the response has one. */
  contentLength: number | undefined;
}

/** §8.2.2: these make sense only on an HTTP/1.1 connection; HTTP/2 forbids them. */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

// §8.2.1: no octet outside the token range and no upper case in a name. In a value only NUL, CR
// and LF are refused: the leading/trailing whitespace the RFC also forbids is accepted, as
// browsers accept it, because real servers send it.
const BAD_NAME = /[^!#$%&'*+\-.^_`|~0-9a-z]/;
const BAD_VALUE = /[\0\r\n]/;

function malformed(message: string): StreamError {
  return new StreamError(`malformed response: ${message}`, 'PROTOCOL_ERROR');
}

function checkRegularField(name: string, value: string): void {
  if (name === '' || BAD_NAME.test(name)) throw malformed(`invalid field name ${JSON.stringify(name)}`);
  if (BAD_VALUE.test(value)) throw malformed(`field ${name} has a NUL, CR or LF in its value`);
  if (CONNECTION_SPECIFIC.has(name)) throw malformed(`connection-specific field ${name}`);
}

/** The response's status and fields; throws a StreamError when the block is malformed. */
export function parseResponseHead(fields: FieldList): ResponseHead {
  let status: number | undefined;
  let sawRegular = false;
  const headers: [string, string][] = [];
  let contentLength: number | undefined;
  for (const [name, value] of fields) {
    if (name.startsWith(':')) {
      if (sawRegular) throw malformed(`pseudo-header ${name} after a regular field`);
      if (name !== ':status') throw malformed(`pseudo-header ${name} in a response`);
      if (status !== undefined) throw malformed('two :status fields');
      if (!/^[1-9][0-9]{2}$/.test(value)) throw malformed(`invalid :status ${JSON.stringify(value)}`);
      status = Number(value);
      continue;
    }
    sawRegular = true;
    checkRegularField(name, value);
    if (name === 'content-length') contentLength = mergeContentLength(contentLength, value);
    headers.push([name, value]);
  }
  if (status === undefined) throw malformed('no :status');
  // §8.6: 101 (Switching Protocols) does not exist in HTTP/2.
  if (status === 101) throw malformed('status 101 is not allowed in HTTP/2');
  return { status, headers, contentLength };
}

/** A trailer block: regular fields only (§8.1). */
export function parseTrailers(fields: FieldList): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of fields) {
    if (name.startsWith(':')) throw malformed(`pseudo-header ${name} in trailers`);
    checkRegularField(name, value);
    out.push([name, value]);
  }
  return out;
}

/** Content-Length values (possibly repeated, possibly comma-joined) must all agree. */
function mergeContentLength(previous: number | undefined, value: string): number {
  let result = previous;
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    if (!/^[0-9]{1,15}$/.test(trimmed)) throw malformed(`invalid content-length ${JSON.stringify(value)}`);
    const n = Number(trimmed);
    if (result !== undefined && result !== n) throw malformed(`conflicting content-length values`);
    result = n;
  }
  return result!;
}
