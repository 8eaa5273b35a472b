import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/pool/index.js';
import type { FromWorker, ResponseMessage, ToWorker, WireRequest } from '../../src/pool/messages.js';
import { createTaskRunner } from '../../src/pool/run-task.js';
import { ownedBytes } from '../../src/pool/transfer.js';
import { FAKE_WORKER, fakeRequest, header } from './helpers.js';

describe('bodies cross threads by transfer, not copy', () => {
  const pool = new WorkerPool({ workers: 1, workerFile: FAKE_WORKER });
  afterAll(() => pool.close());

  it("detaches the sender's request body and returns the bytes intact", async () => {
    const body = new Uint8Array(4 << 20).map((_, i) => i & 0xff);
    const pending = pool.request(fakeRequest('https://x.test/body-echo', { method: 'POST', body }));
    const response = await pending;
    expect(body.buffer.byteLength).toBe(0); // detached: moved to the worker
    expect(header(response, 'x-length')).toBe(String(4 << 20));
    expect(response.body!.byteLength).toBe(4 << 20);
    expect(response.body![12345]).toBe(12345 & 0xff);
  });

  it('copies a body that is a slice of a bigger buffer rather than detach bytes it does not own', async () => {
    const backing = new Uint8Array(1024).fill(9);
    const slice = backing.subarray(100, 200);
    const response = await pool.request(fakeRequest('https://x.test/body-echo', { method: 'POST', body: slice }));
    expect(backing.buffer.byteLength).toBe(1024);
    expect(Array.from(response.body!)).toEqual(new Array(100).fill(9));
  });

  it('returns a big response body', async () => {
    const response = await pool.request(fakeRequest('https://x.test/big?size=16777216'));
    expect(response.body!.byteLength).toBe(16 << 20);
    expect(response.body![16 << 19]).toBe(7);
  });

  it('the worker moves the response body: its ArrayBuffer goes in the transfer list', async () => {
    const returned = new Uint8Array(1 << 16).fill(1);
    const runTask = createTaskRunner(async (request): Promise<ResponseMessage> => ({
      status: 200,
      reason: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      body: returned,
      url: request.url,
      tls: null,
      connectionReused: false,
      headersElapsedMs: 0,
    }));
    const { port1, port2 } = new MessageChannel();
    const served = runTask({ port: port2 });
    const answer = new Promise<FromWorker[]>((resolve) => port1.once('message', resolve));
    const { profile, ...rest } = fakeRequest('https://x.test/');
    const request: WireRequest = { ...rest, profile: profile, key: 'k', streamedBody: false };
    port1.postMessage([{ t: 'request', id: 7, request }] satisfies ToWorker[]);
    const [frame] = await answer;
    expect(frame).toMatchObject({ t: 'response', id: 7, response: { status: 200 } });
    // Moved, not copied: the worker's buffer is detached once posted.
    expect(returned.buffer.byteLength).toBe(0);
    expect((frame as Extract<FromWorker, { t: 'response' }>).response.body!.byteLength).toBe(1 << 16);
    port1.postMessage([{ t: 'release', id: 0 }] satisfies ToWorker[]);
    await served;
    port1.close();
  });

  it('ownedBytes keeps whole-buffer views and copies slices', () => {
    const whole = new Uint8Array(8);
    expect(ownedBytes(whole).buffer).toBe(whole.buffer);
    const pooled = Buffer.from('abc'); // a slice of Node's shared 8 KiB pool
    expect(ownedBytes(pooled).buffer).not.toBe(pooled.buffer);
    expect(Array.from(ownedBytes(pooled))).toEqual([97, 98, 99]);
  });
});
