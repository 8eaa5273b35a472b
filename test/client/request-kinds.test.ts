/**
 * Issue 17 items 3 and 4: request kinds and the HTTP/2 priority that follows a request's urgency.
 * Against the echo server (it reports each request's decoded header fields in wire order and its
 * HEADERS frame), and against the capture's second request (chromium-156-2: the favicon, a no-cors
 * image request at u=1, weight 220).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, fetchWith } from '../../src/index.js';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import type { EchoReport } from '../../src/fingerprint/echo/report.js';
import { parseUrgency, spdy3PriorityToHttp2Weight, Http2PriorityDependencies } from '../../src/http/h2/priority.js';
import { fixturePath } from '../helpers/fixtures.js';
import { requireBinary } from '../helpers/servers.js';

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(async () => {
  await server?.close();
});

type Report = EchoReport & { http2: NonNullable<EchoReport['http2']> };

async function report(client: AsyncClient, path: string, kind?: 'navigate' | 'fetch' | 'image' | 'script' | 'style'): Promise<Report> {
  const response = await client.get(new URL(path, server.url), kind ? { kind } : {});
  expect(response.status).toBe(200);
  return response.json() as Promise<Report>;
}

const fields = (r: Report): [string, string][] => r.http2.headers.filter((f) => !f.name.startsWith(':')).map((f) => [f.name, f.value]);

/** The favicon request of a Chromium capture, as tshark decodes it: header fields in order, and its priority. */
function captureFavicon(label: string): { fields: [string, string][]; weight: number; exclusive: boolean; dependsOn: number } {
  const out = execFileSync(
    requireBinary('tshark', 'tshark'),
    ['-r', fixturePath('captures', `${label}.pcap`), '-o', `tls.keylog_file:${fixturePath('captures', `${label}.keys.log`)}`, '-Y', 'http2.type == 1 && tcp.dstport == 8443', '-O', 'http2'],
    { encoding: 'utf8' },
  );
  const block = out.split('Stream: HEADERS').find((b) => b.includes('GET /favicon.ico'))!;
  const found = [...block.matchAll(/Header: ([^:\n][^:\n]*|:[a-z]+): (.*)/g)].map((m) => [m[1]!, m[2]!.trim()] as [string, string]);
  return {
    fields: found.filter(([n]) => !n.startsWith(':')),
    weight: Number(/\[Weight real: (\d+)\]/.exec(block)![1]),
    exclusive: /Exclusive: True/.test(block),
    dependsOn: Number(/Stream Dependency: (\d+)/.exec(block)![1]),
  };
}

describe('Chromium priority arithmetic (quiche, net/spdy)', () => {
  it('Spdy3PriorityToHttp2Weight: 256, 220, 183, 147, 110, 74, 37, 1', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(spdy3PriorityToHttp2Weight)).toEqual([256, 220, 183, 147, 110, 74, 37, 1]);
  });
  it('RFC 9218 fields', () => {
    expect(parseUrgency('u=0, i')).toEqual({ urgency: 0, incremental: true });
    expect(parseUrgency('i')).toEqual({ urgency: 3, incremental: true });
    expect(parseUrgency('u=1')).toEqual({ urgency: 1, incremental: false });
  });
  it('Http2PriorityDependencies: on the newest open stream of the same or a higher priority', () => {
    const deps = new Http2PriorityDependencies();
    expect(deps.onStreamCreation(1, 0)).toEqual({ exclusive: true, dependsOn: 0, weight: 256 });
    expect(deps.onStreamCreation(3, 3)).toEqual({ exclusive: true, dependsOn: 1, weight: 147 });
    expect(deps.onStreamCreation(5, 1)).toEqual({ exclusive: true, dependsOn: 1, weight: 220 });
    expect(deps.onStreamCreation(7, 3)).toEqual({ exclusive: true, dependsOn: 3, weight: 147 });
    deps.onStreamDestruction(1);
    expect(deps.onStreamCreation(9, 0)).toEqual({ exclusive: true, dependsOn: 0, weight: 256 });
  });
});

