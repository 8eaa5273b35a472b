// The second ClientHello after a HelloRetryRequest, as BoringSSL and NSS write it: the same
// GREASE values, extension order and ECH GREASE extension; one key share, of the asked group,
// without the GREASE share (BoringSSL ssl_setup_key_shares with an override group); the cookie
// where each browser puts it.
import { describe, expect, it } from 'vitest';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { buildClientHello } from '../../src/tls/hello/build.js';
import { systemRandom } from '../../src/tls/random.js';
import { hex } from '../../src/tls/wire/writer.js';
import { helloContext } from './hello.js';

const COOKIE = Uint8Array.of(1, 2, 3, 4);

function firstAndRetry(spec: typeof chrome156.tls) {
  const ctx = helloContext(spec, { serverName: 'example.com' });
  const first = parseClientHello(buildClientHello(spec, ctx).message);
  ctx.cookie = COOKIE;
  ctx.retryGroup = Group.secp256r1;
  ctx.keyShares.set(Group.secp256r1, defaultProvider.generateKeyShare(Group.secp256r1, systemRandom));
  const retry = parseClientHello(buildClientHello(spec, ctx, true).message);
  return { first, retry };
}

const types = (h: ReturnType<typeof parseClientHello>): number[] => h.extensions.map((e) => e.type);

describe.each([
  ['chrome_156', chrome156],
  ['firefox_153', firefox153],
] as const)('%s after a HelloRetryRequest', (_id, profile) => {
  it('keeps the order, adding only the cookie, and resends the same ECH GREASE bytes', () => {
    const { first, retry } = firstAndRetry(profile.tls);
    expect(types(retry).filter((t) => t !== 0x002c)).toEqual(types(first));
    expect(findExtension(retry, 'encrypted_client_hello')).toBeDefined();
    const ech = (h: typeof first): string => hex(h.extensions.find((e) => e.type === 0xfe0d)!.data);
    expect(ech(retry)).toBe(ech(first));
    const cookie = retry.extensions.find((e) => e.type === 0x002c)!;
    expect(hex(cookie.data)).toBe('000401020304');
  });

  it('sends one key share, of the group asked for', () => {
    const { retry } = firstAndRetry(profile.tls);
    expect(findExtension(retry, 'key_share')!.shares.map((s) => [s.group, s.length])).toEqual([[Group.secp256r1, 65]]);
  });
});

it('firefox_153 puts the cookie between signature_algorithms and psk_key_exchange_modes (NSS order)', () => {
  const { retry } = firstAndRetry(firefox153.tls);
  const order = types(retry);
  expect(order.slice(order.indexOf(0x000d), order.indexOf(0x000d) + 3)).toEqual([0x000d, 0x002c, 0x002d]);
});

it('chrome_156 keeps its GREASE values, and the cookie is permuted with the rest', () => {
  const { first, retry } = firstAndRetry(chrome156.tls);
  expect(retry.extensions[0]!.type).toBe(first.extensions[0]!.type);
  expect(retry.extensions.at(-1)!.type).toBe(first.extensions.at(-1)!.type);
  expect(retry.cipherSuites[0]!.value).toBe(first.cipherSuites[0]!.value);
  const positions = new Set(
    Array.from({ length: 60 }, () => {
      const order = types(firstAndRetry(chrome156.tls).retry);
      return order.indexOf(0x002c);
    }),
  );
  expect(positions.size).toBeGreaterThan(5);
});
