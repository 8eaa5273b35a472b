/**
 * Streamed request bodies through the pool: the chunks cross on the request's port with
 * `body-chunk` / `body-end` / `body-error`, and the main thread stays within UPLOAD_WINDOW
 * chunks of what the worker has taken (`body-pull`).
 */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, RequestError } from '../../src/errors.js';
import { UPLOAD_WINDOW } from '../../src/pool/credit.js';
import { WorkerPool } from '../../src/pool/index.js';
import { fakeRequest, header, text } from './helpers.js';

const UPLOAD_WORKER = new URL('./fixtures/upload-worker.ts', import.meta.url);

describe('streamed request bodies in the pool', () => {
  const pool = new WorkerPool({ workers: 1, workerFile: UPLOAD_WORKER });
  afterAll(() => pool.close());

  it('moves every chunk, in order, buffered or streamed response alike', async () => {
    const expected = createHash('sha256');
    for (let i = 0; i < 200; i++) expected.update(new Uint8Array(10_000).fill(i));
    const digest = expected.digest('hex');
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 200; i++) yield new Uint8Array(10_000).fill(i);
    }
    const response = await pool.request(fakeRequest('http://upload.test/sum', { method: 'POST', bodyStream: body() }));
    expect(header(response, 'x-bytes')).toBe('2000000');
    expect(text(response)).toBe(digest);

    const streamed = await pool.stream(fakeRequest('http://upload.test/sum', { method: 'POST', bodyStream: body() }));
    expect(header(streamed.response, 'x-bytes')).toBe('2000000');
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(digest);
  });

  it('a reused chunk is copied, not detached under the caller', async () => {
    const block = new Uint8Array(1000).fill(1);
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 5; i++) yield block;
    }
    const response = await pool.request(fakeRequest('http://upload.test/sum', { method: 'POST', bodyStream: body() }));
    expect(header(response, 'x-bytes')).toBe('5000');
    expect(block.byteLength).toBe(1000);
  });

  it('never runs more than UPLOAD_WINDOW chunks ahead of the worker', async () => {
    let produced = 0;
    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        produced++;
        yield new Uint8Array(1024);
      }
    }
    const controller = new AbortController();
    const call = pool.request(fakeRequest('http://upload.test/stall?take=3', { method: 'POST', bodyStream: body() }), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The worker took 3; the main side may have sent UPLOAD_WINDOW more that it has not.
    expect(produced).toBe(3 + UPLOAD_WINDOW);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });

  it('a source that throws fails the request with a RequestError; the worker carries on', async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100);
      throw new Error('source broke');
    }
    const failed = pool.request(fakeRequest('http://upload.test/sum', { method: 'POST', bodyStream: body() }));
    await expect(failed).rejects.toBeInstanceOf(RequestError);
    await expect(failed).rejects.toThrow(/source broke/);
    async function* small(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(3);
    }
    const after = await pool.request(fakeRequest('http://upload.test/sum', { method: 'POST', bodyStream: small() }));
    expect(header(after, 'x-bytes')).toBe('3');
  });
});
