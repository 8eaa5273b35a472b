/**
 * One shard: a piscina instance with exactly one thread, which serves every connection key hashed
 * to it. piscina owns the thread's life: it spawns it on demand, respawns it after a crash,
 * applies the resource limits and lets it exit once idle. The requests themselves do not go as
 * piscina tasks: a busy period (from the first request to the moment none is left) runs as ONE
 * task that carries a channel (channel.ts), and every request of the period is a frame on it.
 *
 * So piscina sees one task per busy period: while it runs, piscina keeps the thread (no idle exit)
 * and reports its death; when the period ends (a turn of the event loop with nothing in flight),
 * the task resolves and the thread is idle to piscina again.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { PoolError } from '../errors.js';
import { Channel, type CallSink } from './channel.js';
import type { ChannelTask } from './messages.js';
import { loadPiscina } from './piscina-loader.js';
import type { WorkerEntry } from './worker-file.js';

export interface ShardOptions {
  entry: WorkerEntry;
  /** An idle thread exits after this long (taking its idle connections with it). */
  idleTimeoutMs: number;
  resourceLimits: ResourceLimits | undefined;
}

export class Shard {
  readonly index: number;
  readonly #options: ShardOptions;
  /** piscina, once loaded and made (the first channel asks for it). */
  #piscina: Piscina<ChannelTask, void> | null = null;
  #piscinaReady: Promise<Piscina<ChannelTask, void>> | null = null;
  /** The channel new requests go on; null between busy periods. */
  #current: Channel | null = null;
  /** Every channel not yet closed (released ones may still carry streams). */
  readonly #channels = new Set<Channel>();
  /** Thread failures piscina had no task to report to (a crash while idle). */
  #idleFailures = 0;
  /** Set when the thread could not start: every call fails with it. */
  #broken: PoolError | null = null;
  /** The thread new channels go to; bumped when the current one is seen dying. */
  #generation = 0;
  /** Set from a thread's death seen on a port until piscina reports it. */
  #deathPending: Promise<void> | null = null;
  #confirmDeath: () => void = () => {};

  constructor(index: number, options: ShardOptions) {
    this.index = index;
    this.#options = options;
  }

