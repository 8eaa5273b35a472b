/**
 * A timeout Node's timers cannot hold (2^31 ms or more; we stop at 24 days, which leaves the
 * pool's deadline its margin) is refused with a RequestError before anything is sent, instead of
 * every request timing out at once with a TimeoutOverflowWarning; the largest valid one works,
 * against a real HTTP server on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMEOUT_MS } from '../../src/client/settings.js';
import { AsyncClient, RequestError } from '../../src/index.js';

let server: http.Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('timeout range', () => {
  it('24 days + 1 ms, 2^31 - 1 ms, 2^31 ms and above are refused before anything is sent', async () => {
    await using client = new AsyncClient();
    for (const timeout of [MAX_TIMEOUT_MS + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 40, 1e300]) {
      const error = await client.get(url, { timeout }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestError);
      expect((error as Error).message).toMatch(/at most 24 days/);
    }
    expect(requests).toBe(0);
  });

  it('24 days works (and does not fire at once)', async () => {
    expect(MAX_TIMEOUT_MS).toBe(2_073_600_000);
    await using client = new AsyncClient({ timeout: MAX_TIMEOUT_MS });
    const response = await client.get(url);
    expect(response.text).toBe('ok');
    expect(requests).toBe(1);
  });
});
