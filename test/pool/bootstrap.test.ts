import { describe, expect, it } from 'vitest';
import { PoolError } from '../../src/errors.js';
import { WorkerPool } from '../../src/pool/index.js';
import { fakeRequest } from './helpers.js';

describe('a worker thread that cannot start', () => {
  it('fails its requests at once with PoolError, not at their timeout, and every later one too', async () => {
    // piscina emits 'error' for a thread whose entry does not load and never runs the task queued for it.
    const pool = new WorkerPool({ workers: 1, workerFile: new URL('./fixtures/no-such-worker.js', import.meta.url) });
    try {
      const started = Date.now();
      const error = await pool.request(fakeRequest('https://x.test/echo', { timeout: 20_000 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PoolError);
      expect((error as Error).message).toMatch(/worker thread could not start: .*no-such-worker/);
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(pool.request(fakeRequest('https://x.test/echo', { timeout: 0 }))).rejects.toBeInstanceOf(PoolError);
      await expect(pool.stream(fakeRequest('https://x.test/echo', { timeout: 0 }))).rejects.toBeInstanceOf(PoolError);
    } finally {
      await pool.close();
    }
  });
});
