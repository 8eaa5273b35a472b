import { afterAll, describe, expect, it } from 'vitest';
import { PoolError } from '../../src/errors.js';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest, header, hostsOnDistinctShards } from './helpers.js';

describe('a worker that dies takes only its own requests with it', () => {
  const pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER });
  afterAll(() => pool.close());
  const [doomed, healthy] = hostsOnDistinctShards((request) => pool.shardOf(request), 2);

  for (const [how, path] of [
    ['process.exit', '/crash/exit?delay=100'],
    ['an exception thrown in a timer', '/crash/throw?delay=100'],
  ] as const) {
    it(`${how}: its in-flight requests reject with PoolError, the other shard's complete, the shard recovers`, async () => {
      const before = await pool.request(fakeRequest(`https://${doomed}/echo`));
      const bystanders = Array.from({ length: 5 }, () => pool.request(fakeRequest(`https://${doomed}/echo?delay=1000`)));
      const crasher = pool.request(fakeRequest(`https://${doomed}${path}`));
      const elsewhere = Array.from({ length: 5 }, () => pool.request(fakeRequest(`https://${healthy}/echo?delay=300`)));

      const [crashed, ...sameThread] = await Promise.allSettled([crasher, ...bystanders]);
      for (const outcome of [crashed!, ...sameThread]) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as Error;
        expect(reason).toBeInstanceOf(PoolError);
        expect(reason.message).toMatch(/^worker exited/);
        if (outcome === crashed) console.log(`${how}: ${reason.message}`);
      }
      for (const response of await Promise.all(elsewhere)) expect(response.status).toBe(200);

      // piscina replaces the thread; the shard serves its origin again, from a new thread.
      const after = await pool.request(fakeRequest(`https://${doomed}/echo`));
      expect(after.status).toBe(200);
      expect(header(after, 'x-thread')).not.toBe(header(before, 'x-thread'));
      expect(pool.stats().inFlight).toEqual([0, 0]);
    });
  }

  it('a thread that runs out of memory dies alone and is replaced', async () => {
    const small = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      const [host, other] = hostsOnDistinctShards((request) => small.shardOf(request), 2);
      const bystander = small.request(fakeRequest(`https://${other}/echo?delay=200`));
      const error = await small.request(fakeRequest(`https://${host}/oom`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PoolError);
      console.log(`out of memory: ${(error as Error).message}`);
      expect((await bystander).status).toBe(200);
      expect((await small.request(fakeRequest(`https://${host}/echo`))).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
