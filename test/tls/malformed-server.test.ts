// Servers that lie, stall or send garbage: each ends the handshake with a typed error (and the
// right alert) in bounded time; nothing hangs, nothing crashes the process.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectError, TLSError, TimeoutError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';

/** A raw TCP server that reads the ClientHello record, then does whatever `script` says. */
async function scriptedServer(script: (socket: Socket, clientHello: Buffer) => void): Promise<{ port: number; server: Server; received: Buffer[] }> {
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let done = false;
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (done) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 5 && buffered.length >= 5 + buffered.readUInt16BE(3)) {
        done = true;
        script(socket, buffered);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { port: (server.address() as { port: number }).port, server, received };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

function record(type: number, body: Buffer | number[]): Buffer {
  const b = Buffer.from(body);
  return Buffer.concat([Buffer.from([type, 3, 3, b.length >> 8, b.length & 0xff]), b]);
}

/** A syntactically valid TLS 1.3 ServerHello echoing `sessionId`, with the given extensions. */
function serverHello(sessionId: Buffer, extensions: Buffer, suite = 0x1301): Buffer {
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 7),
    Buffer.from([sessionId.length]),
    sessionId,
    Buffer.from([suite >> 8, suite & 0xff, 0]),
    Buffer.from([extensions.length >> 8, extensions.length & 0xff]),
    extensions,
  ]);
  return Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
}

function sessionIdOf(clientHelloRecord: Buffer): Buffer {
  const len = clientHelloRecord[5 + 4 + 2 + 32]!;
  return clientHelloRecord.subarray(5 + 4 + 2 + 32 + 1, 5 + 4 + 2 + 32 + 1 + len);
}

