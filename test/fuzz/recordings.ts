/**
 * Real inputs for the fuzzers, recorded when the tests run: our own `connect()` against Node's
 * TLS server (OpenSSL 3.0) in TLS 1.3 and 1.2, with several key types, a CertificateRequest,
 * an OCSP staple and session tickets. For each handshake we keep:
 *
 * - every handshake message the record layer handed to the handshake (plaintext, even those that
 *   travelled encrypted), by reading them where they leave `RecordLayer` (a test-only wrapper
 *   around its methods, removed afterwards; nothing in src/ changes);
 * - the server's raw byte stream (the records as they came off the socket).
 *
 * The result is cached per process.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type tls from 'node:tls';
import { connect } from '../../src/tls/connect.js';
import { seededRandom } from '../../src/tls/random.js';
import { RecordLayer, type HandshakeMessage } from '../../src/tls/record/record-layer.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

export interface RecordedMessage {
  version: 'TLSv1.3' | 'TLSv1.2';
  scenario: string;
  type: number;
  body: Uint8Array;
}

export interface Recording {
  pki: Pki;
  messages: RecordedMessage[];
  /**
   * The server-to-client byte stream of each connection (records, as received). The client ran
   * on `seededRandom(seed)`: a client given the same seed sends the same ClientHello and key
   * shares, so the recorded answer completes its handshake again (a replay).
   */
  serverStreams: { scenario: string; version: string; seed: string; bytes: Uint8Array }[];
}

interface Scenario {
  name: string;
  options: (pki: Pki) => tls.TlsOptions;
  ocsp?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'tls13-ecdsa', options: (p) => ({ key: p.leaves.ecdsaP256.keyPem, cert: p.leaves.ecdsaP256.chainPem, minVersion: 'TLSv1.3', ALPNProtocols: ['h2', 'http/1.1'] }) },
  { name: 'tls13-rsa-certreq', options: (p) => ({ key: p.leaves.rsa2048.keyPem, cert: p.leaves.rsa2048.chainPem, minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: false }) },
  { name: 'tls13-ed25519-ocsp', options: (p) => ({ key: p.leaves.ed25519.keyPem, cert: p.leaves.ed25519.chainPem, minVersion: 'TLSv1.3' }), ocsp: true },
  { name: 'tls13-rsapss', options: (p) => ({ key: p.leaves.rsaPss.keyPem, cert: p.leaves.rsaPss.chainPem, minVersion: 'TLSv1.3', ciphers: 'TLS_CHACHA20_POLY1305_SHA256' }) },
  { name: 'tls12-ecdhe-ecdsa', options: (p) => ({ key: p.leaves.ecdsaP256.keyPem, cert: p.leaves.ecdsaP256.chainPem, maxVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] }) },
  { name: 'tls12-ecdhe-rsa-ocsp', options: (p) => ({ key: p.leaves.rsa2048.keyPem, cert: p.leaves.rsa2048.chainPem, maxVersion: 'TLSv1.2' }), ocsp: true },
  {
    name: 'tls12-rsa-certreq',
    options: (p) => ({ key: p.leaves.ecdsaP384.keyPem, cert: p.leaves.ecdsaP384.chainPem, maxVersion: 'TLSv1.2', requestCert: true, rejectUnauthorized: false }),
  },
];

/** What the recording client used (besides its random seed and the test PKI's root). */
export const REPLAY_OPTIONS = { host: '127.0.0.1', servername: 'localhost', caOnly: true, alpn: ['http/1.1'] } as const;

/** A fake but well-formed OCSPResponse (the client keeps it without checking it). */
const FAKE_OCSP = Buffer.from('30820103' + '0a0100' + 'a081fc' + '00'.repeat(252), 'hex');

let cached: Promise<Recording> | undefined;

export function recordHandshakes(): Promise<Recording> {
  cached ??= record();
  return cached;
}

async function record(): Promise<Recording> {
  const pki = await makePki();
  const messages: RecordedMessage[] = [];
  const serverStreams: Recording['serverStreams'] = [];
  let sink: HandshakeMessage[] = [];

  const proto = RecordLayer.prototype;
  const readHandshake = proto.readHandshake;
  const pushHandshakeBytes = proto.pushHandshakeBytes;
  proto.readHandshake = async function (this: RecordLayer): Promise<HandshakeMessage> {
    const message = await readHandshake.call(this);
    sink.push(message);
    return message;
  };
  proto.pushHandshakeBytes = function (this: RecordLayer, content: Uint8Array): HandshakeMessage[] {
    const out = pushHandshakeBytes.call(this, content);
    sink.push(...out);
    return out;
  };
  try {
    for (const scenario of SCENARIOS) {
      const server = await startNodeTlsServer(scenario.options(pki), { body: 'recorded' });
      if (scenario.ocsp) server.server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (e: Error | null, r?: Buffer) => void) => done(null, FAKE_OCSP));
      try {
        sink = [];
        const socket = await openSocket(server.port);
        const received: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => received.push(chunk));
        const seed = `fuzz:${scenario.name}`;
        const conn = await connect({ ...REPLAY_OPTIONS, port: server.port, ca: pki.ca, socket, random: seededRandom(seed) });
        await getOver(conn);
        socket.destroy();
        const version = conn.version === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2';
        for (const m of sink) messages.push({ version, scenario: scenario.name, type: m.type, body: new Uint8Array(m.body) });
        serverStreams.push({ scenario: scenario.name, version, seed, bytes: new Uint8Array(Buffer.concat(received)) });
      } finally {
        await server.stop();
      }
    }
  } finally {
    proto.readHandshake = readHandshake;
    proto.pushHandshakeBytes = pushHandshakeBytes;
  }
  return { pki, messages, serverStreams };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Bodies of recorded messages of one handshake type (and version, when given). */
export function bodiesOf(recording: Recording, type: number, version?: RecordedMessage['version']): Uint8Array[] {
  return recording.messages.filter((m) => m.type === type && (version === undefined || m.version === version)).map((m) => m.body);
}
