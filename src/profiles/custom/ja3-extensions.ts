/**
 * Extension data for a JA3, which names extensions but carries none of their contents. As
 * tls-client does, each gets the data a browser sends: from the base profile when it has that
 * extension (its signature algorithms, certificate compression, ECH GREASE shape...), otherwise
 * a common browser default. The JA3's own fields fill what they do say (groups, point formats).
 */
import { GREASE, type ClientHelloSpec, type ExtensionSpec, type Grease } from '../../vocabulary/hello-spec.js';

export interface Ja3ExtensionInput {
  base: ClientHelloSpec;
  /** supported_groups as sent, GREASE placed. */
  groups: (number | Grease)[];
  keyShareGroups: (number | Grease)[];
  /** NSS's one ECDH key in the hybrid and classical shares (from a Firefox base). */
  reuseEcdhKey?: boolean;
  pointFormats: number[];
  alpn: string[];
  grease: boolean;
}

type Of<K extends ExtensionSpec['type']> = Extract<ExtensionSpec, { type: K }>;

function fromBase<K extends ExtensionSpec['type']>(base: ClientHelloSpec, type: K): Of<K> | undefined {
  return base.extensions.find((e): e is Of<K> => e.type === type);
}

/** BoringSSL's list before ML-DSA: every scheme in it is one the engine verifies. */
const DEFAULT_SCHEMES = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
/** NSS's delegated_credentials schemes (Firefox is the browser that sends the extension). */
const DEFAULT_DELEGATED = [0x0403, 0x0503, 0x0603, 0x0203];
/** BoringSSL's ECH GREASE (setup_ech_grease): HKDF-SHA256, AES-128-GCM, payload 32 * (4..7) + 16. */
const DEFAULT_ECH: Of<'ech_grease'> = { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001], payloadLengths: [144, 176, 208, 240], encLength: 32, enc: 'x25519' };

function signatureSchemes(input: Ja3ExtensionInput): (number | Grease)[] {
  const schemes = fromBase(input.base, 'signature_algorithms')?.schemes ?? DEFAULT_SCHEMES;
  // A GREASE scheme (Chromium 156) is GREASE like any other: only when GREASE is asked for.
  return input.grease ? [...schemes] : schemes.filter((s) => s !== GREASE);
}

const synthesizers = new Map<number, (input: Ja3ExtensionInput) => ExtensionSpec>([
  [0, () => ({ type: 'server_name' })],
  [5, () => ({ type: 'status_request' })],
  [10, (i) => ({ type: 'supported_groups', groups: i.groups })],
  [11, (i) => ({ type: 'ec_point_formats', formats: i.pointFormats })],
  [13, (i) => ({ type: 'signature_algorithms', schemes: signatureSchemes(i) })],
  [16, (i) => ({ type: 'alpn', protocols: i.alpn })],
  [18, () => ({ type: 'signed_certificate_timestamp' })],
  [21, () => ({ type: 'padding', rule: 'boringssl' })],
  [23, () => ({ type: 'extended_master_secret' })],
  [27, (i) => ({ type: 'compress_certificate', algorithms: fromBase(i.base, 'compress_certificate')?.algorithms ?? [2] })],
  [28, (i) => ({ type: 'record_size_limit', limit: fromBase(i.base, 'record_size_limit')?.limit ?? 0x4001 })],
  [34, (i) => ({ type: 'delegated_credentials', schemes: fromBase(i.base, 'delegated_credentials')?.schemes ?? DEFAULT_DELEGATED })],
  [35, () => ({ type: 'session_ticket' })],
  // Sent only when resuming, as the browser the JA3 came from did on a second visit.
  [41, (i) => fromBase(i.base, 'pre_shared_key') ?? { type: 'pre_shared_key' }],
  [42, () => ({ type: 'early_data' })],
  [43, (i) => ({ type: 'supported_versions', versions: i.grease ? [GREASE, 0x0304, 0x0303] : [0x0304, 0x0303] })],
  // Sent only after a HelloRetryRequest with a cookie, where the JA3 puts it.
  [44, () => ({ type: 'cookie' })],
  [45, () => ({ type: 'psk_key_exchange_modes', modes: [1] })],
  [
    50,
    (i) => ({
      type: 'signature_algorithms_cert',
      schemes: fromBase(i.base, 'signature_algorithms_cert')?.schemes ?? signatureSchemes(i).filter((s): s is number => s !== GREASE),
    }),
  ],
  [51, (i) => ({ type: 'key_share', groups: i.keyShareGroups, ...(i.reuseEcdhKey ? { reuseEcdhKey: true } : {}) })],
  [17513, (i) => alps(i, 0x4469)],
  [17613, (i) => alps(i, 0x44cd)],
  // Trust anchor IDs name the client's root store: the base's list, or an empty one (the draft allows it).
  [51764, (i) => rawFromBase(i.base, 0xca34) ?? { type: 'raw', id: 0xca34, data: '0000' }],
  [65037, (i) => fromBase(i.base, 'ech_grease') ?? DEFAULT_ECH],
  [65281, () => ({ type: 'renegotiation_info' })],
]);

function alps(input: Ja3ExtensionInput, codepoint: number): ExtensionSpec {
  const base = fromBase(input.base, 'application_settings');
  // Chromium offers ALPS for HTTP/2 only, with empty settings of its own.
  return { type: 'application_settings', codepoint, protocols: base?.protocols ?? ['h2'], ...(base?.settings ? { settings: { ...base.settings } } : {}) };
}

function rawFromBase(base: ClientHelloSpec, id: number): ExtensionSpec | undefined {
  const found = base.extensions.find((e): e is Of<'raw'> => e.type === 'raw' && e.id === id);
  return found ? { ...found } : undefined;
}

/** The extension a JA3 code point stands for, or undefined when we have no data for it. */
export function synthesizeExtension(id: number, input: Ja3ExtensionInput): ExtensionSpec | undefined {
  return synthesizers.get(id)?.(input);
}
