/**
 * Reads a new connection's first bytes until the whole ClientHello is in, before any TLS
 * library touches the socket, and hands back everything read so that it can be given back to
 * the socket (`unshift`) for the real handshake. This is the only way to see the hello exactly
 * as the client sent it: a TLS server library parses it and keeps only what it needs.
 */
import type { Socket } from 'node:net';
import { DEFAULT_MAX_HELLO_LENGTH, scanClientHello, type ScannedHello } from './hello-scanner.js';

export interface CapturedHello {
  hello: ScannedHello;
  /** Every byte read from the socket so far (the hello's records, and anything after them). */
  bytes: Buffer;
}

export interface CaptureOptions {
  /** How long a client may take to send its hello (ms). Default 10,000. */
  timeoutMs?: number;
  maxLength?: number;
}

export class NotAClientHello extends Error {
  override name = 'NotAClientHello';
}

/**
 * Resolves once the hello is complete, with the socket paused and no listener of ours left on
 * it; rejects (leaving the socket to the caller) if the bytes are not a TLS ClientHello, the
 * client closes first, or the time runs out.
 */
export function captureClientHello(socket: Socket, options: CaptureOptions = {}): Promise<CapturedHello> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_HELLO_LENGTH;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (outcome: () => void): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.off('close', onEnd);
      socket.pause();
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      const bytes = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const scan = scanClientHello(bytes, maxLength);
      if (scan.status === 'complete') finish(() => resolve({ hello: scan.hello, bytes }));
      else if (scan.status === 'invalid') finish(() => reject(new NotAClientHello(scan.reason)));
    };
    const onEnd = (): void => finish(() => reject(new NotAClientHello('connection closed before a complete ClientHello')));
    const onError = (error: Error): void => finish(() => reject(error));
    const timer = setTimeout(
      () => finish(() => reject(new NotAClientHello(`no complete ClientHello within ${options.timeoutMs ?? 10_000} ms`))),
      options.timeoutMs ?? 10_000,
    );
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
  });
}
