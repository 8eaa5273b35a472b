/**
 * The dispatcher on the caller's thread: N shards of one worker thread each, a request routed by
 * its origin so that origin's connections live in one thread. This thread only posts requests
 * and awaits results; no TLS or HTTP work happens here.
 */
import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { ClientClosedError } from '../errors.js';
import { connectionKey, type KeyedRequest } from '../http/connection-key.js';
import { httpUrlOf } from '../http/websocket/url.js';
import { ShardAssignment } from './affinity.js';
import { bufferedCall } from './buffered-call.js';
import type { CallContext, PendingCall } from './call-context.js';
import { abortError } from './abort-signal.js';
import { closeScopeOn } from './close-scope.js';
import type { RequestMessage, ResponseMessage, WebSocketOpenOptions } from './messages.js';
import { openSocket, type SocketLink } from './socket-call.js';
import { Shard } from './shard.js';
import { streamCall, type StreamedResponse } from './stream-call.js';
import { workerEntry } from './worker-file.js';

/**
 * A worker's young generation, unless `resourceLimits` says otherwise. V8 grows it to 16 MiB
 * semi-spaces under a steady allocation rate; capped at 8 MiB in all, a busy thread held ~30 MB
 * less at the same throughput (bench/micro/client.ts, 64 in flight).
 */
const DEFAULT_YOUNG_GENERATION_MB = 8;

export interface PoolOptions {
  /** Worker threads, one per shard (default: the number of cores). */
  workers?: number;
  /** An idle thread exits after this long, with its idle connections (default 30 s). */
  idleTimeoutMs?: number;
  /** Memory caps per worker thread (a thread over them dies alone, like any crash); the young generation is 8 MiB unless set here. */
  resourceLimits?: ResourceLimits;
  /** How long past a request's `timeout` to wait for an unresponsive worker (default 1 s). */
  timeoutGraceMs?: number;
  /**
   * Tests only: another worker entry (path or file URL) whose default export is
   * `createTaskRunner(handler)`, so tests run the real worker runtime on a fake HTTP layer.
   */
  workerFile?: string | URL;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PoolStats {
  /** Requests each shard's thread is working on (streams count until their body ends). */
  inFlight: number[];
  completed: number;
  failed: number;
  /** Threads that died with no request to report it to (a crash while idle). */
  idleWorkerFailures: number;
  /** Threads running now (started by a request or by `warm()`, gone after their idle time). */
  threads: number;
}

export class WorkerPool {
  readonly #shards: Shard[];
  readonly #assignment: ShardAssignment;
  readonly #graceMs: number;
  readonly #pending = new Set<PendingCall>();
  #completed = 0;
  #failed = 0;
  #closing: Promise<void> | null = null;

  constructor(options: PoolOptions = {}) {
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    this.#graceMs = options.timeoutGraceMs ?? 1_000;
    const shardOptions = {
      entry: workerEntry(options.workerFile),
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      resourceLimits: { maxYoungGenerationSizeMb: DEFAULT_YOUNG_GENERATION_MB, ...options.resourceLimits },
    };
    this.#shards = Array.from({ length: workers }, (_, index) => new Shard(index, shardOptions));
    this.#assignment = new ShardAssignment(workers, (index) => this.#shards[index]!.running);
  }

  /**
   * Starts the thread the next new connection key will go to (see affinity.ts), so a new client's
   * first request does not wait for a thread to start and load the engine. The others start when
   * keys come to them. A thread that stays idle exits after `idleTimeoutMs` as usual.
   */
  warm(): void {
    if (this.#closing !== null) return;
    this.#shards[this.#assignment.next()]!.warm();
  }

  /** Whether a request was ever sent through this pool. */
  get used(): boolean {
    return this.#completed + this.#failed + this.#pending.size > 0;
  }

  /** Takes streamed request bodies (`RequestMessage.bodyStream`), as a client Transport. */
  get streamsRequestBodies(): boolean {
    return true;
  }

  get workers(): number {
    return this.#shards.length;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  /**
   * The shard (0..workers-1) a request goes to, given one now if its connection key is new;
   * requests that may share a connection always share it.
   */
  shardOf(request: KeyedRequest): number {
    return this.#assignment.shardOf(connectionKey(request));
  }

  /** Sends a request and resolves with the whole response. The pool takes over `request.body`'s buffer. */
  request(request: RequestMessage, options: RequestOptions = {}): Promise<ResponseMessage> {
    return this.#dispatch(request, options, bufferedCall);
  }

  /** Sends a request and resolves at the response head; the body follows as an async iterable. */
  stream(request: RequestMessage, options: RequestOptions = {}): Promise<StreamedResponse> {
    return this.#dispatch(request, options, streamCall);
  }

  /**
   * Opens a WebSocket (`request.url` ws:// or wss://) in the worker that holds its origin's
   * connections; resolves once it is open. The link then carries its messages both ways.
   */
  websocket(request: RequestMessage, options: WebSocketOpenOptions, call: RequestOptions = {}): Promise<SocketLink> {
    let keyed: RequestMessage;
    try {
      // Keyed (and so routed) as its https/http origin: the thread that may hold an HTTP/2
      // connection to reuse (RFC 8441) is that origin's.
      keyed = { ...request, url: httpUrlOf(request.url) };
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.#dispatch(keyed, call, (shard, message, key, context) => openSocket(shard, message, key, options, context));
  }

  /** Routes a call to its shard by its connection key, unless the pool is closed or the call already aborted. */
  #dispatch<T>(
    request: RequestMessage,
    options: RequestOptions,
    call: (shard: Shard, request: RequestMessage, key: string, context: CallContext) => Promise<T>,
  ): Promise<T> {
    if (this.#closing !== null) return Promise.reject(new ClientClosedError('the worker pool is closed'));
    const context = this.#context(options);
    if (options.signal?.aborted) {
      context.settled(false);
      return Promise.reject(abortError(options.signal));
    }
    const key = connectionKey(request);
    return call(this.#shards[this.#assignment.shardOf(key)]!, request, key, context);
  }

  /**
   * Closes every connection of one scope (a client) in every thread, each with its browser's
   * goodbye, and forgets the scope's TLS sessions. Resolves once the threads have done it.
   */
  async closeScope(scope: string): Promise<void> {
    if (this.#closing !== null) return;
    await Promise.all(this.#shards.map((shard) => closeScopeOn(shard, scope)));
    this.#assignment.forgetScope(scope);
  }

  stats(): PoolStats {
    return {
      inFlight: this.#shards.map((shard) => shard.inFlight),
      completed: this.#completed,
      failed: this.#failed,
      idleWorkerFailures: this.#shards.reduce((sum, shard) => sum + shard.idleFailures, 0),
      threads: this.#shards.filter((shard) => shard.running).length,
    };
  }

  /** Rejects every pending request with ClientClosedError and stops the threads. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutDown(): Promise<void> {
    const error = new ClientClosedError('the worker pool was closed while the request was in flight');
    for (const call of [...this.#pending]) call.fail(error);
    await Promise.all(this.#shards.map((shard) => shard.close()));
  }

  #context(options: RequestOptions): CallContext {
    return {
      signal: options.signal,
      graceMs: this.#graceMs,
      pending: this.#pending,
      settled: (ok) => (ok ? this.#completed++ : this.#failed++),
    };
  }
}
