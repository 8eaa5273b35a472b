/**
 * Issue 14 item 10: a caller's Host header on HTTP/2 becomes `:authority` (HTTP/2 has no Host
 * field), checked to be host[:port] first: a bad one is a RequestError and no stream is opened.
 * Against Node's http2 secure server, which records the `:authority` of every stream it gets.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../src/errors.js';
import { AsyncClient } from '../../src/index.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { makeRequest, text } from './request.js';

let pki: Pki;
let server: http2.Http2SecureServer;
let url: string;
const pool = new ConnectionPool();
/** The `:authority` of each stream, as the server parsed it. */
const authorities: string[] = [];

beforeAll(async () => {
  pki = await makePki();
  const leaf = pki.leaves.ecdsaP256;
  server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => {
    authorities.push(String(req.headers[':authority']));
    res.end(`${req.httpVersion} ${req.authority}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  pool.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function get(host: [string, string][]) {
  const request = makeRequest(url, { ca: [pki.ca] });
  request.headers.push(...host);
  return performRequest(request, { pool });
}

describe('Host on HTTP/2', () => {
  it('without a Host header, :authority is the URL authority', async () => {
    const response = await get([]);
    expect(response.httpVersion).toBe('HTTP/2');
    expect(authorities.at(-1)).toBe(new URL(url).host);
  });

  for (const value of ['example.test', 'example.test:8443', 'EXAMPLE.test', '127.0.0.1:443', '[::1]:8443', '[2001:db8::1]']) {
    it(`Host: ${value} becomes :authority`, async () => {
      const response = await get([['Host', value]]);
      expect(response.httpVersion).toBe('HTTP/2');
      expect(authorities.at(-1)).toBe(value);
      expect(text(response.body)).toBe(`2.0 ${value}`);
    });
  }

  it('the header name in any case, its value trimmed', async () => {
    await get([['HOST', '  other.test:9000 ']]);
    expect(authorities.at(-1)).toBe('other.test:9000');
  });

  const bad = ['bad host', 'user@example.test', 'user:pass@example.test', 'example.test:99999', 'example.test:', 'example.test:80:81', 'a/b', '[::1', '[::1]x', '[not-ipv6]', ''];
  for (const value of bad) {
    it(`Host: ${JSON.stringify(value)} is a RequestError, and no stream is opened`, async () => {
      const before = authorities.length;
      const error = await get([['Host', value]]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestError);
      expect((error as Error).message).toMatch(/Host/);
      expect(authorities.length).toBe(before);
    });
  }

  it('two Host headers are a RequestError', async () => {
    const before = authorities.length;
    await expect(get([['Host', 'a.test'], ['host', 'b.test']])).rejects.toBeInstanceOf(RequestError);
    expect(authorities.length).toBe(before);
  });
});

describe('Host on HTTP/2 through AsyncClient (the worker pool)', () => {
  it('a user Host is the :authority; a bad one rejects with RequestError', async () => {
    await using client = new AsyncClient({ ca: pki.ca });
    const response = await client.get(url, { headers: { Host: 'api.example.test:8443' } });
    expect(response.httpVersion).toBe('HTTP/2');
    expect(authorities.at(-1)).toBe('api.example.test:8443');
    const before = authorities.length;
    await expect(client.get(url, { headers: { Host: 'user@api.example.test' } })).rejects.toBeInstanceOf(RequestError);
    expect(authorities.length).toBe(before);
  });
});
