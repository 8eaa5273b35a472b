/**
 * One adapter per measured client, all with the same face: open a session for a scenario, make a
 * GET (body buffered the way a normal caller reads it, or streamed and counted), close.
 *
 * The peers (impit, cycletls, got-scraping, undici) live in bench/node_modules and are imported
 * by name at run time, typed here by the little of their API we use: the repository's typecheck
 * must not depend on bench/node_modules being installed.
 */
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import type * as TlsRequests from '../../src/index.js';
import type { CellConfig, ClientId, Scenario } from './types.js';

export interface Exchange {
  status: number;
  bytes: number;
}

export type Info = Record<string, string | number | boolean | null>;

export interface ClientSession {
  request(url: string, stream: boolean): Promise<Exchange>;
  /** What the client negotiated (protocol, TLS group, profile), when it says. */
  info(): Info;
  close(): Promise<void>;
}

export interface ClientAdapter {
  id: ClientId;
  /** Why the client cannot run this scenario, or null. */
  unsupported(scenario: Scenario): string | null;
  open(config: CellConfig): Promise<ClientSession>;
}

/** A request timeout for the clients that have one: a hang becomes a failure, not a lost cell. */
const REQUEST_TIMEOUT_MS = 120_000;

const nodeHttps: ClientAdapter = {
  id: 'node-https',
  unsupported: () => null,
  async open(config) {
    const agent = new https.Agent({ keepAlive: !config.scenario.newConnectionEach, ca: config.caPem });
    const info: Info = {};
    return {
      request: (url, stream) =>
        new Promise<Exchange>((resolve, reject) => {
          const req = https.get(url, { agent }, (res) => {
            info.httpVersion = `HTTP/${res.httpVersion}`;
            const chunks: Buffer[] = [];
            let bytes = 0;
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              if (!stream) chunks.push(chunk);
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: stream ? bytes : Buffer.concat(chunks).length }));
            res.on('error', reject);
          });
          req.on('error', reject);
        }),
      info: () => info,
      close: async () => agent.destroy(),
    };
  },
};

const nodeHttp2: ClientAdapter = {
  id: 'node-http2',
  unsupported: (scenario) => (scenario.h2 ? null : 'node:http2 speaks only HTTP/2; the server offers HTTP/1.1 only'),
  async open(config) {
    const session = http2.connect(config.endpoint.origin, { ca: config.caPem });
    session.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    });
    return {
      request: (url, stream) =>
        new Promise<Exchange>((resolve, reject) => {
          const target = new URL(url);
          const req = session.request({ ':method': 'GET', ':path': target.pathname + target.search });
          let status = 0;
          const chunks: Buffer[] = [];
          let bytes = 0;
          req.on('response', (headers) => (status = Number(headers[':status'])));
          req.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (!stream) chunks.push(chunk);
          });
          req.on('end', () => resolve({ status, bytes: stream ? bytes : Buffer.concat(chunks).length }));
          req.on('error', reject);
          req.end();
        }),
      info: () => ({ httpVersion: 'HTTP/2', alpn: session.alpnProtocol ?? null }),
      close: () => new Promise<void>((resolve) => session.close(() => resolve())),
    };
  },
};

interface UndiciBody extends AsyncIterable<Uint8Array> {
  arrayBuffer(): Promise<ArrayBuffer>;
}
interface UndiciModule {
  Agent: new (options: { connect: { ca: string }; allowH2: boolean }) => { close(): Promise<void> };
  request(url: string, options: { dispatcher: unknown; headersTimeout: number; bodyTimeout: number }): Promise<{ statusCode: number; body: UndiciBody }>;
}

