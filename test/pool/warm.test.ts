/**
 * Threads start ahead of the first request: a new client warms its transport, so the worker
 * thread loads the engine while the caller is still preparing. A warmed, unused thread does not
 * keep the process alive and exits after its idle time like any other.
 */
import { describe, expect, it } from 'vitest';
import { AsyncClient } from '../../src/client/index.js';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest } from './helpers.js';

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('warming the pool', () => {
  it('a new client starts every thread of its pool before any request, and they serve the first one', async () => {
    await using pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER });
    expect(pool.stats().threads).toBe(0);
    const client = new AsyncClient({ transport: pool });
    await until(() => pool.stats().threads === 2);
    expect(pool.used).toBe(false);
    expect((await pool.request(fakeRequest('https://w.test/echo'))).status).toBe(200);
    expect(pool.used).toBe(true);
    await client.close();
  });

  it('warmed threads that get no request exit after the idle time', async () => {
    await using pool = new WorkerPool({ workers: 1, workerFile: FAKE_WORKER, idleTimeoutMs: 100 });
    pool.warm();
    await until(() => pool.stats().threads === 1);
    await until(() => pool.stats().threads === 0);
  });
});
