/**
 * Closing one scope's connections in one shard's thread: a `close-scope` frame, answered by
 * `done` once the thread has closed them. A thread that is not running holds no connection.
 */
import type { CallSink } from './channel.js';
import type { FromWorker } from './messages.js';
import type { Shard } from './shard.js';

/** Past this, the caller stops waiting (the thread goes on closing). */
const CLOSE_WAIT_MS = 5_000;

export function closeScopeOn(shard: Shard, scope: string): Promise<void> {
  if (!shard.running) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const settle = (): void => {
      if (timer === null) return;
      clearTimeout(timer);
      timer = null;
      channel.finish(id);
      channel.unhold();
      resolve();
    };
    const sink: CallSink = {
      receive: (frame: FromWorker) => {
        if (frame.t === 'done') settle();
      },
      lost: settle, // the thread is gone, and its connections with it
    };
    const { channel, id } = shard.open(sink);
    timer = setTimeout(settle, CLOSE_WAIT_MS);
    channel.send({ t: 'close-scope', id, scope });
  });
}
