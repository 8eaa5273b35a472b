/** A socket stand-in for stream parsers: delivers the given chunks, then ends; discards writes. */
import { Duplex } from 'node:stream';

export function scriptedSocket(chunks: readonly Uint8Array[], options: { end?: boolean } = {}): Duplex {
  const socket = new Duplex({
    read() {},
    write(_chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
      callback();
    },
    final(callback: (error?: Error | null) => void) {
      callback();
    },
  });
  // Each chunk in its own turn of the event loop, as a socket would deliver them.
  let i = 0;
  const next = (): void => {
    if (socket.destroyed) return;
    if (i < chunks.length) {
      socket.push(Buffer.from(chunks[i]!.buffer, chunks[i]!.byteOffset, chunks[i]!.byteLength));
      i++;
      setImmediate(next);
    } else if (options.end !== false) {
      socket.push(null);
    }
  };
  setImmediate(next);
  return socket;
}
