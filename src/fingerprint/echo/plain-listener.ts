/**
 * The echo server's plain-HTTP side (`httpPort`): the same httpbin routes and reports without
 * TLS. A connection that opens with the HTTP/2 preface speaks HTTP/2 with prior knowledge (curl
 * --http2-prior-knowledge); any other speaks HTTP/1.1 (an `Upgrade: h2c` is ignored, which RFC
 * 9110 §7.8 allows).
 */
import type { Socket } from 'node:net';
import { CLIENT_PREFACE } from '../../http/h2/index.js';
import { peerAddress, type ConnectionInfo } from './connection-info.js';
import { Http1EchoSession } from './h1-session.js';
import { Http2EchoSession } from './h2-session.js';

/** Reads until the first bytes either are the HTTP/2 preface or cannot be; gives them back to the socket. */
function sniffPreface(socket: Socket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (h2: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      if (chunks.length) socket.unshift(Buffer.concat(chunks));
      resolve(h2);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      const seen = Buffer.concat(chunks);
      const n = Math.min(seen.length, CLIENT_PREFACE.length);
      if (!seen.subarray(0, n).equals(Buffer.from(CLIENT_PREFACE.subarray(0, n)))) finish(false);
      else if (n === CLIENT_PREFACE.length) finish(true);
    };
    const onEnd = (): void => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

export async function servePlain(socket: Socket, timeoutMs: number): Promise<void> {
  const h2 = await sniffPreface(socket, timeoutMs);
  if (socket.destroyed) return;
  const connection: ConnectionInfo = { scheme: 'http', remoteAddress: peerAddress(socket.remoteAddress) };
  const session = h2 ? new Http2EchoSession(socket, connection) : new Http1EchoSession(socket, connection);
  session.start();
  socket.resume();
}
