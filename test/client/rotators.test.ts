import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsyncClient, ConnectError, HeaderRotator, Proxy, ProxyRotator, RequestError, RotatorError, TLSIdentifierRotator } from '../../src/index.js';
import { FakeTransport } from './fake-transport.js';

/** A fixed sequence standing in for Math.random. */
const sequence = (...values: number[]): (() => number) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('strategies', () => {
  it('round_robin goes in turn', () => {
    const r = new TLSIdentifierRotator(['a', 'b', 'c']);
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual(['a', 'b', 'c', 'a']);
  });

  it('random picks uniformly from the injected source', () => {
    const r = new TLSIdentifierRotator(['a', 'b', 'c'], { strategy: 'random', random: sequence(0.9, 0.1, 0.5) });
    expect([r.next(), r.next(), r.next()]).toEqual(['c', 'a', 'b']);
  });

  it('weighted picks by weight', () => {
    const proxies = [new Proxy('http://a:1', { weight: 1 }), new Proxy('http://b:1', { weight: 3 })];
    const r = new ProxyRotator(proxies, { random: sequence(0.2, 0.3, 0.99) });
    expect([r.next(), r.next(), r.next()].map((p) => p.url)).toEqual(['http://a:1', 'http://b:1', 'http://b:1']);
  });

  it('an empty rotator and an unknown strategy are RotatorErrors', () => {
    expect(() => new HeaderRotator([]).next()).toThrow(RotatorError);
    expect(() => new TLSIdentifierRotator(['a'], { strategy: 'nope' as 'random' })).toThrow(RotatorError);
  });

  it('the default identifier rotator holds tls_requests’ default list', () => {
    expect([...new TLSIdentifierRotator()]).toEqual([
      'chrome_120',
      'chrome_124',
      'chrome_131',
      'chrome_133',
      'firefox_120',
      'firefox_123',
      'firefox_132',
      'firefox_133',
      'safari_16_0',
      'safari_ios_16_0',
      'safari_ios_17_0',
      'safari_ios_18_0',
      'safari_ios_18_5',
    ]);
  });

  it('fromFile reads text lines with comments, JSON arrays, and lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotators-'));
    writeFileSync(join(dir, 'proxies.txt'), '# proxies\nhttp://u:p@h1:8080|2|eu\n\nh2:3128  # bare host\n');
    writeFileSync(join(dir, 'ids.json'), '["chrome", "firefox"]');
    const proxies = ProxyRotator.fromFile(join(dir, 'proxies.txt'));
    expect(proxies.items.map((p) => p.toDict())).toEqual([
      { url: 'http://u:p@h1:8080', weight: 2, region: 'eu' },
      { url: 'http://h2:3128', weight: 1, region: null },
    ]);
    expect([...TLSIdentifierRotator.fromFile(join(dir, 'ids.json'))]).toEqual(['chrome', 'firefox']);
    expect(HeaderRotator.fromFile([{ A: '1' }]).next().get('a')).toBe('1');
  });
});

describe('Proxy', () => {
  it('success raises the weight 5% up to 10; failure lowers it 15% down to 0.1', () => {
    const p = new Proxy('socks5://h:1080', { weight: 9.9 });
    p.markSuccess(120);
    expect(p.weight).toBe(10);
    expect(p.latency).toBe(120);
    const q = new Proxy('h:1', { weight: 1 });
    q.markSuccess();
    expect(q.weight).toBeCloseTo(1.05);
    q.markFailed();
    expect(q.weight).toBeCloseTo(1.05 * 0.85);
    for (let i = 0; i < 40; i++) q.markFailed();
    expect(q.weight).toBe(0.1);
    expect(q.successRate).toBeCloseTo(1 / 42);
  });

  it('validates the URL', () => {
    expect(new Proxy('socks5h://user:pw@host:1080/ignored').url).toBe('socks5h://user:pw@host:1080');
    expect(() => new Proxy('ftp://h:1')).toThrow(RequestError);
    expect(() => new Proxy('http://h:1', { weight: 0 })).toThrow(RequestError);
  });
});

describe('rotation in the client', () => {
  it('a list of identifiers rotates one profile per request (all hops of a request share it)', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, clientIdentifier: ['chrome', 'firefox'] });
    const responses = [await client.get('https://example.com/'), await client.get('https://example.com/'), await client.get('https://example.com/')];
    expect(transport.calls.map((c) => c.profile.id)).toEqual(['chrome_156', 'firefox_153', 'chrome_156']);
    expect(responses.map((r) => r.profile)).toEqual(['chrome_156', 'firefox_153', 'chrome_156']);
    expect(transport.header(1, 'user-agent')).toMatch(/Firefox\/153/);
  });

  it('a proxy list becomes a weighted ProxyRotator, and results are marked', async () => {
    let fail = false;
    const transport = new FakeTransport((m) => {
      if (fail) throw new ConnectError('refused');
      return { status: m.url.endsWith('/407') ? 407 : 200 };
    });
    const rotator = new ProxyRotator(['http://p1:1'], { strategy: 'round_robin' });
    const client = new AsyncClient({ transport, proxy: rotator, trustEnv: false });
    await client.get('https://example.com/');
    expect(transport.calls[0]!.proxy).toBe('http://p1:1');
    const proxy = rotator.items[0]!;
    expect(proxy.weight).toBeCloseTo(1.05);
    expect(proxy.latency).not.toBeNull();
    await client.get('https://example.com/407');
    expect(proxy.failures).toBe(1);
    fail = true;
    await expect(client.get('https://example.com/')).rejects.toBeInstanceOf(ConnectError);
    expect(proxy.failures).toBe(2);
    expect(proxy.lastUsed).not.toBeNull();
  });

  it('header sets rotate under the profile defaults', async () => {
    const transport = new FakeTransport();
    const rotator = new HeaderRotator([{ 'User-Agent': 'one' }, { 'User-Agent': 'two' }], { strategy: 'round_robin' });
    const client = new AsyncClient({ transport, headers: rotator });
    await client.get('https://example.com/');
    await client.get('https://example.com/');
    expect([0, 1].map((i) => transport.header(i, 'user-agent'))).toEqual(['one', 'two']);
    expect(transport.header(0, 'sec-ch-ua')).toBeDefined();
    expect(rotator.next('override').get('user-agent')).toBe('override');
  });
});
