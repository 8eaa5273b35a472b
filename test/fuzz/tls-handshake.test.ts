/**
 * Fuzzing the handshake itself (src/tls/handshake*.ts, through `connect()`): a scripted server
 * replays a recorded server stream, mutated, to a client that runs on the same seeded random as
 * the recording client, so the unmutated stream completes the handshake again (the ClientHello,
 * key shares and so the keys are the same). Mutations of the plaintext part (TLS 1.3
 * ServerHello and HelloRetryRequest extensions, the whole TLS 1.2 flight: Certificate,
 * CertificateStatus, ServerKeyExchange and its signature, CertificateRequest, ServerHelloDone,
 * NewSessionTicket) reach the handshake's own checks and inline parsers (key_share,
 * pre_shared_key, supported_versions, cookie...). Property: a connection or a typed error
 * (TLSError, CertificateError, ConnectError), settled in bounded time, after which the
 * connection's data (post-handshake messages, the HTTP answer) is read to its end.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { seededRandom } from '../../src/tls/random.js';
import { chunked, cutsArb, fuzzAsync, mutatedArb, runs, summaryTable } from './harness.js';
import { recordHandshakes, REPLAY_OPTIONS, type Recording } from './recordings.js';
import { scriptedSocket } from './stream.js';

let rec: Recording;
beforeAll(async () => {
  rec = await recordHandshakes();
}, 120_000);
afterAll(() => console.log(summaryTable('TLS handshake (replayed server streams)')));

async function replay(bytes: Uint8Array, seed: string, cuts: number[]): Promise<number> {
  const socket = scriptedSocket(chunked(bytes, cuts));
  try {
    const conn = await connect({ ...REPLAY_OPTIONS, port: 443, ca: rec.pki.ca, socket, random: seededRandom(seed), timeout: 4000 });
    let n = 0;
    try {
      for await (const chunk of conn) n += (chunk as Buffer).length;
    } finally {
      conn.destroy();
    }
    return n;
  } finally {
    socket.destroy();
  }
}

/** Where the plaintext part of a stream ends: at the first record of type 23 (encrypted, or data). */
function plaintextLength(bytes: Uint8Array): number {
  let at = 0;
  while (at + 5 <= bytes.length && bytes[at] !== 23) at += 5 + ((bytes[at + 3]! << 8) | bytes[at + 4]!);
  return Math.min(at, bytes.length);
}

describe('TLS handshake replay', () => {
  it('every recorded stream replays to a complete handshake and its HTTP answer', async () => {
    for (const s of rec.serverStreams) {
      const n = await replay(s.bytes, s.seed, []);
      expect(n, s.scenario).toBeGreaterThan(0);
    }
  });

  it('mutations of the plaintext flight (and of the rest, less often)', async () => {
    const streams = rec.serverStreams;
    const arb = fc
      .record({ index: fc.nat({ max: streams.length - 1 }), cuts: cutsArb, wholeStream: fc.boolean() })
      .chain(({ index, cuts, wholeStream }) => {
        const s = streams[index]!;
        const cut = plaintextLength(s.bytes);
        // Mutate the plaintext prefix (most cases) or the whole stream, and keep the rest as recorded.
        const target = wholeStream ? s.bytes : s.bytes.subarray(0, cut);
        return mutatedArb([target], 3).map((m) => ({ seed: s.seed, scenario: s.scenario, cuts, bytes: wholeStream ? m : new Uint8Array(Buffer.concat([m, s.bytes.subarray(cut)])) }));
      });
    await fuzzAsync('connect() (replayed, mutated)', arb, ({ bytes, seed, cuts }) => replay(bytes, seed, cuts), { numRuns: runs(1200), sizeOf: (c) => c.bytes.length });
  });
});
