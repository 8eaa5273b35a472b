/**
 * 1,000 requests with 100 in flight through one client, the real pool and our TLS stack: all
 * must complete with the right bodies. The connection reuse rate and the caller's event-loop
 * delay are reported (the benchmark issue owns the targets). The server runs in this process,
 * so its own TLS work shows in the delay too: the figures are an upper bound for the client.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startE2eServer, type E2eServer } from './e2e-server.js';

let pki: Pki;
let server: E2eServer;

beforeAll(async () => {
  pki = await makePki();
  server = await startE2eServer(pki, { http2: false });
});

afterAll(async () => {
  await closeDefaultPool();
  await server?.close();
});

it('1,000 requests, 100 in flight, all with their own bodies', async () => {
  await using client = new AsyncClient({ ca: pki.ca });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  let next = 0;
  let right = 0;
  let reused = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < 1000) {
        const i = next++;
        const response = await client.get(`${server.url}/anything?i=${i}`);
        if (response.json<{ path: string }>().path === `/anything?i=${i}`) right++;
        if (response.connectionReused) reused++;
      }
    }),
  );
  delay.disable();
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  console.log(
    `1000 requests (100 in flight, HTTP/1.1) in ${(performance.now() - started).toFixed(0)} ms; ` +
      `reused connections ${((reused / 1000) * 100).toFixed(1)}%; event-loop delay p50 ${ms(delay.percentile(50))} ms, ` +
      `p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
  );
  expect(right).toBe(1000);
});
