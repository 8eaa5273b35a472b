/**
 * One adapter per measured client, all with the same face: open a session for a scenario, make a
 * GET (body buffered the way a normal caller reads it, or streamed and counted), close.
 *
 * The peers (impit, wreq-js, cycletls, got-scraping, undici) live in bench/node_modules and are imported
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
  /**
   * Scaling: which `count` of the equivalent candidate origins to use (default: the first ones).
   * Only tls-requests with a pool of its own has a say: it picks origins its threads share evenly.
   */
  pickOrigins?(candidates: readonly string[], count: number, path: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface ClientAdapter {
  id: ClientId;
  /** Why the client cannot run this scenario, or null. */
  unsupported(scenario: Scenario): string | null;
  /** Loads the client's package (what `cold` times as the import); built-ins have nothing to load. */
  load(config: CellConfig): Promise<void>;
  open(config: CellConfig): Promise<ClientSession>;
}

/** Nothing to import: Node's built-ins come with the harness. */
const builtIn = async (): Promise<void> => undefined;

/** A request timeout for the clients that have one: a hang becomes a failure, not a lost cell. */
const REQUEST_TIMEOUT_MS = 120_000;

const nodeHttps: ClientAdapter = {
  id: 'node-https',
  unsupported: () => null,
  load: builtIn,
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
  load: builtIn,
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
  load: () => importPeer('undici').then(() => undefined),
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
  load: () => importPeer('impit').then(() => undefined),
  async open() {
    const { Impit } = (await importPeer('impit')) as ImpitModule;
    // As the peers' measurement: the Chrome profile, the self-signed test certificate accepted.
    const client = new Impit({ browser: 'chrome', ignoreTlsErrors: true, timeout: REQUEST_TIMEOUT_MS });
    return {
      async request(url, stream) {
        const response = await client.fetch(url);
        if (!stream) return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
        return { status: response.status, bytes: await countStream(response.body) };
      },
      info: () => ({ browser: 'chrome' }),
      close: async () => undefined,
    };
  },
};

interface WreqResponse {
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  readonly body: ReadableStream<Uint8Array> | null;
}
interface WreqTransport {
  close(): Promise<void>;
}
interface WreqSession {
  fetch(url: string, init?: { transport?: WreqTransport }): Promise<WreqResponse>;
  close(): Promise<void>;
}
interface WreqModule {
  createSession(options: { browser: string; insecure: boolean; timeout: number }): Promise<WreqSession>;
  createTransport(options: { browser: string; insecure: boolean; poolMaxIdlePerHost: number }): Promise<WreqTransport>;
}

const wreqJs: ClientAdapter = {
  id: 'wreq-js',
  unsupported: () => null,
  load: () => importPeer('wreq-js').then(() => undefined),
  async open(config) {
    const wreq = (await importPeer('wreq-js')) as WreqModule;
    // As its README advises past a single request: a session (one connection pool, one cookie
    // jar), the newest Chrome profile, the self-signed test certificate accepted (`insecure`).
    const session = await wreq.createSession({ browser: 'chrome', insecure: true, timeout: REQUEST_TIMEOUT_MS });
    // A new connection per request: a transport that keeps no idle connection (the server also
    // closes after each answer, and has no TLS session cache, so each one is a full handshake).
    const fresh = config.scenario.newConnectionEach ? await wreq.createTransport({ browser: 'chrome', insecure: true, poolMaxIdlePerHost: 0 }) : null;
    const init = fresh ? { transport: fresh } : undefined;
    return {
      async request(url, stream) {
        const response = await session.fetch(url, init);
        if (!stream) return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
        return { status: response.status, bytes: response.body ? await countStream(response.body) : 0 };
      },
      info: () => ({ browser: 'chrome', api: fresh ? 'session.fetch, transport with poolMaxIdlePerHost 0' : 'session.fetch' }),
      close: async () => {
        await session.close();
        await fresh?.close();
      },
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
  load: () => importPeer('cycletls').then(() => undefined),
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
  load: () => importPeer('got-scraping').then(() => undefined),
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
type RequestMessage = Parameters<TlsRequests.Transport['request']>[0];

/**
 * The little of src/pool the scaling scenarios use, typed here rather than imported: the pool's
 * internals are being rewritten, and the bench must keep measuring whatever it becomes as long
 * as `new WorkerPool({ workers })` carries requests.
 */
interface PoolLike extends Pick<TlsRequests.Transport, 'request' | 'stream' | 'close'> {
  readonly streamsRequestBodies?: boolean;
  shardOf?(request: RequestMessage): number;
  warm?(): void;
}
interface PoolModule {
  WorkerPool: new (options: { workers: number }) => PoolLike;
}

/**
 * A pool of `workers` threads as the client's transport. It only forwards, as the client's own
 * default transport does, and keeps the first message so the bench can ask the pool which thread
 * any origin would go to (the report shows how the origins split over the threads).
 */
interface OwnPool {
  transport: TlsRequests.Transport;
  /** The thread each URL would go to, judged from a request already made (null before one, or without shardOf). */
  shardsOf(urls: readonly string[]): number[] | null;
}

async function ownPool(config: CellConfig, workers: number, info: Info): Promise<OwnPool> {
  // The package root exports the pool (a bundle has no pool/index.js of its own).
  const { WorkerPool } = (await import(config.tlsRequestsEntry)) as PoolModule;
  const pool = new WorkerPool({ workers });
  // The first message the client sends: what the pool routes, so other URLs' threads can be judged.
  let template: RequestMessage | null = null;
  const note = (message: RequestMessage): void => {
    template ??= message;
  };
  const transport: TlsRequests.Transport = {
    streamsRequestBodies: pool.streamsRequestBodies ?? false,
    request: (message, options) => {
      note(message);
      return pool.request(message, options);
    },
    stream: (message, options) => {
      note(message);
      return pool.stream(message, options);
    },
    close: () => pool.close(),
    warm: () => pool.warm?.(),
  };
  const shardsOf = (urls: readonly string[]): number[] | null => {
    const base = template;
    if (base === null || typeof pool.shardOf !== 'function') return null;
    // The same request to another URL: only the origin changes the shard.
    return urls.map((url) => pool.shardOf!({ ...base, url }));
  };
  return { transport, shardsOf };
}

/** `count` origins taken in turn from each thread's share of the candidates, so every thread gets its part. */
function balanced(candidates: readonly string[], shards: readonly number[], count: number, workers: number): string[] {
  const buckets = Array.from({ length: workers }, (_, shard) => candidates.filter((_, i) => shards[i] === shard));
  const picked: string[] = [];
  for (let round = 0; picked.length < count && round < candidates.length; round++) {
    for (const bucket of buckets) if (picked.length < count && bucket[round] !== undefined) picked.push(bucket[round]!);
  }
  return picked;
}

const tlsRequests: ClientAdapter = {
  id: 'tls-requests',
  unsupported: () => null,
  load: (config) => import(config.tlsRequestsEntry).then(() => undefined),
  async open(config) {
    const lib = (await import(config.tlsRequestsEntry)) as TlsRequestsModule;
    const info: Info = {};
    const workers = config.scenario.workers;
    // Scaling: a pool of its own with the scenario's thread count; otherwise the shared pool, as shipped.
    const own = workers === null ? null : await ownPool(config, workers, info);
    const transport = own?.transport;
    if (workers !== null) info.workers = workers;
    // The default profile (no clientIdentifier): the report records which one answered.
    const client = new lib.AsyncClient({ ca: config.caPem, timeout: REQUEST_TIMEOUT_MS, ...(transport ? { transport } : {}) });
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
      async pickOrigins(candidates, count, path) {
        if (own === null || workers === null) return candidates.slice(0, count);
        // One request shows the message the pool routes; then every candidate's thread is known.
        if (own.shardsOf(candidates) === null) await client.get(candidates[0] + path);
        const shards = own.shardsOf(candidates);
        if (shards === null) {
          info.originsPerWorker = 'unknown (the pool has no shardOf)';
          return candidates.slice(0, count);
        }
        const picked = balanced(candidates, shards, count, workers);
        const shardOfPicked = picked.map((origin) => shards[candidates.indexOf(origin)]);
        info.originsPerWorker = Array.from({ length: workers }, (_, shard) => shardOfPicked.filter((s) => s === shard).length).join('/');
        return picked;
      },
      // A transport passed in is not the client's to close.
      close: async () => {
        await client.close();
        await transport?.close();
      },
    };
  },
};

export const ADAPTERS: Record<ClientId, ClientAdapter> = {
  'tls-requests': tlsRequests,
  'node-https': nodeHttps,
  'node-http2': nodeHttp2,
  undici,
  impit,
  'wreq-js': wreqJs,
  cycletls,
  'got-scraping': gotScraping,
};

export const CLIENT_IDS = Object.keys(ADAPTERS) as ClientId[];

/**
 * Why a client does not run a scenario, or null. Scaling varies tls-requests' worker count, which
 * no other client has: they run once, in the scenario that is every count's baseline.
 */
export function whyNot(client: ClientId, scenario: Scenario): string | null {
  if (client !== 'tls-requests' && scenario.baseline !== scenario.id) return `the worker count is tls-requests' own; this client's figure is in ${scenario.baseline}`;
  return ADAPTERS[client].unsupported(scenario);
}

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

/** Bytes of a web ReadableStream, read to its end. */
async function countStream(body: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
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