const undici: ClientAdapter = {
  id: 'undici',
  unsupported: () => null,
  async open(config) {
    const { Agent, request } = (await importPeer('undici')) as UndiciModule;
    const agent = new Agent({ connect: { ca: config.caPem }, allowH2: config.scenario.h2 });
    return {
      async request(url, stream) {
        const { statusCode, body } = await request(url, { dispatcher: agent, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
        if (!stream) return { status: statusCode, bytes: (await body.arrayBuffer()).byteLength };
        let bytes = 0;
        for await (const chunk of body) bytes += chunk.length;
        return { status: statusCode, bytes };
      },
      info: () => ({ api: 'request' }),
      close: () => agent.close(),
    };
  },
};

interface ImpitResponse {
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  readonly body: ReadableStream<Uint8Array>;
}
interface ImpitModule {
  Impit: new (options: { browser: string; ignoreTlsErrors: boolean; timeout: number }) => { fetch(url: string): Promise<ImpitResponse> };
}

const impit: ClientAdapter = {
  id: 'impit',
  unsupported: () => null,
  async open() {
    const { Impit } = (await importPeer('impit')) as ImpitModule;
    // As the peers' measurement: the Chrome profile, the self-signed test certificate accepted.
    const client = new Impit({ browser: 'chrome', ignoreTlsErrors: true, timeout: REQUEST_TIMEOUT_MS });
    return {
      async request(url, stream) {
        const response = await client.fetch(url);
        if (!stream) return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
        let bytes = 0;
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.length;
        }
        return { status: response.status, bytes };
      },
      info: () => ({ browser: 'chrome' }),
      close: async () => undefined,
    };
  },
};

interface CycleResponse {
  status: number;
  data: unknown;
  arrayBuffer(): Promise<ArrayBuffer>;
}
interface CycleOptions {
  ja3: string;
  userAgent: string;
  insecureSkipVerify: boolean;
  timeout: number;
  responseType: 'arraybuffer' | 'stream';
  /** Untyped in cycletls 2.0.5: reuse connections (works on h2; breaks HTTP/1.1, see the peers' notes). */
  enableConnectionReuse?: boolean;
}
interface CycleClient {
  get(url: string, options: CycleOptions): Promise<CycleResponse>;
  exit(): Promise<undefined>;
}
type CycleInit = (options: { port: number; timeout?: number }) => Promise<CycleClient>;

/** The README's Chrome JA3 with the version field 772, so the handshake is TLS 1.3 (771 gives TLS 1.2). */
const CYCLE_JA3 =
  '772,4865-4867-4866-49195-49199-52393-52392-49196-49200-49162-49161-49171-49172-51-57-47-53-10,0-23-65281-10-11-35-16-5-51-43-13-45-28-21,29-23-24-25-256-257,0';
const CHROME_131_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const cycletls: ClientAdapter = {
  id: 'cycletls',
  unsupported: () => null,
  async open(config) {
    const module = (await importPeer('cycletls')) as { default: CycleInit | { default: CycleInit } };
    const init = typeof module.default === 'function' ? module.default : module.default.default;
    // Its Go process and the Node side talk over ws://localhost:<port>: a free port, not the fixed 9119.
    const client = await init({ port: await freePort() });
    const base = {
      ja3: CYCLE_JA3,
      userAgent: CHROME_131_UA,
      insecureSkipVerify: true,
      timeout: REQUEST_TIMEOUT_MS / 1000,
      ...(config.scenario.h2 ? { enableConnectionReuse: true } : {}),
    };
    return {
      async request(url, stream) {
        if (!stream) {
          const response = await client.get(url, { ...base, responseType: 'arraybuffer' });
          return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
        }
        const response = await client.get(url, { ...base, responseType: 'stream' });
        let bytes = 0;
        if (isAsyncIterable(response.data)) for await (const chunk of response.data) bytes += (chunk as Uint8Array).length;
        return { status: response.status, bytes };
      },
      info: () => ({ ja3Version: 772, connectionReuse: config.scenario.h2 }),
      close: async () => {
        await client.exit();
      },
    };
  },
};

interface GotResponse {
  statusCode: number;
  body: Buffer;
}
interface GotStream extends AsyncIterable<Buffer> {
  once(event: 'response', listener: (response: { statusCode: number }) => void): unknown;
}
interface GotOptions {
  https: { rejectUnauthorized: boolean };
  retry: { limit: number };
  throwHttpErrors: boolean;
  timeout: { request: number };
  responseType?: 'buffer';
}
interface GotScrapingModule {
  gotScraping: {
    get(url: string, options: GotOptions & { responseType: 'buffer' }): Promise<GotResponse>;
    stream(url: string, options: GotOptions): GotStream;
  };
}

const gotScraping: ClientAdapter = {
  id: 'got-scraping',
  unsupported: () => null,
  async open() {
    const { gotScraping: got } = (await importPeer('got-scraping')) as GotScrapingModule;
    // Its defaults (http2: true, generated browser headers); the test certificate accepted.
    const options: GotOptions = { https: { rejectUnauthorized: false }, retry: { limit: 0 }, throwHttpErrors: false, timeout: { request: REQUEST_TIMEOUT_MS } };
    return {
      async request(url, stream) {
        if (!stream) {
          const response = await got.get(url, { ...options, responseType: 'buffer' });
          return { status: response.statusCode, bytes: response.body.length };
        }
        const body = got.stream(url, options);
        let status = 0;
        body.once('response', (response) => (status = response.statusCode));
        let bytes = 0;
        for await (const chunk of body) bytes += chunk.length;
        return { status, bytes };
      },
      info: () => ({ http2Option: true }),
      close: async () => undefined,
    };
  },
};

type TlsRequestsModule = typeof TlsRequests;

const tlsRequests: ClientAdapter = {
  id: 'tls-requests',
  unsupported: () => null,
  async open(config) {
    const lib = (await import(config.tlsRequestsEntry)) as TlsRequestsModule;
    // The default profile (no clientIdentifier): the report records which one answered.
    const client = new lib.AsyncClient({ ca: config.caPem, timeout: REQUEST_TIMEOUT_MS });
    const info: Info = {};
    let reused = 0;
    let responses = 0;
    const note = (response: TlsRequests.Response): void => {
      responses++;
      if (response.connectionReused) reused++;
      if (responses === 1) {
        info.httpVersion = response.httpVersion;
        info.profile = response.profile ?? null;
        info.tlsVersion = response.tls?.version ?? null;
        info.cipher = response.tls?.cipher ?? null;
        info.alpn = response.tls?.alpn === false ? null : (response.tls?.alpn ?? null);
        info.group = response.tls?.group ?? null;
      }
    };
    return {
      async request(url, stream) {
        if (!stream) {
          const response = await client.get(url);
          note(response);
          return { status: response.status, bytes: response.content.length };
        }
        const response = await client.stream('GET', url);
        note(response);
        let bytes = 0;
        for await (const chunk of response) bytes += chunk.length;
        return { status: response.status, bytes };
      },
      info: () => ({ ...info, clientSideReused: reused, clientSideResponses: responses }),
      close: () => client.close(),
    };
  },
};

export const ADAPTERS: Record<ClientId, ClientAdapter> = {
  'tls-requests': tlsRequests,
  'node-https': nodeHttps,
  'node-http2': nodeHttp2,
  undici,
  impit,
  cycletls,
  'got-scraping': gotScraping,
};

export const CLIENT_IDS = Object.keys(ADAPTERS) as ClientId[];

export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as string[]).includes(value);
}

/** A peer from bench/node_modules (a bare name resolved from this directory's package). */
async function importPeer(name: string): Promise<unknown> {
  try {
    const module: unknown = await import(name);
    return module;
  } catch (error) {
    throw new Error(`cannot load ${name}: run \`npm ci --prefix bench\` (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
