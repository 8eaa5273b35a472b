/**
 * The CLI's pure parts, without a process: curl's status line, -H parsing, the failure lines and
 * exit codes for every error class, and the table layout.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, ExitCode } from '../../src/cli/error-message.js';
import { parseHeaders } from '../../src/cli/request-flags.js';
import { statusLine } from '../../src/cli/response-output.js';
import { formatTable } from '../../src/cli/table.js';
import { UsageError } from '../../src/cli/usage-error.js';
import {
  CertificateError,
  ConnectError,
  DecodingError,
  HTTPError,
  InvalidURL,
  ProxyError,
  RemoteProtocolError,
  TimeoutError,
  TLSError,
  TooManyRedirects,
  UnknownProfileError,
} from '../../src/errors.js';

describe('statusLine: as curl prints it', () => {
  it.each([
    [{ httpVersion: 'HTTP/1.1', status: 200, reason: 'OK' }, 'HTTP/1.1 200 OK'],
    [{ httpVersion: 'HTTP/1.1', status: 404, reason: 'Not Found' }, 'HTTP/1.1 404 Not Found'],
    [{ httpVersion: 'HTTP/1.0', status: 200, reason: 'OK' }, 'HTTP/1.0 200 OK'],
    [{ httpVersion: 'HTTP/2', status: 200, reason: 'OK' }, 'HTTP/2 200'],
    [{ httpVersion: 'HTTP/2', status: 503, reason: 'Service Unavailable' }, 'HTTP/2 503'],
  ])('%o -> %s', (response, line) => {
    expect(statusLine(response)).toBe(line);
  });
});

describe('parseHeaders (-H)', () => {
  it('keeps order and repeats, trims values, and "Name:" removes', () => {
    expect(parseHeaders(['A: 1', 'B:2', 'a: 3', 'Accept-Language:'])).toEqual({ A: ['1', '3'], B: ['2'], 'Accept-Language': null });
  });

  it.each(['no colon', ': value', 'bad name: x'])('rejects %j', (line) => {
    expect(() => parseHeaders([line])).toThrow(UsageError);
  });
});

describe('describeFailure: the kind first, one line, curl exit codes', () => {
  it.each([
    [new CertificateError('chain expired\nat depth 0', 'expired'), /^certificate rejected \(expired\): chain expired at depth 0$/, ExitCode.certificate],
    [new TLSError('server said no', 40, 'handshake_failure', 'received'), /^TLS alert handshake_failure \(from the server\): /, ExitCode.tls],
    [new TLSError('bad record', 20, 'bad_record_mac', 'sent'), /^TLS alert bad_record_mac \(sent to the server\): /, ExitCode.tls],
    [new TimeoutError('no answer', 'handshake', 1500), /^timeout \(handshake\) after 1\.5 s: /, ExitCode.timeout],
    [new ConnectError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), /^connection refused \(ECONNREFUSED\): /, ExitCode.connect],
    [new ConnectError('getaddrinfo ENOTFOUND x.invalid', 'ENOTFOUND'), /^host not found \(ENOTFOUND\): /, ExitCode.resolve],
    [new ProxyError('407 from proxy', 'PROXY_AUTH'), /^proxy error \(PROXY_AUTH\): /, ExitCode.proxy],
    [new RemoteProtocolError('bad status line', 'PROTOCOL_ERROR'), /^protocol error \(PROTOCOL_ERROR\): /, ExitCode.protocol],
    [new DecodingError('bad gzip'), /^content decoding error: /, ExitCode.decoding],
    [new TooManyRedirects('more than 9', 9), /^too many redirects: /, ExitCode.tooManyRedirects],
    [new UnknownProfileError('unknown client identifier "x"', 'x'), /^unknown profile: /, ExitCode.usage],
    [new InvalidURL('no scheme'), /^invalid URL: /, ExitCode.badUrl],
    [new HTTPError('something else'), /^HTTPError: something else$/, ExitCode.generic],
    [new UsageError('--port: bad'), /^--port: bad$/, ExitCode.usage],
  ])('%s', (error, message, code) => {
    const failure = describeFailure(error);
    expect(failure.message).toMatch(message);
    expect(failure.message).not.toContain('\n');
    expect(failure.exitCode).toBe(code);
  });
});

describe('formatTable', () => {
  it('aligns columns, leaves no trailing spaces', () => {
    expect(formatTable(['A', 'BB'], [['long', 'x'], ['s', '']])).toBe('A     BB\n----  --\nlong  x\ns');
  });
});
