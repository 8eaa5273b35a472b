/**
 * A real CheerioCrawler on TlsRequestsHttpClient, crawling linked pages of the local echo
 * server: HTML pages whose links Crawlee finds itself, leading to JSON pages whose echo report
 * tells how each request looked on the wire (JA4, User-Agent, a proxy's Via).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheerioCrawler } from '@crawlee/cheerio';
import { Configuration, ProxyConfiguration, log } from '@crawlee/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsRequestsHttpClient } from '../../src/crawlee/index.js';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import type { EchoReport } from '../../src/fingerprint/echo/report.js';
import { directFingerprint, htmlPage, startTinyproxy, wireHeader, type Fingerprint, type Tinyproxy } from './fixtures.js';

let dir: string;
let echo: EchoServer;
let proxy: Tinyproxy;
let chrome: Fingerprint;
let firefox: Fingerprint;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-crawlee-'));
  // Crawlee's storage (request queue, datasets) would default to ./storage in the repository.
  process.env.CRAWLEE_STORAGE_DIR = join(dir, 'storage');
  log.setLevel(log.LEVELS.WARNING);
  echo = await startEchoServer({ httpPort: 0 });
  proxy = await startTinyproxy(dir);
  [chrome, firefox] = await Promise.all([directFingerprint(echo.url, echo.ca, 'chrome'), directFingerprint(echo.url, echo.ca, 'firefox')]);
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await echo?.close();
  delete process.env.CRAWLEE_STORAGE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A configuration of its own per crawler (its own request queue), kept in memory. */
function configuration(): Configuration {
  return new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { localDataDirectory: join(dir, 'storage'), persistStorage: false } });
}

interface Visit {
  url: string;
  report: EchoReport | null;
}

async function crawl(httpClient: TlsRequestsHttpClient, start: string, extra: { proxyConfiguration?: ProxyConfiguration } = {}): Promise<{ visits: Visit[]; failures: string[] }> {
  const visits: Visit[] = [];
  const failures: string[] = [];
  const crawler = new CheerioCrawler(
    {
      httpClient,
      maxConcurrency: 2,
      maxRequestRetries: 0,
      requestHandlerTimeoutSecs: 20,
      navigationTimeoutSecs: 20,
      ...extra,
      async requestHandler({ request, contentType, json, enqueueLinks }) {
        const url = request.loadedUrl ?? request.url;
        if (contentType.type === 'application/json') {
          visits.push({ url, report: json as EchoReport });
          return;
        }
        visits.push({ url, report: null });
        await enqueueLinks();
      },
      failedRequestHandler({ request }, error) {
        failures.push(`${request.url}: ${error.message}`);
      },
    },
    configuration(),
  );
  await crawler.run([start]);
  return { visits, failures };
}

describe('CheerioCrawler with TlsRequestsHttpClient', () => {
  it('crawls linked pages over TLS, every request with Chrome fingerprint, cookies kept per session across redirects', async () => {
    await using httpClient = new TlsRequestsHttpClient({ clientIdentifier: 'chrome', ca: echo.ca, trustEnv: false });
    const start = new URL(
      htmlPage('start', ['/anything/page/1', '/anything/page/2', htmlPage('second', ['/anything/page/3', '/redirect-to?url=%2Fanything%2Fpage%2F4']), '/cookies/set?visited=yes']),
      echo.url,
    ).href;
    const { visits, failures } = await crawl(httpClient, start);

    expect(failures).toEqual([]);
    const json = visits.filter((v) => v.report !== null);
    const paths = json.map((v) => new URL(v.url).pathname).sort();
    expect(paths).toEqual(['/anything/page/1', '/anything/page/2', '/anything/page/3', '/anything/page/4', '/cookies']);
    expect(visits.filter((v) => v.report === null)).toHaveLength(2);
    for (const { report } of json) {
      expect(report!.tls.ja4).toBe(chrome.ja4);
      expect(wireHeader(report!, 'user-agent')).toBe(chrome.userAgent);
      expect(wireHeader(report!, 'via')).toBeUndefined();
    }
    expect(chrome.ja4).not.toBe(firefox.ja4);
    // /cookies/set answered with Set-Cookie and a redirect: the session's jar carried it to /cookies.
    expect(json.find((v) => v.url.endsWith('/cookies'))!.report!.cookies).toEqual({ visited: 'yes' });
    // One client for the one (proxy, profile) pair: connections reused as a browser's.
    expect(httpClient.openClients).toBe(1);
  });

  it("honours the session's proxy and a Firefox profile (plain HTTP through tinyproxy)", async () => {
    await using httpClient = new TlsRequestsHttpClient({ clientIdentifier: 'firefox', trustEnv: false });
    // 127.0.0.1, not localhost: tinyproxy may resolve localhost to ::1, where nothing listens.
    const base = `http://127.0.0.1:${echo.httpPort}`;
    const start = new URL(htmlPage('proxied', ['/anything/proxied/1', '/anything/proxied/2', '/redirect/1']), base).href;
    const proxyConfiguration = new ProxyConfiguration({ proxyUrls: [proxy.url] });
    const { visits, failures } = await crawl(httpClient, start, { proxyConfiguration });

    expect(failures).toEqual([]);
    const json = visits.filter((v) => v.report !== null);
    expect(json.map((v) => new URL(v.url).pathname).sort()).toEqual(['/anything/proxied/1', '/anything/proxied/2', '/get']);
    for (const { report } of json) {
      expect(wireHeader(report!, 'user-agent')).toBe(firefox.userAgent);
      expect(wireHeader(report!, 'via')).toMatch(/tinyproxy/);
    }
  });
});
