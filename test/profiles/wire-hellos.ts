/**
 * ClientHellos as the engine really sends them: `connect()` with a profile, against a loopback
 * server that keeps the first TLS record and hangs up. Every per-connection value comes from the
 * system random source, as in production.
 */
import { createServer, type AddressInfo } from 'node:net';
import { connect } from '../../src/tls/connect.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';

/** Opens `count` connections, `batch` at a time, and returns each first record (header included). */
export async function wireHellos(spec: ClientHelloSpec, count: number, options: { servername?: string; alpn?: string[]; batch?: number } = {}): Promise<Uint8Array[]> {
  const records: Uint8Array[] = [];
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt16BE(3)) {
        records.push(new Uint8Array(buffered.subarray(0, 5 + buffered.readUInt16BE(3))));
        socket.destroy();
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const batch = options.batch ?? 10;
    for (let done = 0; done < count; done += batch) {
      const attempts = Array.from({ length: Math.min(batch, count - done) }, () =>
        connect({
          host: '127.0.0.1',
          port,
          servername: options.servername ?? 'localhost',
          hello: spec,
          timeout: 10_000,
          ...(options.alpn ? { alpn: options.alpn } : {}),
        }).then(
          (conn) => conn.destroy(),
          () => {}, // the server hangs up after the hello: every attempt fails, by design
        ),
      );
      await Promise.all(attempts);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (records.length !== count) throw new Error(`recorded ${records.length} ClientHellos, expected ${count}`);
  return records;
}
