/** The header lists the HTTP/1.1 writer and the HTTP/2 session receive: order, spelling, added and dropped fields. */
import { describe, expect, it } from 'vitest';
import { http1Headers } from '../../src/http/h1/request-headers.js';
import { encodeRequestHead } from '../../src/http/h1/request-writer.js';
import { http2Headers } from '../../src/http/h2-headers.js';
import { http2Order } from '../../src/profiles/http2-order.js';
import { RequestError } from '../../src/errors.js';
import { getProfile } from '../../src/profiles/registry.js';

const chrome = getProfile('chrome');
const firefox = getProfile('firefox');

describe('HTTP/1.1 header list', () => {
  it("Chrome: Host, Connection, Content-Length first; profile spelling; priority dropped", () => {
    const headers = http1Headers({
      method: 'POST',
      headers: [['cookie', 'a=b'], ...chrome.headers, ['content-type', 'application/x-www-form-urlencoded'], ['origin', 'https://site']],
      profile: chrome,
      headerOrder: null,
      authority: 'example.com',
      body: new Uint8Array(3),
    });
    expect(headers.map(([n]) => n)).toEqual([
      'Host',
      'Connection',
      'Content-Length',
      'sec-ch-ua',
      'sec-ch-ua-mobile',
      'sec-ch-ua-platform',
      'Origin',
      'Content-Type',
      'Upgrade-Insecure-Requests',
      'User-Agent',
      'Accept',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Sec-Fetch-User',
      'Sec-Fetch-Dest',
      'Accept-Encoding',
      'Accept-Language',
      'Cookie',
    ]);
    expect(headers[0]).toEqual(['Host', 'example.com']);
    expect(headers[2]).toEqual(['Content-Length', '3']);
  });

  it('a priority header the caller set on purpose is kept', () => {
    const headers = http1Headers({ method: 'GET', headers: [['priority', 'u=3']], profile: chrome, headerOrder: null, authority: 'h', body: null });
    expect(headers).toContainEqual(['priority', 'u=3']);
  });

  it("Firefox's order, Connection after Authorization", () => {
    const headers = http1Headers({ method: 'GET', headers: [...firefox.headers, ['authorization', 'Basic x']], profile: firefox, headerOrder: null, authority: 'h', body: null });
    expect(headers.map(([n]) => n)).toEqual([
      'Host',
      'User-Agent',
      'Accept',
      'Accept-Language',
      'Accept-Encoding',
      'Authorization',
      'Connection',
      'Upgrade-Insecure-Requests',
      'Sec-Fetch-Dest',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Site',
      'Priority',
    ]);
  });

  it('a caller Host value and duplicate headers in order', () => {
    const headers = http1Headers({
      method: 'GET',
      headers: [['x-dup', '1'], ['HOST', 'virtual.example'], ['x-dup', '2']],
      profile: chrome,
      headerOrder: null,
      authority: 'h',
      body: null,
    });
    expect(headers).toEqual([
      ['Host', 'virtual.example'],
      ['Connection', 'keep-alive'],
      ['x-dup', '1'],
      ['x-dup', '2'],
    ]);
  });

  it('the writer refuses header injection', () => {
    expect(() => encodeRequestHead({ method: 'GET', target: '/', headers: [['X-A', 'v\r\nX-Injected: 1']], body: null })).toThrow(RequestError);
    expect(() => encodeRequestHead({ method: 'GET', target: '/', headers: [['X A', 'v']], body: null })).toThrow(RequestError);
    expect(() => encodeRequestHead({ method: 'GET', target: '/a b', headers: [], body: null })).toThrow(RequestError);
    expect(() => encodeRequestHead({ method: 'G T', target: '/', headers: [], body: null })).toThrow(RequestError);
  });

  it('values outside latin1 go out as UTF-8, latin1 ones byte for byte', () => {
    const head = encodeRequestHead({ method: 'GET', target: '/', headers: [['X-L', 'caf\u00e9'], ['X-U', '\u2603']], body: null });
    expect(head.includes(Buffer.from('X-L: caf\xe9\r\n', 'latin1'))).toBe(true);
    expect(head.includes(Buffer.from('X-U: \u2603\r\n', 'utf8'))).toBe(true);
  });
});

describe('HTTP/2 header list', () => {
  it("Chrome's order with placed headers", () => {
    expect(http2Order(chrome)).toEqual([
      'content-length',
      'authorization',
      'sec-ch-ua',
      'sec-ch-ua-mobile',
      'sec-ch-ua-platform',
      'origin',
      'content-type',
      'upgrade-insecure-requests',
      'user-agent',
      'accept',
      'sec-fetch-site',
      'sec-fetch-mode',
      'sec-fetch-user',
      'sec-fetch-dest',
      'referer',
      'accept-encoding',
      'accept-language',
      'cookie',
      'priority',
    ]);
  });

  it("Firefox's order, and te: trailers kept while other TE values go", () => {
    const { headers } = http2Headers({
      method: 'GET',
      headers: [['te', 'trailers'], ['Cookie', 'x=1'], ['Referer', 'https://r/'], ...firefox.headers, ['transfer-encoding', 'chunked']],
      profile: firefox,
      headerOrder: null,
      authority: 'h',
      body: null,
    });
    expect(headers.map(([n]) => n)).toEqual([
      'user-agent',
      'accept',
      'accept-language',
      'accept-encoding',
      'referer',
      'cookie',
      'upgrade-insecure-requests',
      'sec-fetch-dest',
      'sec-fetch-mode',
      'sec-fetch-site',
      'priority',
      'te',
    ]);
  });
});
