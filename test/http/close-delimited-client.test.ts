/**
 * Issue 14 item 3 as a user meets it: AsyncClient, through the worker pool, against servers whose
 * body ends at the close. openssl s_server -www (close_notify, then a reset answering ours) gives
 * its whole page; a plain-HTTP HTTP/1.0 body read slowly as a stream arrives whole, tail included.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AsyncClient } from '../../src/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startOpensslServer } from '../helpers/servers.js';
import { startRawServer, type RawServer } from './servers.js';

let pki: Pki;
let client: AsyncClient;
let server: RawServer;
const body = randomBytes(3 * 1024 * 1024);
/** Resolves when the server has handed the whole response and its FIN to the kernel. */
let written: Promise<void> = Promise.resolve();

beforeAll(async () => {
  pki = await makePki();
  client = new AsyncClient({ ca: pki.ca, timeout: 60_000 });
  server = await startRawServer((socket) => {
    const response = Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n'), body]);
    written = new Promise((resolve) => socket.end(response, resolve));
  });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

it('openssl s_server -www: the status page, whole, and no ConnectError', async () => {
  const leaf = pki.leaves.ecdsaP256;
  await using openssl = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem });
  const response = await client.get(`https://localhost:${openssl.port}/`);
  expect(response.status).toBe(200);
  expect(response.text).toMatch(/<\/BODY><\/HTML>\r\n\r\n$/);
});

it('plain HTTP/1.0 read slowly as a stream: every byte up to the FIN', async () => {
  const response = await client.stream('GET', `${server.url}/`);
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of response.iterBytes()) {
      // A slow reader: the first chunk waits for the server's FIN, so the rest of the body and the
      // end of the stream sit in the worker's buffers and the kernel's while it is read.
      if (chunks.length === 0) await written;
      chunks.push(chunk.slice());
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await response.close();
  }
  const got = Buffer.concat(chunks);
  expect(got.length).toBe(body.length);
  expect(got.equals(body)).toBe(true);
});
