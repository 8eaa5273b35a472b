/**
 * One test per tls_requests defect (fixtures/reference/anchors.md §1.12 items 1-5, the silent
 * fallback on unknown identifiers, and "only the first hook runs"): ours does what tls_requests
 * documents.
 */
import { describe, expect, it } from 'vitest';
import { AsyncClient, UnknownProfileError } from '../../src/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { FakeTransport, redirect, routes } from './fake-transport.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('tls_requests defects, fixed', () => {
  it('§1.12-1: concurrent awaits really overlap and the event loop stays free', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport = new FakeTransport(async (message) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(150);
      inFlight--;
      return { body: message.url };
    });
    const client = new AsyncClient({ transport });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => client.get(`https://example.com/${i}`)));
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(responses.map((r) => r.text)).toEqual(Array.from({ length: 20 }, (_, i) => `https://example.com/${i}`));
    expect(peak).toBe(20);
    // 20 × 150 ms one after another would take 3 s; the margin is for a loaded machine.
    expect(took).toBeLessThan(1500);
    expect(ticks).toBeGreaterThan(0);
  });

  it('§1.12-2: cookies a response sets are sent on the next request', async () => {
    const transport = new FakeTransport(routes({ '/first': { headers: [['set-cookie', 'session=abc']] } }));
    const client = new AsyncClient({ transport });
    await client.get('https://example.com/first');
    await client.get('https://example.com/second');
    expect(transport.header(1, 'cookie')).toBe('session=abc');
  });

  it('§1.12-3: client-level timeout and followRedirects are honoured by the method calls', async () => {
    const transport = new FakeTransport(routes({ '/r': redirect(302, '/target') }));
    const client = new AsyncClient({ transport, timeout: 10_000, followRedirects: false });
    const response = await client.get('https://example.com/r');
    expect(transport.calls[0]!.timeout).toBe(10_000);
    expect(response.status).toBe(302);
    expect(transport.calls).toHaveLength(1);
    // A request's own value still wins.
    await client.get('https://example.com/r', { timeout: 5_000, followRedirects: true });
    expect(transport.calls.slice(1).map((c) => c.timeout)).toEqual([5_000, 5_000]);
  });

  it('§1.12-4: sub-second timeouts are kept, not rounded to 0 (which meant 30 s)', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, timeout: 500 }).get('https://example.com/');
    await new AsyncClient({ transport }).get('https://example.com/', { timeout: 0.5 });
    expect(transport.calls.map((c) => c.timeout)).toEqual([500, 0.5]);
  });

  it('§1.12-5: the profile’s browser headers reach the wire when the caller gives none', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).get('https://example.com/');
    const sent = transport.calls[0]!.headers;
    expect(sent).toEqual(chrome156.headers);
    expect(transport.header(0, 'user-agent')).toMatch(/Chrome\/156/);
    expect(transport.header(0, 'sec-ch-ua')).toMatch(/Google Chrome";v="156"/);
  });

  it('an unknown client identifier throws with suggestions instead of silently sending Chrome', async () => {
    const construct = (): AsyncClient => new AsyncClient({ transport: new FakeTransport(), clientIdentifier: 'chrome_15' });
    expect(construct).toThrow(UnknownProfileError);
    const transport = new FakeTransport();
    const error = await new AsyncClient({ transport })
      .get('https://example.com/', { clientIdentifier: 'firefx' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownProfileError);
    expect((error as UnknownProfileError).suggestions).toContain('firefox');
    expect(transport.calls).toHaveLength(0);
    expect(() => new AsyncClient({ clientIdentifier: ['chrome', 'netscape_4'] })).toThrow(UnknownProfileError);
  });

  it('every hook runs, not only the first of each list', async () => {
    const ran: string[] = [];
    const client = new AsyncClient({
      transport: new FakeTransport(),
      hooks: {
        request: [() => void ran.push('request 1'), () => void ran.push('request 2')],
        response: [() => void ran.push('response 1'), () => void ran.push('response 2')],
      },
    });
    await client.get('https://example.com/');
    expect(ran).toEqual(['request 1', 'request 2', 'response 1', 'response 2']);
  });
});
