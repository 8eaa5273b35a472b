/**
 * What bench/micro/engine.ts and client.ts share: a Node https or http2 server in a process of its
 * own answering 100 bytes, and Node's own client for it (the baseline measured in the same run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import https from 'node:https';
import { generateEchoCertificate } from '../../src/fingerprint/echo/certificate.js';

export interface Peer {
  url: string;
  ca: string;
  /** One GET with Node's own client (https with a keep-alive agent, or one http2 session): the body's length. */
  native(): Promise<number>;
  close(): void;
}

const SERVER = `
const https = require('node:https'); const http2 = require('node:http2');
const body = Buffer.alloc(100, 'x'); const opts = { cert: process.env.C, key: process.env.K };
const s = process.argv[1] === 'h2' ? http2.createSecureServer(opts, (q, r) => r.end(body)) : https.createServer({ ...opts, keepAliveTimeout: 60000 }, (q, r) => r.end(body));
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

export async function startPeer(kind: 'h1' | 'h2'): Promise<Peer> {
  const { cert, key } = generateEchoCertificate();
  const server: ChildProcess = spawn(process.execPath, ['-e', SERVER, kind], { env: { ...process.env, C: cert, K: key }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [portLine] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = `https://localhost:${Number(String(portLine).trim())}/small`;
  const agent = new https.Agent({ keepAlive: true, ca: cert });
  const session = kind === 'h2' ? http2.connect(new URL(url).origin, { ca: cert }) : null;
  const native = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const count = (source: NodeJS.EventEmitter): void => {
        let n = 0;
        source.on('data', (c: Buffer) => (n += c.length)).on('end', () => resolve(n)).on('error', reject);
      };
      if (session) {
        const stream = session.request({ ':path': '/small' });
        count(stream);
        stream.end();
      } else https.get(url, { agent }, count).on('error', reject);
    });
  return {
    url,
    ca: cert,
    native,
    close: () => {
      session?.close();
      agent.destroy();
      server.kill();
    },
  };
}
