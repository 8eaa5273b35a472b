/**
 * The command line rejects a flag it does not know (commander's own check, with its suggestion)
 * before anything is sent: `--proxies` must not quietly go direct. A plain HTTP server on
 * loopback counts what reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAWN_TIMEOUT, errorLines, runCli } from './run-cli.js';

let server: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((_, res) => {
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('unknown CLI flags', SPAWN_TIMEOUT, () => {
  it('--proxies is a usage error (exit 2) naming --proxy, and nothing is sent', async () => {
    const result = await runCli(['get', '--proxies', 'http://127.0.0.1:9', url]);
    expect(result.code).toBe(2);
    const stderr = errorLines(result.stderr).join('\n');
    expect(stderr).toContain("unknown option '--proxies'");
    expect(stderr).toContain('--proxy');
    expect(requests).toBe(0);
  });
});
