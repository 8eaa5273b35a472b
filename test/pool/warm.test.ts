/**
 * Threads start ahead of the first request: a new client warms its transport, so the worker
 * thread its first request will use loads the engine while the caller is still preparing. A
 * warmed, unused thread does not keep the process alive and exits after its idle time like any
 * other. Connection keys are given shards as they come, evenly.
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
  it('a new client starts the thread its first request will use, before the request; a second origin gets the other', async () => {
    await using pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER });
    expect(pool.stats().threads).toBe(0);
    const client = new AsyncClient({ transport: pool });
    await until(() => pool.stats().threads === 1);
    expect(pool.used).toBe(false);
    const first = fakeRequest('https://w.test/echo');
    const warmed = pool.shardOf(first);
    expect((await pool.request(first)).status).toBe(200);
    expect(pool.used).toBe(true);
    // Only the warmed thread ran it; another origin is given the other shard, whose thread starts then.
    expect(pool.stats().threads).toBe(1);
    const second = fakeRequest('https://v.test/echo');
    expect(pool.shardOf(second)).not.toBe(warmed);
    expect((await pool.request(second)).status).toBe(200);
    expect(pool.stats().threads).toBe(2);
    await client.close();
  });

  it('new connection keys spread evenly over the shards, and each keeps its shard', () => {
    const pool = new WorkerPool({ workers: 4, workerFile: FAKE_WORKER });
    const shards = Array.from({ length: 40 }, (_, i) => pool.shardOf(fakeRequest(`https://spread-${i}.test/`)));
    expect([0, 1, 2, 3].map((shard) => shards.filter((s) => s === shard).length)).toEqual([10, 10, 10, 10]);
    expect(Array.from({ length: 40 }, (_, i) => pool.shardOf(fakeRequest(`https://spread-${i}.test/other`)))).toEqual(shards);
    void pool.close();
  });

  it('warmed threads that get no request exit after the idle time', async () => {
    await using pool = new WorkerPool({ workers: 1, workerFile: FAKE_WORKER, idleTimeoutMs: 100 });
    pool.warm();
    await until(() => pool.stats().threads === 1);
    await until(() => pool.stats().threads === 0);
  });
});
