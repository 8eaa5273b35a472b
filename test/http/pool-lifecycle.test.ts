/** What the pool does with idle connections: timeout, global idle limit, and never holding a process open. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool, DEFAULT_POOL_LIMITS } from '../../src/http/origin-pool.js';
import { REPO_ROOT } from '../helpers/servers.js';
import { makeRequest, text } from './request.js';
import { sleep, startHttpServer, type CountingServer } from './servers.js';

let a: CountingServer;
let b: CountingServer;

beforeAll(async () => {
  // Servers that would keep connections for a minute: only our pool's rules close them.
  a = await startHttpServer((_req, res) => void res.end('a'), { keepAliveTimeout: 60_000 });
  b = await startHttpServer((_req, res) => void res.end('b'), { keepAliveTimeout: 60_000 });
});

afterAll(async () => {
  await a.close();
  await b.close();
});

describe('idle connections', () => {
  it('are closed after the idle timeout', async () => {
    const pool = new ConnectionPool({ ...DEFAULT_POOL_LIMITS, idleTimeoutMs: 100 });
    const before = a.sockets;
    try {
      expect((await performRequest(makeRequest(`${a.url}/`), { pool })).connectionReused).toBe(false);
      expect((await performRequest(makeRequest(`${a.url}/`), { pool })).connectionReused).toBe(true);
      await sleep(250);
      expect(Object.values(pool.stats())).toEqual([]);
      expect((await performRequest(makeRequest(`${a.url}/`), { pool })).connectionReused).toBe(false);
      expect(a.sockets - before).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('past the idle limit, the least recently used goes', async () => {
    const pool = new ConnectionPool({ ...DEFAULT_POOL_LIMITS, maxIdleConnections: 1 });
    try {
      await performRequest(makeRequest(`${a.url}/`), { pool });
      await performRequest(makeRequest(`${b.url}/`), { pool });
      const stats = Object.values(pool.stats());
      expect(stats.reduce((n, s) => n + s.idle, 0)).toBe(1);
      expect((await performRequest(makeRequest(`${b.url}/`), { pool })).connectionReused).toBe(true);
      expect((await performRequest(makeRequest(`${a.url}/`), { pool })).connectionReused).toBe(false);
    } finally {
      pool.close();
    }
  });

  it('do not keep a process alive: a script that makes one request exits by itself', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/http/exit-check.ts'), `${a.url}/`], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(output.trim()).toBe('200 a');
    expect(code).toBe(0);
    // Well before the server's 60 s keep-alive would have let it go.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('after close()', () => {
  it('requests fail with PoolError, queued ones too', async () => {
    const pool = new ConnectionPool();
    const slow = await startHttpServer(async (_req, res) => {
      await sleep(200);
      res.end('late');
    });
    try {
      const inFlight = Array.from({ length: 8 }, () => performRequest(makeRequest(`${slow.url}/`), { pool }).catch((e: unknown) => e));
      await sleep(50);
      pool.close();
      const outcomes = await Promise.all(inFlight);
      expect(outcomes.every((o) => o instanceof Error)).toBe(true);
      expect(outcomes.filter((o) => (o as Error).name === 'PoolError').length).toBeGreaterThanOrEqual(2);
      await expect(performRequest(makeRequest(`${slow.url}/`), { pool })).rejects.toMatchObject({ name: 'PoolError' });
      expect(text(null)).toBe('');
    } finally {
      await slow.close();
    }
  });
});