describe('request kinds: chrome_156', () => {
  it("an image request carries the capture's favicon fields, in its order, with its priority", async () => {
    const capture = captureFavicon('chromium-156-2');
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome_156' });
    await report(client, '/get'); // the page first, as the browser loads it
    const r = await report(client, '/get', 'image');
    const ours = fields(r);
    const theirs = capture.fields.filter(([n]) => n !== 'referer');
    expect(ours.map(([n]) => n)).toEqual(theirs.map(([n]) => n));
    // Platform, brand and user agent differ (a Linux headless capture, a Windows profile); the rest is the kind's.
    const kindPart = (list: [string, string][]): [string, string][] => list.filter(([n]) => /^(accept$|sec-fetch-|priority$|accept-)/.test(n));
    const captured = new Map(theirs);
    // The capture's favicon is browser-initiated (MEDIUM, u=1); a page's image starts at kLow (u=3 -> "i").
    captured.set('priority', 'i');
    expect(kindPart(ours)).toEqual(kindPart([...captured]));
    expect(r.http2.headersFrame.priority).toEqual({ exclusive: true, dependsOn: 0, weight: 147 });
  });

  it('a request with the favicon\'s "priority: u=1, i" gets its weight 220, as the capture shows', async () => {
    const capture = captureFavicon('chromium-156-2');
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome_156' });
    const response = await client.get(new URL('/get', server.url), { kind: 'image', headers: { priority: 'u=1, i' } });
    const r = (await response.json()) as Report;
    expect(r.http2.headersFrame.priority).toEqual({ exclusive: capture.exclusive, dependsOn: capture.dependsOn, weight: capture.weight });
    expect(capture.weight).toBe(220);
  });

  it('fetch, script and style: their own fields; the navigation stays as it was', async () => {
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome_156' });
    const nav = fields(await report(client, '/get'));
    expect(nav.find(([n]) => n === 'sec-fetch-mode')![1]).toBe('navigate');
    expect(nav.map(([n]) => n)).toContain('upgrade-insecure-requests');
    for (const [kind, accept, mode, dest, priority] of [
      ['fetch', '*/*', 'cors', 'empty', 'u=1, i'],
      ['script', '*/*', 'no-cors', 'script', 'u=1'],
      ['style', 'text/css,*/*;q=0.1', 'no-cors', 'style', 'u=0'],
    ] as const) {
      const got = new Map(fields(await report(client, '/get', kind)));
      expect([got.get('accept'), got.get('sec-fetch-mode'), got.get('sec-fetch-dest'), got.get('priority')], kind).toEqual([accept, mode, dest, priority]);
      expect(got.has('upgrade-insecure-requests') || got.has('sec-fetch-user'), kind).toBe(false);
      expect([...got.keys()][0], kind).toBe('sec-ch-ua-platform');
    }
  });

  it('the fetch facade sends a CORS fetch, not a navigation', async () => {
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome_156' });
    const response = await fetchWith(client, new URL('/get', server.url).href);
    const r = (await response.json()) as Report;
    const got = new Map(fields(r));
    expect(got.get('sec-fetch-mode')).toBe('cors');
    expect(got.get('sec-fetch-dest')).toBe('empty');
    expect(got.get('priority')).toBe('u=1, i');
    expect(r.http2.headersFrame.priority?.weight).toBe(220);
  });

  it('concurrent requests: weights by urgency, each exclusive on the newest open stream of the same or higher priority', async () => {
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome_156' });
    await report(client, '/get'); // the connection, stream 1
    const started: Promise<Report>[] = [];
    for (const kind of ['navigate', 'fetch', 'image', 'fetch', 'style'] as const) {
      started.push(report(client, '/delay/2', kind));
      await new Promise((r) => setTimeout(r, 150));
    }
    const reports = await Promise.all(started);
    const got = reports.map((r) => [r.http2.streamId, r.http2.headersFrame.priority]);
    expect(got).toEqual([
      [3, { exclusive: true, dependsOn: 0, weight: 256 }], // u=0: nothing open at or above it
      [5, { exclusive: true, dependsOn: 3, weight: 220 }], // u=1 on the u=0 stream
      [7, { exclusive: true, dependsOn: 5, weight: 147 }], // u=3 on the u=1 stream
      [9, { exclusive: true, dependsOn: 5, weight: 220 }], // u=1: the newest u<=1 stream is 5
      [11, { exclusive: true, dependsOn: 3, weight: 256 }], // u=0 on the other u=0 stream
    ]);
  });
});

describe('request kinds: firefox_153', () => {
  it("each kind's fields and weight (Necko: 22 - nsISupportsPriority), no dependencies", async () => {
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'firefox_153' });
    const nav = await report(client, '/get');
    expect(nav.http2.headersFrame.priority).toEqual({ exclusive: false, dependsOn: 0, weight: 42 });
    for (const [kind, accept, mode, dest, priority, weight] of [
      ['fetch', '*/*', 'cors', 'empty', 'u=4', 22],
      ['image', 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5', 'no-cors', 'image', 'u=5, i', 12],
      ['script', '*/*', 'no-cors', 'script', 'u=2', 22],
      ['style', 'text/css,*/*;q=0.1', 'no-cors', 'style', 'u=2', 22],
    ] as const) {
      const r = await report(client, '/get', kind);
      const got = fields(r);
      expect(got.map(([n]) => n), kind).toEqual([
        'user-agent',
        'accept',
        'accept-language',
        'accept-encoding',
        'sec-fetch-dest',
        'sec-fetch-mode',
        'sec-fetch-site',
        'priority',
        'te',
      ]);
      const map = new Map(got);
      expect([map.get('accept'), map.get('sec-fetch-mode'), map.get('sec-fetch-dest'), map.get('priority')], kind).toEqual([accept, mode, dest, priority]);
      expect(r.http2.headersFrame.priority, kind).toEqual({ exclusive: false, dependsOn: 0, weight });
    }
  });
});

describe('request kinds over HTTP/1.1', () => {
  it("Chrome: Host, Connection, then the kind's order, no priority (HTTP/2-only); Firefox: Connection where its navigation has it, Priority kept", async () => {
    const names = async (id: string, kind: 'navigate' | 'fetch'): Promise<string[]> => {
      await using client = new AsyncClient({ ca: server.ca, clientIdentifier: id, http2: 'http1' });
      const r = (await client.get(server.url, { kind })).json<EchoReport>();
      return r.http1!.headers.map((h) => h.slice(0, h.indexOf(':')));
    };
    expect(await names('chrome_156', 'fetch')).toEqual([
      'Host',
      'Connection',
      'sec-ch-ua-platform',
      'User-Agent',
      'sec-ch-ua',
      'sec-ch-ua-mobile',
      'Accept',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Dest',
      'Accept-Encoding',
      'Accept-Language',
    ]);
    expect(await names('firefox_153', 'fetch')).toEqual([
      'Host',
      'User-Agent',
      'Accept',
      'Accept-Language',
      'Accept-Encoding',
      'Connection',
      'Sec-Fetch-Dest',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Site',
      'Priority',
    ]);
  });
});
