/**
 * Our WebSocket against a second independent implementation: Python's `websockets` (Debian's
 * python3-websockets), with its default permessage-deflate: text, binary, fragments, ping/pong,
 * close codes both ways. A machine without it fails with the command that installs it.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';

/** Debian's interpreter, where apt puts the module (a pyenv python on PATH would not see it). */
const PYTHON = '/usr/bin/python3';

const SERVER = String.raw`
import asyncio, sys, websockets

async def handler(ws, path):
    async for message in ws:
        if message == 'fragments':
            await ws.send(['Hel', 'lo, ', 'wörld'])
        elif message == 'ping':
            pong = await ws.ping(b'py')
            await pong
            await ws.send('ponged')
        elif message == 'close':
            await ws.close(4002, 'python says bye')
        elif message == 'extensions':
            await ws.send(ws.request_headers.get('Sec-WebSocket-Extensions', '') + ' | ' + ','.join(e.name for e in ws.extensions))
        else:
            await ws.send(message)

async def main():
    async with websockets.serve(handler, '127.0.0.1', 0, max_size=2**24) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
`;

let child: ChildProcessWithoutNullStreams;
let url = '';
let client: AsyncClient;

beforeAll(async () => {
  const probe = spawnSync(PYTHON, ['-c', 'import websockets'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`python3-websockets is missing; install it with: sudo apt-get install -y python3-websockets (${probe.stderr || probe.error})`);
  child = spawn(PYTHON, ['-c', SERVER]);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the websockets server exited (${code})`)));
  });
  url = `ws://127.0.0.1:${port}/`;
  client = new AsyncClient();
});

afterAll(async () => {
  await client?.close();
  await closeDefaultPool();
  child?.kill();
});

async function next(ws: Awaited<ReturnType<AsyncClient['websocket']>>): Promise<string | Uint8Array> {
  for await (const message of ws) return message;
  throw new Error('closed');
}

describe('against Python websockets', () => {
  it('negotiates permessage-deflate and echoes text and binary', async () => {
    const ws = await client.websocket(url);
    expect(ws.extensions).toMatch(/^permessage-deflate/);
    ws.send('extensions');
    expect(await next(ws)).toBe('permessage-deflate; client_max_window_bits | permessage-deflate');
    ws.send('grüße '.repeat(10_000));
    expect(await next(ws)).toBe('grüße '.repeat(10_000));
    ws.send(Uint8Array.from([0, 1, 2, 3]));
    expect(await next(ws)).toEqual(Uint8Array.from([0, 1, 2, 3]));
    ws.close();
  });

  it('reads a fragmented message, answers a ping', async () => {
    const ws = await client.websocket(url);
    ws.send('fragments');
    expect(await next(ws)).toBe('Hello, wörld');
    ws.send('ping');
    expect(await next(ws)).toBe('ponged');
    ws.close();
  });

  it('close codes both ways', async () => {
    const ws = await client.websocket(url);
    const closed = new Promise<[number, string, boolean]>((resolve) =>
      ws.addEventListener('close', (e) => {
        const { code, reason, wasClean } = e as unknown as { code: number; reason: string; wasClean: boolean };
        resolve([code, reason, wasClean]);
      }),
    );
    ws.send('close');
    expect(await closed).toEqual([4002, 'python says bye', true]);
    const ours = await client.websocket(url, { perMessageDeflate: false });
    expect(ours.extensions).toBe('');
    const done = new Promise<[number, boolean]>((resolve) =>
      ours.addEventListener('close', (e) => resolve([(e as unknown as { code: number }).code, (e as unknown as { wasClean: boolean }).wasClean])),
    );
    ours.close(3001, 'client bye');
    expect(await done).toEqual([3001, true]);
  });
});