async function expectFailure(port: number, timeout = 5000): Promise<unknown> {
  const started = Date.now();
  const error = await connect({ host: '127.0.0.1', port, servername: 'localhost', timeout }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(Date.now() - started).toBeLessThan(timeout + 2000);
  return error;
}

/** The alert our client sent, as seen in the bytes the server received after the ClientHello. */
async function sentAlert(received: Buffer[]): Promise<number | undefined> {
  for (let i = 0; i < 50 && alertIn(received) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  return alertIn(received);
}

function alertIn(received: Buffer[]): number | undefined {
  const all = Buffer.concat(received);
  let o = 5 + all.readUInt16BE(3);
  while (o + 5 <= all.length) {
    const type = all[o]!;
    const len = all.readUInt16BE(o + 3);
    if (type === 21 && len === 2) return all[o + 6];
    o += 5 + len;
  }
  return undefined;
}

describe('malformed or hostile servers', () => {
  it('garbage after the ClientHello: decode_error', async () => {
    const s = await scriptedServer((socket) => socket.write(Buffer.from('this is not TLS at all\r\n')));
    const error = await expectFailure(s.port);
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).alertName).toBe('decode_error');
  });

  it('plaintext HTTP on a TLS port: decode_error, not a hang', async () => {
    const s = await scriptedServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const error = await expectFailure(s.port);
    expect(error).toBeInstanceOf(TLSError);
  });

  it('close right after the ClientHello: a typed error', async () => {
    const s = await scriptedServer((socket) => socket.end());
    const error = await expectFailure(s.port);
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).message).toMatch(/closed/);
  });

  it('a server that never answers: TimeoutError within the deadline', async () => {
    const s = await scriptedServer(() => {});
    const error = await expectFailure(s.port, 300);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('a fatal alert from the server: TLSError received, with its name', async () => {
    const s = await scriptedServer((socket) => socket.write(record(21, [2, 40])));
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error).toBeInstanceOf(TLSError);
    expect(error.direction).toBe('received');
    expect(error.alertName).toBe('handshake_failure');
  });

  it('a warning alert before the ServerHello is tolerated (BoringSSL), five are not', async () => {
    const one = await scriptedServer((socket) => socket.write(Buffer.concat([record(21, [1, 112]), Buffer.from('garbage-after-warning')])));
    const afterOne = (await expectFailure(one.port)) as TLSError;
    expect(afterOne.alertName).toBe('decode_error');
    const five = await scriptedServer((socket) => socket.write(Buffer.concat(new Array(5).fill(record(21, [1, 112])))));
    const afterFive = (await expectFailure(five.port)) as TLSError;
    expect(afterFive.alertName).toBe('unexpected_message');
    expect(afterFive.message).toMatch(/warning alerts/);
  });

  it('an oversized record: record_overflow', async () => {
    const s = await scriptedServer((socket) => socket.write(Buffer.concat([Buffer.from([22, 3, 3, 0x48, 0x01]), Buffer.alloc(0x4801)])));
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('record_overflow');
    expect(await sentAlert(s.received)).toBe(22);
  });

  it('a truncated record followed by close: a typed error', async () => {
    const s = await scriptedServer((socket) => socket.end(Buffer.from([22, 3, 3, 0x00, 0x40, 1, 2, 3])));
    const error = await expectFailure(s.port);
    expect(error instanceof TLSError || error instanceof ConnectError).toBe(true);
  });

  it('handshake messages out of order (Finished first): unexpected_message', async () => {
    const s = await scriptedServer((socket) => socket.write(record(22, [20, 0, 0, 32, ...new Array(32).fill(0)])));
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('unexpected_message');
    expect(await sentAlert(s.received)).toBe(10);
  });

  it('a ServerHello choosing a suite we did not offer: illegal_parameter', async () => {
    const s = await scriptedServer((socket, ch) => {
      const ext = Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]);
      socket.write(record(22, serverHello(sessionIdOf(ch), ext, 0x1304)));
    });
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('illegal_parameter');
    expect(await sentAlert(s.received)).toBe(47);
  });

  it('a ServerHello with a key share for a group we did not send: illegal_parameter', async () => {
    const s = await scriptedServer((socket, ch) => {
      const share = Buffer.concat([Buffer.from([0x00, 0x17, 0x00, 0x41, 0x04]), Buffer.alloc(64, 1)]);
      const ext = Buffer.concat([Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, share.length]), share]);
      socket.write(record(22, serverHello(sessionIdOf(ch), ext)));
    });
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('illegal_parameter');
  });

  it('a ServerHello with an invalid x25519 share (all zeros): illegal_parameter', async () => {
    const s = await scriptedServer((socket, ch) => {
      const share = Buffer.concat([Buffer.from([0x00, 0x1d, 0x00, 0x20]), Buffer.alloc(32, 0)]);
      const ext = Buffer.concat([Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, share.length]), share]);
      socket.write(record(22, serverHello(sessionIdOf(ch), ext)));
    });
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('illegal_parameter');
  });

  it('a ServerHello with trailing bytes: decode_error', async () => {
    const s = await scriptedServer((socket, ch) => {
      const hello = serverHello(sessionIdOf(ch), Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]));
      const padded = Buffer.concat([hello, Buffer.from([0])]);
      padded.writeUInt16BE(padded.length - 4, 2);
      socket.write(record(22, padded));
    });
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('decode_error');
  });

  it('a TLS 1.2 answer carrying the TLS 1.3 downgrade sentinel: illegal_parameter', async () => {
    const s = await scriptedServer((socket, ch) => {
      const hello = serverHello(sessionIdOf(ch), Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00]), 0xc02f);
      Buffer.from('444f574e47524401', 'hex').copy(hello, 4 + 2 + 24);
      socket.write(record(22, hello));
    });
    const error = (await expectFailure(s.port)) as TLSError;
    expect(error.alertName).toBe('illegal_parameter');
    expect(error.message).toMatch(/downgrade/);
  });

  it('a server that ends the connection after a partial handshake message: no hang', async () => {
    const s = await scriptedServer((socket) => socket.end(record(22, [2, 0, 1, 0, 3, 3])));
    const error = await expectFailure(s.port);
    expect(error).toBeInstanceOf(TLSError);
  });
});
