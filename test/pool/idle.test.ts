import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest, header } from './helpers.js';

describe('idle threads', () => {
  it('exit after idleTimeoutMs, and the shard starts a new one on demand', async () => {
    const pool = new WorkerPool({ workers: 1, workerFile: FAKE_WORKER, idleTimeoutMs: 100 });
    try {
      const first = await pool.request(fakeRequest('https://idle.test/echo'));
      const soon = await pool.request(fakeRequest('https://idle.test/echo'));
      expect(header(soon, 'x-thread')).toBe(header(first, 'x-thread')); // reused while warm
      await new Promise((resolve) => setTimeout(resolve, 400));
      const later = await pool.request(fakeRequest('https://idle.test/echo'));
      expect(later.status).toBe(200);
      expect(header(later, 'x-thread')).not.toBe(header(first, 'x-thread'));
      expect(pool.stats().idleWorkerFailures).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
