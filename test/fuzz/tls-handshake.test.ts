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
import { cipherSuite } from '../../src/vocabulary/cipher-suites.js';
import { connect } from '../../src/tls/connect.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { hkdfExpandLabel } from '../../src/tls/key-schedule.js';
import { seededRandom } from '../../src/tls/random.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';
import { chunked, concatBytes, cutsArb, fuzzAsync, mutatedArb, runs, summaryTable } from './harness.js';
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

/**
 * A TLS 1.3 stream taken apart: the plaintext prefix (ServerHello, ChangeCipherSpec), the
 * server's encrypted handshake messages in the clear (EncryptedExtensions, Certificate,
 * CertificateVerify, Finished; decrypted with the handshake traffic secret the replayed client
 * logs), and a sealer that encrypts edited messages under that same key, so a mutation of the
 * encrypted flight reaches the handshake's parsers instead of stopping at bad_record_mac.
 */
interface Opened13 {
  seed: string;
  prefix: Uint8Array;
  handshake: Uint8Array;
  /** The records after the encrypted handshake (tickets, the HTTP answer), as recorded. */
  rest: Uint8Array;
  seal(plaintext: Uint8Array): Uint8Array;
}

async function open13(stream: { bytes: Uint8Array; seed: string }): Promise<Opened13> {
  const lines: string[] = [];
  const socket = scriptedSocket([stream.bytes]);
  const conn = await connect({ ...REPLAY_OPTIONS, port: 443, ca: rec.pki.ca, socket, random: seededRandom(stream.seed), keylog: (line) => lines.push(line) });
  const suite = cipherSuite(conn.cipher.id);
  conn.destroy();
  socket.destroy();
  const secretHex = lines.find((l) => l.startsWith('SERVER_HANDSHAKE_TRAFFIC_SECRET '))?.split(' ')[2];
  if (!suite || suite.version !== 'tls13' || !secretHex) throw new Error('not a TLS 1.3 recording');
  const secret = new Uint8Array(Buffer.from(secretHex, 'hex'));
  const keyLength = suite.aead === 'aes-128-gcm' ? 16 : 32;
  const protection = (): Tls13Protection =>
    new Tls13Protection(defaultProvider.aead(suite.aead, hkdfExpandLabel(defaultProvider, suite.hash, secret, 'key', new Uint8Array(0), keyLength)), hkdfExpandLabel(defaultProvider, suite.hash, secret, 'iv', new Uint8Array(0), 12));
  const bytes = stream.bytes;
  const prefixLength = plaintextLength(bytes);
  const reader = protection();
  const handshake: Uint8Array[] = [];
  let at = prefixLength;
  while (at + 5 <= bytes.length) {
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    try {
      const record = reader.open(bytes[at]!, (bytes[at + 1]! << 8) | bytes[at + 2]!, bytes.subarray(at + 5, at + 5 + length));
      handshake.push(record.content.slice());
    } catch {
      break; // the first record under the application keys
    }
    at += 5 + length;
  }
  return {
    seed: stream.seed,
    prefix: bytes.subarray(0, prefixLength),
    handshake: concatBytes(...handshake),
    rest: bytes.subarray(at),
    seal(plaintext) {
      const writer = protection();
      const records: Uint8Array[] = [];
      for (let o = 0; o < plaintext.length || o === 0; o += 16_384) records.push(writer.seal(22, plaintext.subarray(o, o + 16_384)));
      return concatBytes(...records);
    },
  };
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
    await fuzzAsync('connect() (replayed, mutated)', arb, ({ bytes, seed, cuts }) => replay(bytes, seed, cuts), { numRuns: runs(600), sizeOf: (c) => c.bytes.length });
  });

  it('TLS 1.3: mutations of the encrypted flight, re-encrypted under the handshake key', async () => {
    const opened: Opened13[] = [];
    for (const s of rec.serverStreams.filter((x) => x.version === 'TLSv1.3')) opened.push(await open13(s));
    expect(opened.length).toBeGreaterThanOrEqual(3);
    // Sanity: re-sealing the messages unchanged still completes the handshake.
    for (const o of opened) expect(await replay(concatBytes(o.prefix, o.seal(o.handshake), o.rest), o.seed, [])).toBeGreaterThan(0);
    const arb = fc
      .record({ index: fc.nat({ max: opened.length - 1 }), cuts: cutsArb })
      .chain(({ index, cuts }) => mutatedArb([opened[index]!.handshake], 3).map((handshake) => ({ index, cuts, handshake })));
    await fuzzAsync(
      'connect() (TLS 1.3 encrypted flight)',
      arb,
      ({ index, cuts, handshake }) => {
        const o = opened[index]!;
        return replay(concatBytes(o.prefix, o.seal(handshake), o.rest), o.seed, cuts);
      },
      { numRuns: runs(600), sizeOf: (c) => c.handshake.length },
    );
  });
});
