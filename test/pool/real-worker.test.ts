import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/pool/index.js';
import { chrome156 } from '../../src/profiles/index.js';
import { fakeRequest, text } from './helpers.js';

// The production entry (src/pool/worker.ts → src/http/dispatch.ts), loaded from source the way
// vitest and tsx load it, against a local plain-HTTP server: the pool's wiring, not HTTP itself.
describe('the production worker entry', () => {
  let server: Server;
  let origin: string;
  const pool = new WorkerPool({ workers: 1 });

  beforeAll(async () => {
    server = createServer((request, response) => response.end(`hello ${request.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await pool.close();
    server.close();
  });

  it('serves a buffered request', async () => {
    const response = await pool.request(fakeRequest(`${origin}/buffered`, { profile: chrome156, timeout: 20_000 }));
    expect(response.status).toBe(200);
    expect(text(response)).toBe('hello /buffered');
  });

  it('streams through dispatch.ts: head first, then the body', async () => {
    const { response, body } = await pool.stream(fakeRequest(`${origin}/streamed`, { profile: chrome156, timeout: 20_000 }));
    expect(response.status).toBe(200);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('hello /streamed');
  });
});
