/**
 * Every shipped profile's HTTP/2 shape, spoken for real: each one opens a session against Node's
 * HTTP/2 server and completes a GET and a POST. Profiles differ in everything the session reads
 * (SETTINGS incl. ENABLE_PUSH=1 and unknown ids, PRIORITY trees on idle streams, first stream ids
 * 1/3/15, ACK order, stream WINDOW_UPDATE, HPACK rules), so a new data file is exercised the
 * day it lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/profiles/registry.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { get, openSession, readText, startNodeH2Server, withBody, type NodeH2Server } from './session-harness.js';

let pki: Pki;
let server: NodeH2Server;

beforeAll(async () => {
  pki = await makePki();
  server = await startNodeH2Server(pki, (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      stream.respond({ ':status': 200 });
      stream.end(`${headers[':method']} ${headers[':path']} ${Buffer.concat(chunks).length} ${headers['x-profile']}`);
    });
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('every shipped profile speaks HTTP/2', () => {
  it('has profiles of every HTTP/2 shape to try', () => {
    const profiles = listProfiles();
    expect(profiles.length).toBeGreaterThan(2);
    expect(new Set(profiles.map((p) => p.http2.firstStreamId)).size).toBeGreaterThan(1);
  });

  it.each(listProfiles().map((p) => [p.id, p] as const))('%s: GET and POST on one connection', async (id, profile) => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      const got = await readText(await session.request(get('/get', [['x-profile', id]])));
      expect(got).toBe(`GET /get 0 ${id}`);
      const posted = await readText(await session.request(withBody('POST', '/post', new Uint8Array(70_000), [['x-profile', id]])));
      expect(posted).toBe(`POST /post 70000 ${id}`);
    } finally {
      session.close();
    }
  });
});