  /**
   * piscina is loaded on first use, not with the package: importing the client stays light, and
   * the first channel (or `warm()`) pays for it.
   */
  #pool(): Promise<Piscina<ChannelTask, void>> {
    this.#piscinaReady ??= loadPiscina().then(({ Piscina, FixedQueue }) => {
      const options = this.#options;
      const piscina = new Piscina<ChannelTask, void>({
        filename: options.entry.filename,
        execArgv: options.entry.execArgv,
        ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
        // No thread until needed, and none kept once idle: piscina unrefs a thread with no task,
        // so an idle pool never keeps the process alive.
        minThreads: 0,
        maxThreads: 1,
        idleTimeout: options.idleTimeoutMs,
        // A busy period's task, plus released periods' tasks still finishing.
        concurrentTasksPerWorker: 16,
        // Between tasks piscina's default Atomics.wait() blocks the thread's event loop, which
        // would freeze the keep-alive connections and HTTP/2 sessions that live there.
        atomics: 'disabled',
        recordTiming: false,
        // piscina's default queue object is one shared instance; each shard gets its own.
        taskQueue: new FixedQueue(),
      });
      // piscina reports here what it has no task to fail with: a thread that died while idle, or
      // one that could not start (its entry failed to load) while our task waited in its queue.
      piscina.on('error', (error: unknown) => this.#threadFailed(error));
      this.#piscina = piscina;
      return piscina;
    });
    return this.#piscinaReady;
  }

  /**
   * Starts the thread ahead of the first request (it loads the engine meanwhile): an empty busy
   * period, released after this turn unless a request joins it.
   */
  warm(): void {
    if (this.#broken !== null || this.#current !== null || this.running) return;
    this.#maybeRelease(this.#start());
  }

  /** Calls not yet finished (streams count until their body ends). */
  get inFlight(): number {
    let total = 0;
    for (const channel of this.#channels) total += channel.size;
    return total;
  }

  get idleFailures(): number {
    return this.#idleFailures;
  }

  /** Whether the shard's thread is running (it may hold idle connections). */
  get running(): boolean {
    return (this.#piscina?.threads.length ?? 0) > 0;
  }

  /** Starts a call: the channel it goes on, and its id there. */
  open(sink: CallSink): { channel: Channel; id: number } {
    if (this.#broken !== null) {
      // The thread cannot start (piscina does not retry a failed bootstrap): fail at once.
      const channel = new Channel({ idle: () => {}, closed: () => {} });
      const id = channel.open(sink);
      queueMicrotask(() => channel.lose(this.#broken!));
      return { channel, id };
    }
    let channel = this.#current;
    if (channel === null || channel.released) channel = this.#start();
    return { channel, id: channel.open(sink) };
  }

  /** Terminates the thread; its open calls fail (their callers were told already). */
  async close(): Promise<void> {
    this.#current = null;
    if (this.#piscinaReady !== null) await (await this.#piscinaReady.catch(() => null))?.destroy();
    for (const channel of [...this.#channels]) channel.lose(new PoolError(`worker terminated (shard ${this.index})`));
  }

  /**
   * A thread failure piscina had no task for. With a channel waiting for its task to start, the
   * thread failed during start-up: those calls fail now (they would wait for their timeout), and
   * so does every later one.
   */
  #threadFailed(error: unknown): void {
    this.#deathConfirmed();
    const waiting = [...this.#channels].filter((channel) => channel.taskRunning);
    if (waiting.length === 0) {
      this.#idleFailures++;
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    this.#broken = new PoolError(`worker thread could not start: ${reason} (shard ${this.index})`, { cause: error });
    this.#current = null;
    for (const channel of waiting) channel.lose(this.#broken);
  }

  #start(): Channel {
    const channel = new Channel({
      idle: (idle) => this.#maybeRelease(idle),
      closed: (closed, here) => this.#channelClosed(closed, here),
    });
    channel.generation = this.#generation;
    this.#current = channel;
    this.#channels.add(channel);
    // A thread seen dying is not yet known dead to piscina, which could still hand it this task.
    if (this.#deathPending === null) this.#run(channel);
    else void this.#deathPending.then(() => this.#run(channel));
    return channel;
  }

  #run(channel: Channel): void {
    this.#pool().then((piscina) => piscina.run({ port: channel.workerPort }, { transferList: [channel.workerPort] })).then(
      () => {
        channel.taskRunning = false;
      },
      (error: unknown) => {
        channel.taskRunning = false;
        // The thread died (piscina says how): every channel it served dies with it; channels
        // opened since on its replacement do not.
        const lost = new PoolError(`${describe(error)} (shard ${this.index})`, { cause: error });
        this.#threadGone(channel.generation);
        this.#deathConfirmed();
        for (const open of [...this.#channels]) {
          if (open.generation !== channel.generation) continue;
          open.lose(lost);
          this.#channels.delete(open);
        }
      },
    );
  }

  /**
   * A channel's port closed. Closed here (its calls are done), it is simply forgotten. Closed by
   * the thread's death while its task runs, piscina's rejection follows and says how it died;
   * with no task to tell (a released channel still streaming), its calls fail now.
   */
  #channelClosed(channel: Channel, here: boolean): void {
    if (channel === this.#current) this.#current = null;
    if (!here) {
      // Not closed by us: its thread is gone (piscina's word follows).
      this.#threadGone(channel.generation);
      this.#deathSeen();
    }
    if (channel.size > 0 && !channel.taskRunning) channel.lose(new PoolError(`worker exited while streaming (shard ${this.index})`));
    if (channel.size === 0) this.#channels.delete(channel);
  }

  /** Until piscina has taken note of a thread's death (or 2 s passed), new tasks wait. */
  #deathSeen(): void {
    if (this.#deathPending !== null) return;
    this.#deathPending = new Promise<void>((resolve) => {
      this.#confirmDeath = resolve;
      setTimeout(resolve, 2_000).unref();
    }).then(() => {
      this.#deathPending = null;
    });
  }

  #deathConfirmed(): void {
    this.#confirmDeath();
  }

  /** New channels go to the thread that replaces generation `gone`. */
  #threadGone(gone: number): void {
    if (gone !== this.#generation) return;
    this.#generation++;
    if (this.#current?.generation === gone) this.#current = null;
  }

  /**
   * Nothing in flight on the current channel: end the busy period after this turn, unless a
   * request came meanwhile (a sequential caller sends its next request as soon as it has the last
   * answer, within the same turn: it keeps the channel).
   */
  #maybeRelease(channel: Channel): void {
    if (channel !== this.#current) return;
    setImmediate(() => {
      if (channel !== this.#current || channel.held > 0) return;
      this.#current = null;
      channel.release();
    });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `worker failed: ${String(error)}`;
  // piscina's own words for a thread that called process.exit or was killed.
  if (error.message.startsWith('worker exited')) return error.message;
  if (error.message === 'Terminating worker thread') return 'worker terminated';
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') return `worker exited: out of memory (${error.message})`;
  // Anything else is what killed the thread: an exception nobody caught (a timer, an emitter).
  return `worker exited after an uncaught ${error.name}: ${error.message}`;
}
