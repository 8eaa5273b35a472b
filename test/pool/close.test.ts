import { describe, expect, it } from 'vitest';
import { ClientClosedError, PoolError } from '../../src/errors.js';
import { WorkerPool, closeDefaultPool, configureDefaultPool, defaultPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest } from './helpers.js';

describe('closing the pool', () => {
  it('rejects pending requests and streams with ClientClosedError, then refuses new ones', async () => {
    const pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER });
    const { body } = await pool.stream(fakeRequest('https://c.test/stream?size=100000000', { stream: true }));
    const pending = [pool.request(fakeRequest('https://c.test/hang')), pool.request(fakeRequest('https://d.test/echo?delay=5000'))];
    const reading = (async () => {
      for await (const _ of body);
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closing = pool.close();
    expect(pool.close()).toBe(closing); // idempotent
    for (const outcome of await Promise.allSettled([...pending, reading])) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ClientClosedError);
    }
    await closing;
    await pool.close();
    await expect(pool.request(fakeRequest('https://c.test/echo'))).rejects.toBeInstanceOf(ClientClosedError);
    await expect(pool.stream(fakeRequest('https://c.test/echo'))).rejects.toBeInstanceOf(ClientClosedError);
    expect(pool.stats().failed).toBe(3);
  });

  it('the default pool is created lazily, configurable only before its first request, and reopens after close', async () => {
    await closeDefaultPool();
    configureDefaultPool({ workers: 2, workerFile: FAKE_WORKER });
    const warmed = defaultPool();
    warmed.warm();
    // Warmed by a new client but never used: configuring replaces it.
    configureDefaultPool({ workers: 1, workerFile: FAKE_WORKER });
    expect(warmed.closed).toBe(true);
    const pool = defaultPool();
    expect(defaultPool()).toBe(pool);
    expect(pool.workers).toBe(1);
    expect((await pool.request(fakeRequest('https://x.test/echo'))).status).toBe(200);
    expect(() => configureDefaultPool({ workers: 2 })).toThrow(PoolError);
    await closeDefaultPool();
    expect(pool.closed).toBe(true);
    const fresh = defaultPool();
    expect(fresh).not.toBe(pool);
    await closeDefaultPool();
  });

  it('rejects a worker count that is not a positive integer', () => {
    expect(() => new WorkerPool({ workers: 0 })).toThrow(/positive integer/);
  });
});
