/**
 * What the engine can complete, as plain tables a fingerprint is checked against. They do not
 * ask the crypto provider: the client builds JA3 profiles on the caller's thread, which never
 * loads the TLS engine (DESIGN: no crypto on the caller's thread). A test holds these tables to
 * the engine itself (the provider's supportsGroup, the cipher-suite table, the ServerHello checks).
 */
import { cipherSuite, cipherSuiteName } from '../../vocabulary/cipher-suites.js';
import { Group } from '../../vocabulary/groups.js';

/** Signalling values in the cipher list: no server picks them, so listing them is always safe. */
const SIGNALLING_SUITES = new Map<number, string>([
  [0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'],
  [0x5600, 'TLS_FALLBACK_SCSV'],
]);

/** Named groups the provider can make key shares for, so every group a server may pick completes. */
export const ENGINE_GROUPS: ReadonlySet<number> = new Set([
  Group.x25519,
  Group.x448,
  Group.secp256r1,
  Group.secp384r1,
  Group.secp521r1,
  Group.ffdhe2048,
  Group.ffdhe3072,
  Group.ffdhe4096,
  Group.ffdhe6144,
  Group.ffdhe8192,
  Group.x25519mlkem768,
  Group.secp256r1mlkem768,
  Group.x25519kyber768draft00,
]);

/** The key_share length of each group, as the engine generates it (a clone regenerates shares). */
export const KEY_SHARE_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Group.x25519, 32],
  [Group.x448, 56],
  [Group.secp256r1, 65],
  [Group.secp384r1, 97],
  [Group.secp521r1, 133],
  [Group.ffdhe2048, 256],
  [Group.ffdhe3072, 384],
  [Group.ffdhe4096, 512],
  [Group.ffdhe6144, 768],
  [Group.ffdhe8192, 1024],
  [Group.x25519mlkem768, 1216],
  [Group.secp256r1mlkem768, 1249],
  [Group.x25519kyber768draft00, 1216],
]);

export type SuiteSupport = 'tls13' | 'tls12' | 'signal' | 'unimplemented';

/** Whether the engine completes a handshake on this suite, and for which version. */
export function suiteSupport(id: number): SuiteSupport {
  if (SIGNALLING_SUITES.has(id)) return 'signal';
  const suite = cipherSuite(id);
  if (!suite) return 'unimplemented';
  if (suite.version === 'tls13') return 'tls13';
  // 3DES is known (so a server's pick is refused by name) but neither provider has the cipher.
  return suite.cipher.kind === 'cbc' && suite.cipher.blockCipher !== 'aes' ? 'unimplemented' : 'tls12';
}

/**
 * Names for suites OpenSSL clients offer and the engine does not implement, so a refusal says
 * what it refuses; whole families by their registry ranges (RFC 6209, 6367, 6655, 8446).
 */
const UNIMPLEMENTED_NAMES = new Map<number, string>([
  [0x0032, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'],
  [0x0038, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x0040, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256'],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256'],
  [0x006a, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256'],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256'],
  [0x00a2, 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256'],
  [0x00a3, 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384'],
  [0x1304, 'TLS_AES_128_CCM_SHA256'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256'],
]);

function family(id: number): string | undefined {
  if (id >= 0xc03c && id <= 0xc071) return 'an ARIA suite';
  if ((id >= 0xc072 && id <= 0xc09b) || (id >= 0x0041 && id <= 0x0046) || (id >= 0x0084 && id <= 0x0089) || (id >= 0x00ba && id <= 0x00c5)) return 'a Camellia suite';
  if (id >= 0xc09c && id <= 0xc0af) return 'an AES-CCM suite';
  return undefined;
}

export function suiteLabel(id: number): string {
  const hex = `0x${id.toString(16).padStart(4, '0')}`;
  const known = cipherSuiteName(id);
  const name = SIGNALLING_SUITES.get(id) ?? UNIMPLEMENTED_NAMES.get(id) ?? (known !== hex ? known : family(id));
  return name ? `${hex} (${name})` : hex;
}

export function groupLabel(id: number): string {
  const name = Object.entries(Group).find(([, v]) => v === id)?.[0];
  return `${id} (0x${id.toString(16).padStart(4, '0')}${name ? ` ${name}` : ''})`;
}
