// The TLS 1.2 messages we parse, parsed strictly (rustls's rule: each once, no trailing bytes),
// and the session cache's choice of what to offer.
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { HandshakeConfig } from '../../src/tls/handshake-types.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import { parseCertificateRequest12 } from '../../src/tls/messages/certificate-request12.js';
import { parseCertificateStatus } from '../../src/tls/messages/certificate-status.js';
import { parseNewSessionTicket12 } from '../../src/tls/messages/new-session-ticket12.js';
import { parseDheServerKeyExchange, parseEcdheServerKeyExchange } from '../../src/tls/messages/server-key-exchange.js';
import { seededRandom } from '../../src/tls/random.js';
import { MemorySession12Cache, session12Offer, session12Slot, type Session12 } from '../../src/tls/session12.js';
import { fromHex } from '../../src/tls/wire/writer.js';
import { TrustStore } from '../../src/tls/x509/trust-store.js';

function alertOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof TLSError) return error.alertName;
    throw error;
  }
  return 'no error';
}

describe('ServerKeyExchange', () => {
  const ecdhe = fromHex('03001d' + '20' + '11'.repeat(32) + '0403' + '0004' + 'aabbccdd');

  it('reads named-curve ECDHE parameters and keeps the signed bytes exactly', () => {
    const ske = parseEcdheServerKeyExchange(ecdhe);
    expect(ske.group).toBe(0x1d);
    expect(ske.point.length).toBe(32);
    expect(ske.params).toEqual(ecdhe.subarray(0, 3 + 1 + 32));
    expect(ske.scheme).toBe(0x0403);
    expect(ske.signature).toEqual(fromHex('aabbccdd'));
  });

  it('refuses explicit curves, trailing bytes, empty points and empty signatures', () => {
    const explicit = ecdhe.slice();
    explicit[0] = 1;
    expect(alertOf(() => parseEcdheServerKeyExchange(explicit))).toBe('illegal_parameter');
    expect(alertOf(() => parseEcdheServerKeyExchange(Uint8Array.from([...ecdhe, 0])))).toBe('decode_error');
    expect(alertOf(() => parseEcdheServerKeyExchange(fromHex('03001d00' + '0403' + '0001aa')))).toBe('decode_error');
    expect(alertOf(() => parseEcdheServerKeyExchange(fromHex('03001d0111' + '0403' + '0000')))).toBe('decode_error');
  });

  it('reads DHE parameters', () => {
    const dhe = parseDheServerKeyExchange(fromHex('0002ffff' + '000102' + '00020304' + '0401' + '000155'));
    expect(dhe.p).toEqual(fromHex('ffff'));
    expect(dhe.g).toEqual(fromHex('02'));
    expect(dhe.ys).toEqual(fromHex('0304'));
    expect(dhe.params.length).toBe(4 + 3 + 4);
    expect(dhe.scheme).toBe(0x0401);
  });
});

describe('other TLS 1.2 messages', () => {
  it('NewSessionTicket: lifetime hint and ticket, possibly empty', () => {
    expect(parseNewSessionTicket12(fromHex('00001c20' + '0003' + 'aabbcc'))).toEqual({ lifetimeHint: 7200, ticket: fromHex('aabbcc') });
    expect(parseNewSessionTicket12(fromHex('00000000' + '0000')).ticket.length).toBe(0);
    expect(alertOf(() => parseNewSessionTicket12(fromHex('00001c20' + '0003' + 'aabb')))).toBe('decode_error');
  });

  it('CertificateRequest: types, schemes and authorities', () => {
    const body = fromHex('02' + '0140' + '0004' + '04030804' + '0006' + '0004' + '30023000');
    expect(parseCertificateRequest12(body)).toEqual({ certificateTypes: [1, 64], signatureSchemes: [0x0403, 0x0804] });
    expect(alertOf(() => parseCertificateRequest12(fromHex('00' + '0002' + '0403' + '0000')))).toBe('decode_error');
  });

  it('CertificateStatus: an OCSP response, nothing else', () => {
    expect(parseCertificateStatus(fromHex('01' + '000003' + '300100'))).toEqual(fromHex('300100'));
    expect(alertOf(() => parseCertificateStatus(fromHex('02' + '000001' + '00')))).toBe('decode_error');
    expect(alertOf(() => parseCertificateStatus(fromHex('01' + '000000')))).toBe('decode_error');
  });
});

describe('which cached session is offered', () => {
  const now = 1_800_000_000_000;
  const session = (extra: Partial<Session12> = {}): Session12 => ({
    cipherSuite: 0xc02f,
    masterSecret: new Uint8Array(48),
    extendedMasterSecret: true,
    sessionId: new Uint8Array(32).fill(1),
    ticket: new Uint8Array(100).fill(2),
    createdAt: now - 1000,
    expiresAt: now + 1000,
    peerCertificates: [],
    verified: true,
    host: 'example.com',
    ...extra,
  });
  const config = (s: Session12 | undefined, extra: Partial<HandshakeConfig> = {}): HandshakeConfig => {
    const cache = new MemorySession12Cache();
    if (s) cache.set('k', s);
    return {
      provider: defaultProvider,
      random: seededRandom('x'),
      clock: { now: () => now },
      host: 'example.com',
      verify: true,
      trustStore: () => TrustStore.from([]),
      spec: defaultHelloSpec,
      keyLog: null,
      session12: session12Slot(cache, 'k'),
      ...extra,
    };
  };

  it('offers a live session with its ticket and id', () => {
    const offer = session12Offer(config(session()));
    expect(offer?.ticket?.length).toBe(100);
    expect(offer?.sessionId).toEqual(new Uint8Array(32).fill(1));
  });

  it('offers an id-only session by id', () => {
    const { ticket: _ticket, ...idOnly } = session();
    const offer = session12Offer(config(idOnly));
    expect(offer?.ticket).toBeUndefined();
    expect(offer?.sessionId.length).toBe(32);
  });

  it('offers nothing for an expired, foreign, unverified, non-EMS or unofferable session', () => {
    expect(session12Offer(config(undefined))).toBeUndefined();
    expect(session12Offer(config(session({ expiresAt: now })))).toBeUndefined();
    expect(session12Offer(config(session({ host: 'other.example' })))).toBeUndefined();
    expect(session12Offer(config(session({ verified: false })))).toBeUndefined();
    expect(session12Offer(config(session({ verified: false }), { verify: false }))).toBeDefined();
    expect(session12Offer(config(session({ extendedMasterSecret: false })))).toBeUndefined();
    expect(session12Offer(config(session({ cipherSuite: 0x00ff })))).toBeUndefined();
    const tls13Only = { ...defaultHelloSpec, extensions: defaultHelloSpec.extensions.map((e) => (e.type === 'supported_versions' ? { ...e, versions: [0x0304] } : e)) };
    expect(session12Offer(config(session(), { spec: tls13Only }))).toBeUndefined();
    const noTicketExtension = { ...defaultHelloSpec, extensions: defaultHelloSpec.extensions.filter((e) => e.type !== 'session_ticket') };
    expect(session12Offer(config(session(), { spec: noTicketExtension }))).toBeUndefined();
  });

  it('the in-memory cache forgets the oldest entry beyond its capacity', () => {
    const cache = new MemorySession12Cache(2);
    cache.set('a', session());
    cache.set('b', session());
    cache.set('c', session());
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([false, true, true]);
    cache.set('b', null);
    expect(cache.get('b')).toBeUndefined();
  });
});
