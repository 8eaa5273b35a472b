import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsyncClient, ConnectError, ProxyError, RequestError, TimeoutError } from '../../src/index.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { proxyFromEnv } from '../../src/client/env-proxy.js';
import { isRetryable, retryDelay } from '../../src/client/retry.js';
import { FakeTransport } from './fake-transport.js';

describe('transport settings in the message', () => {
  it('defaults: auto HTTP/2, verify, 30 s, decode, no proxy without env', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, trustEnv: false }).get('https://example.com/');
    const m = transport.calls[0]!;
    expect({ http2: m.http2, verify: m.verify, timeout: m.timeout, decode: m.decode, proxy: m.proxy, random: m.randomTlsExtensionOrder, family: m.family }).toEqual({
      http2: 'auto',
      verify: true,
      timeout: 30_000,
      decode: true,
      proxy: null,
      random: false,
      family: 0,
    });
  });

  it('client values pass through and requests override them', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({
      transport,
      http2: false,
      verify: false,
      ca: '-----BEGIN CERTIFICATE-----',
      proxy: 'socks5://u:p@127.0.0.1:1080',
      randomTlsExtensionOrder: true,
      localAddress: '127.0.0.2',
      family: 4,
      lookup: { 'Example.com': '127.0.0.1' },
      maxBodySize: 1024,
      keylog: '/tmp/keys',
      clientIdentifier: firefox153,
    });
    await client.get('https://example.com/');
    await client.get('https://example.com/', { http2: 'http2', proxy: null, verify: true, ca: ['a', 'b'] });
    const [a, b] = transport.calls;
    expect(a).toMatchObject({
      http2: 'http1',
      verify: false,
      ca: ['-----BEGIN CERTIFICATE-----'],
      proxy: 'socks5://u:p@127.0.0.1:1080',
      randomTlsExtensionOrder: true,
      localAddress: '127.0.0.2',
      family: 4,
      resolve: { 'example.com': '127.0.0.1' },
      maxBodySize: 1024,
      keylog: '/tmp/keys',
    });
    expect(a!.profile.id).toBe('firefox_153');
    expect(b).toMatchObject({ http2: 'http2', proxy: null, verify: true, ca: ['a', 'b'] });
    expect(() => new AsyncClient({ http2: 'h3' as 'auto' })).not.toThrow();
    await expect(new AsyncClient({ transport, http2: 'h3' as 'auto' }).get('https://example.com/')).rejects.toBeInstanceOf(RequestError);
  });

  it('a lookup function is refused with the reason', () => {
    expect(() => new AsyncClient({ lookup: () => undefined })).toThrow(/cannot be sent/);
  });

  it('ja3 and akamai strings build the profile sent to the worker; unsatisfiable ones are refused', async () => {
    expect(() => new AsyncClient({ ja3: '771,4865,0,29,0' })).toThrow(RequestError);
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).get('https://example.com/', { akamai: '1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p' });
    const sent = transport.calls.at(-1)!;
    expect(sent.profile.http2.settings).toEqual([
      [1, 65536],
      [2, 0],
      [4, 6291456],
      [6, 262144],
    ]);
    expect(sent.profile.http2.connectionWindowUpdate).toBe(15663105);
    await expect(new AsyncClient({ transport }).get('https://example.com/', { akamai: 'not an akamai string' })).rejects.toBeInstanceOf(RequestError);
  });

  it('negative timeouts and counts are refused', async () => {
    const client = new AsyncClient({ transport: new FakeTransport() });
    await expect(client.get('https://example.com/', { timeout: -1 })).rejects.toBeInstanceOf(RequestError);
    await expect(client.get('https://example.com/', { maxRedirects: -1 })).rejects.toBeInstanceOf(RequestError);
  });
});

describe('trustEnv', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the proxy for the scheme, honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://secure:1', http_proxy: 'http://plain:2', NO_PROXY: 'localhost,.internal.test,exact.test:8443' };
    expect(proxyFromEnv(new URL('https://example.com/'), env)).toBe('http://secure:1');
    expect(proxyFromEnv(new URL('http://example.com/'), env)).toBe('http://plain:2');
    expect(proxyFromEnv(new URL('https://a.internal.test/'), env)).toBeNull();
    expect(proxyFromEnv(new URL('https://internal.test/'), env)).toBeNull();
    expect(proxyFromEnv(new URL('https://localhost:99/'), env)).toBeNull();
    expect(proxyFromEnv(new URL('https://exact.test:8443/'), env)).toBeNull();
    expect(proxyFromEnv(new URL('https://exact.test/'), env)).toBe('http://secure:1');
    expect(proxyFromEnv(new URL('https://x.test/'), { ALL_PROXY: 'socks5://s:3', no_proxy: '*' })).toBeNull();
    expect(proxyFromEnv(new URL('https://x.test/'), { all_proxy: 'socks5://s:3' })).toBe('socks5://s:3');
  });

  it('the client applies the environment per hop unless told not to', async () => {
    vi.stubEnv('HTTPS_PROXY', 'proxy.test:3128');
    vi.stubEnv('NO_PROXY', 'skip.test');
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).get('https://example.com/');
    await new AsyncClient({ transport }).get('https://skip.test/');
    await new AsyncClient({ transport, trustEnv: false }).get('https://example.com/');
    expect(transport.calls.map((c) => c.proxy)).toEqual(['http://proxy.test:3128', null, null]);
  });
});

describe('retries', () => {
  it('retry idempotent requests that failed to connect, and only those', async () => {
    let failures = 2;
    const transport = new FakeTransport(() => {
      if (failures-- > 0) throw new ConnectError('ECONNREFUSED', 'ECONNREFUSED');
      return { body: 'ok' };
    });
    const client = new AsyncClient({ transport, retries: 2 });
    expect((await client.get('https://example.com/')).text).toBe('ok');
    expect(transport.calls).toHaveLength(3);
    failures = 1;
    await expect(client.post('https://example.com/')).rejects.toBeInstanceOf(ConnectError);
    expect(transport.calls).toHaveLength(4);
    expect(isRetryable('GET', new TimeoutError('t', 'connect'))).toBe(true);
    expect(isRetryable('GET', new TimeoutError('t', 'read'))).toBe(false);
    expect(isRetryable('GET', new ProxyError('407'))).toBe(false);
    expect([1, 2, 3, 10].map(retryDelay)).toEqual([0, 250, 500, 2000]);
  });
});

describe('debug', () => {
  it('logs what was sent and received to the given logger', async () => {
    const lines: string[] = [];
    const transport = new FakeTransport(() => ({ status: 201, headers: [['x-reply', '1']], body: 'abc' }));
    await new AsyncClient({ transport, debug: (line) => lines.push(line) }).post('https://example.com/', { content: 'hi' });
    expect(lines[0]).toBe('> POST https://example.com/ [chrome_156, http2=auto]');
    expect(lines).toContain('> user-agent: ' + transport.header(0, 'user-agent'));
    expect(lines).toContain('> [2 bytes of body]');
    expect(lines.some((l) => /^< HTTP\/2 201 Created \[[\d.]+ ms, TLSv1\.3 TLS_AES_128_GCM_SHA256, ALPN h2\]$/.test(l))).toBe(true);
    expect(lines).toContain('< x-reply: 1');
    expect(lines).toContain('< [3 bytes of body]');
  });
});
