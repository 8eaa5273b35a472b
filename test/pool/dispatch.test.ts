import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest, header, hostsOnDistinctShards, text, withConcurrency } from './helpers.js';

describe('WorkerPool dispatch', () => {
  const pool = new WorkerPool({ workers: 4, workerFile: FAKE_WORKER });
  afterAll(() => pool.close());

  it('completes 1,000 requests at 100 in flight, each with its own body', async () => {
    const hosts = ['a.test', 'b.test', 'c.test', 'd.test', 'e.test', 'f.test', 'g.test', 'h.test'];
    // Warm every shard first: thread start-up (tsx included) is not what is measured.
    await Promise.all(hosts.map((host) => pool.request(fakeRequest(`https://${host}/echo`))));

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = performance.now();
    const responses = await withConcurrency(1_000, 100, (i) =>
      pool.request(fakeRequest(`https://${hosts[i % hosts.length]}/echo?delay=${i % 5}`, { headers: [['x-id', String(i)]] })),
    );
    const elapsed = performance.now() - started;
    delay.disable();

    responses.forEach((response, i) => {
      expect(response.status).toBe(200);
      expect(text(response)).toBe(`echo:${i}`);
    });
    const ms = (ns: number): string => (ns / 1e6).toFixed(2);
    console.log(
      `1,000 requests (100 in flight, 4 workers, fake handler with 0-4 ms delays): ${elapsed.toFixed(0)} ms, ` +
        `${((1_000 / elapsed) * 1_000).toFixed(0)} req/s; main event-loop delay p50 ${ms(delay.percentile(50))} ms, ` +
        `p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
    );
    expect(pool.stats().inFlight.every((n) => n === 0)).toBe(true);
  });

  it('sends every request for an origin to the same thread', async () => {
    const [first, second] = hostsOnDistinctShards((request) => pool.shardOf(request), 2);
    const threadsOf = async (host: string): Promise<Set<string>> => {
      const responses = await Promise.all(
        Array.from({ length: 40 }, () => pool.request(fakeRequest(`https://${host}/echo?delay=2`))),
      );
      return new Set(responses.map((response) => header(response, 'x-thread')!));
    };
    const firstThreads = await threadsOf(first!);
    const secondThreads = await threadsOf(second!);
    expect(firstThreads.size).toBe(1);
    expect(secondThreads.size).toBe(1);
    expect([...firstThreads][0]).not.toBe([...secondThreads][0]);
  });

  it('keys affinity on scheme, host, port, profile and proxy', () => {
    const key = (url: string, proxy: string | null = null): number => pool.shardOf(fakeRequest(url, { proxy }));
    // The default port is the same origin as no port; paths and queries do not matter.
    expect(key('https://x.test/a?b=1')).toBe(key('https://x.test:443/c'));
    expect(key('http://x.test/')).toBe(key('http://x.test:80/'));
    // Different origins or proxies spread over the shards rather than piling onto one.
    const shards = new Set(Array.from({ length: 64 }, (_, i) => key(`https://x.test/`, `http://proxy-${i}.test:8080`)));
    expect(shards.size).toBe(4);
  });

  it('reports stats', async () => {
    const before = pool.stats();
    await pool.request(fakeRequest('https://a.test/echo'));
    await expect(pool.request(fakeRequest('https://a.test/error/tls'))).rejects.toThrow();
    const after = pool.stats();
    expect(after.completed - before.completed).toBe(1);
    expect(after.failed - before.failed).toBe(1);
    expect(after.inFlight).toHaveLength(4);
  });
});
