import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/errors.js';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest, header, text } from './helpers.js';

describe('cancellation and deadlines travel as messages', () => {
  const pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER, timeoutGraceMs: 500 });
  afterAll(() => pool.close());

  it('aborting one of several requests on a worker rejects only that one', async () => {
    const controller = new AbortController();
    const requests = Array.from({ length: 6 }, (_, i) =>
      pool.request(fakeRequest('https://same.test/echo?delay=300', { headers: [['x-id', `r${i}`]] }), i === 2 ? { signal: controller.signal } : {}),
    );
    setTimeout(() => controller.abort(), 50);
    const outcomes = await Promise.allSettled(requests);
    expect(outcomes[2]!.status).toBe('rejected');
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(AbortError);
    const others = outcomes.filter((_, i) => i !== 2) as PromiseFulfilledResult<Awaited<(typeof requests)[number]>>[];
    expect(others.map((outcome) => outcome.status)).toEqual(new Array(5).fill('fulfilled'));
    // The thread was not terminated: everyone was served by the same one...
    expect(new Set(others.map((outcome) => header(outcome.value, 'x-thread'))).size).toBe(1);
    // ...and the handler's own signal fired, so the worker stopped working on it.
    const aborted = await pool.request(fakeRequest('https://same.test/aborted'));
    expect(JSON.parse(text(aborted))).toContain('r2'); // long since delivered: the others ran 250 ms more
    expect(header(aborted, 'x-thread')).toBe(header(others[0]!.value, 'x-thread'));
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pool.request(fakeRequest('https://same.test/echo'), { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('the worker is told to time out a request that runs past its timeout', async () => {
    const started = performance.now();
    const error = await pool.request(fakeRequest('https://same.test/hang', { timeout: 200 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'total', timeoutMs: 200 });
    expect((error as Error).message).not.toContain('unresponsive'); // the worker's own answer
    expect(performance.now() - started).toBeLessThan(450);
  });

  it('a wedged worker cannot hang its caller: the main thread times out on its own', async () => {
    await pool.request(fakeRequest('https://wedge.test/echo')); // the thread is up: time only the wedge
    const wedged = pool.request(fakeRequest('https://wedge.test/wedge?ms=1500', { timeout: 200 }));
    const started = performance.now();
    const error = await wedged.catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    // The worker's loop is blocked for 1.5 s, so the answer comes from the main thread at timeout + grace.
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('unresponsive');
    expect(elapsed).toBeGreaterThan(600);
    expect(elapsed).toBeLessThan(1_400);
    // Once the loop is free again the shard serves requests as before.
    const after = await pool.request(fakeRequest('https://wedge.test/echo'));
    expect(after.status).toBe(200);
  });
});
