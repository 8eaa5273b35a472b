import { describe, expect, it } from 'vitest';
import { AbortError, AsyncClient, ClientClosedError } from '../../src/index.js';
import { FakeTransport } from './fake-transport.js';

/** A handler that answers only when its call is aborted, rejecting as the pool does. */
const untilAborted = (message: unknown, options: { signal?: AbortSignal }): Promise<never> =>
  new Promise((_, reject) => {
    options.signal!.addEventListener('abort', () => reject(new AbortError('request aborted')), { once: true });
  });

describe('cancellation and closing', () => {
  it('the caller’s signal aborts its request', async () => {
    const transport = new FakeTransport(untilAborted);
    const client = new AsyncClient({ transport });
    const controller = new AbortController();
    const pending = client.get('https://example.com/', { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('an already aborted signal never reaches the server', async () => {
    const transport = new FakeTransport((_, options) => (options.signal?.aborted ? Promise.reject(new AbortError('request aborted')) : { body: 'x' }));
    await expect(new AsyncClient({ transport }).get('https://example.com/', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('closing the client aborts what is in flight, and later calls fail', async () => {
    const transport = new FakeTransport(untilAborted);
    const client = new AsyncClient({ transport });
    const pending = Promise.allSettled([client.get('https://example.com/1'), client.get('https://example.com/2')]);
    await new Promise((r) => setTimeout(r, 5));
    await client.close();
    expect((await pending).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(client.get('https://example.com/')).rejects.toBeInstanceOf(ClientClosedError);
    await client.close(); // idempotent
    expect(transport.closed).toBe(false); // the transport is not the client's
  });

  it('many calls in flight hang no listener on a shared signal', async () => {
    const signals: AbortSignal[] = [];
    const transport = new FakeTransport((_, options) => {
      signals.push(options.signal!);
      return { body: 'ok' };
    });
    const client = new AsyncClient({ transport });
    const shared = new AbortController();
    await Promise.all(Array.from({ length: 50 }, () => client.get('https://example.com/', { signal: shared.signal })));
    expect(new Set(signals).size).toBe(50);
    // Every call removed its listener from the caller's signal when it ended.
    shared.abort();
    expect(signals.every((s) => !s.aborted)).toBe(true);
  });
});
