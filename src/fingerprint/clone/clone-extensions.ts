/**
 * One captured extension as a spec entry. Where the engine has an encoder, the decoded data
 * becomes the typed spec, so what is per connection (server name, ALPN, key shares, ECH GREASE,
 * GREASE values) is made afresh; anything else is kept as its exact bytes ('raw').
 */
import type { ClientHelloExtension } from '../extension-types.js';
import { isGrease } from '../../vocabulary/grease.js';
import { sharesReuseEcdhKey } from '../../tls/hello/key-shares.js';
import { GREASE, type ExtensionSpec, type Grease } from '../../vocabulary/hello-spec.js';
import { FIDELITY_ONLY, UNSYNTHESIZABLE } from '../../profiles/custom/extension-catalog.js';

const BORINGSSL_ECH_PAYLOADS = [144, 176, 208, 240];

export interface CloneState {
  /** A hello with GREASE is BoringSSL's, whose ECH GREASE `enc` is an X25519 key (NSS's is random bytes). */
  boringssl: boolean;
  /** A hello without GREASE that sends record_size_limit or delegated_credentials is NSS's (Firefox). */
  nss?: boolean;
  /** The capture's padding is what BoringSSL's rule gives for its length (else its bytes are kept). */
  paddingByRule: boolean;
  /** ALPS settings the base profile sends for a protocol (a capture cannot show them: they go encrypted). */
  alpsSettings?: Record<string, string>;
  /** The base's resumption policy (ticket age unit, lifetime), which a capture cannot show either. */
  psk: Extract<ExtensionSpec, { type: 'pre_shared_key' }>;
  greaseSeen: number;
  /** Code points kept as bytes whose acceptance by a server the engine cannot follow through. */
  unimplemented: number[];
}

function raw(ext: ClientHelloExtension): ExtensionSpec {
  return { type: 'raw', id: ext.type, data: Buffer.from(ext.data).toString('hex') };
}

function marked(values: number[]): (number | Grease)[] {
  return values.map((v) => (isGrease(v) ? GREASE : v));
}

const ascii = (names: string[]): boolean => names.every((n) => /^[\x20-\x7e]*$/.test(n));
const empty = (ext: ClientHelloExtension): boolean => ext.data.length === 0;

function grease(ext: ClientHelloExtension, state: CloneState): ExtensionSpec {
  state.greaseSeen++;
  // BoringSSL has two GREASE extension slots; a third keeps its value and bytes as captured.
  if (state.greaseSeen > 2) return raw(ext);
  const body = ext.data.length === 0 ? 'empty' : ext.data.length === 1 && ext.data[0] === 0 ? 'zero-byte' : undefined;
  return body ? { type: 'grease', slot: state.greaseSeen as 1 | 2, body } : raw(ext);
}

export function cloneExtension(ext: ClientHelloExtension, state: CloneState): ExtensionSpec {
  switch (ext.kind) {
    case 'grease':
      return grease(ext, state);
    case 'server_name':
      return { type: 'server_name' };
    case 'extended_master_secret':
      return { type: 'extended_master_secret' };
    case 'signed_certificate_timestamp':
      return { type: 'signed_certificate_timestamp' };
    case 'early_data':
      return { type: 'early_data' };
    case 'renegotiation_info':
      return ext.renegotiatedConnection.length === 0 ? { type: 'renegotiation_info' } : raw(ext);
    case 'status_request':
      return ext.statusType === 1 && ext.data.length === 5 && ext.responderIdListLength === 0 && ext.requestExtensionsLength === 0 ? { type: 'status_request' } : raw(ext);
    // A ticket in the capture belonged to that client's session; ours offers its own, or none.
    case 'session_ticket':
      return { type: 'session_ticket' };
    case 'supported_groups':
      return { type: 'supported_groups', groups: marked(ext.groups) };
    case 'ec_point_formats':
      return { type: 'ec_point_formats', formats: [...ext.formats] };
    case 'alpn':
      return ascii(ext.protocols) ? { type: 'alpn', protocols: [...ext.protocols] } : raw(ext);
    case 'signature_algorithms':
      return { type: 'signature_algorithms', schemes: marked(ext.algorithms) };
    case 'signature_algorithms_cert':
      return ext.algorithms.some(isGrease) ? raw(ext) : { type: 'signature_algorithms_cert', schemes: [...ext.algorithms] };
    case 'key_share':
      // A hybrid share ending in the classical share's key is NSS's reuse (tls13con.c tls13_CreateKeyShare): the clone does it too.
      return {
        type: 'key_share',
        groups: ext.shares.map((s) => (s.grease ? GREASE : s.group)),
        ...(sharesReuseEcdhKey(ext.shares) ? { reuseEcdhKey: true } : {}),
      };
    case 'supported_versions':
      return { type: 'supported_versions', versions: marked(ext.versions) };
    case 'psk_key_exchange_modes':
      return ext.modes.every((m) => m === 0 || m === 1) ? { type: 'psk_key_exchange_modes', modes: [...ext.modes] } : raw(ext);
    case 'compress_certificate':
      return ext.algorithms.some(isGrease) ? raw(ext) : { type: 'compress_certificate', algorithms: [...ext.algorithms] };
    case 'record_size_limit':
      return { type: 'record_size_limit', limit: ext.limit };
    case 'delegated_credentials':
      return ext.algorithms.some(isGrease) ? raw(ext) : { type: 'delegated_credentials', schemes: [...ext.algorithms] };
    case 'application_settings':
      if (!ascii(ext.protocols)) return raw(ext);
      return { type: 'application_settings', codepoint: ext.codepoint, protocols: [...ext.protocols], ...(state.alpsSettings ? { settings: { ...state.alpsSettings } } : {}) };
    case 'encrypted_client_hello':
      if (ext.echType !== 'outer') return raw(ext);
      return {
        type: 'ech_grease',
        kdf: ext.kdf,
        // NSS draws the GREASE AEAD per connection between AES-128-GCM and ChaCha20-Poly1305
        // (tls13ech.c tls13_MaybeGreaseEch; the firefox-153 captures show both): so does its clone.
        aeads: state.nss && (ext.aead === 0x0001 || ext.aead === 0x0003) ? [0x0001, 0x0003] : [ext.aead],
        // BoringSSL draws the payload per connection (setup_ech_grease: 32 * random(4..7) + 16,
        // i.e. 144/176/208/240 with AES-128-GCM's tag): one captured length of those means all four.
        payloadLengths: state.boringssl && BORINGSSL_ECH_PAYLOADS.includes(ext.payloadLength) ? [...BORINGSSL_ECH_PAYLOADS] : [ext.payloadLength],
        encLength: ext.encLength,
        enc: state.boringssl && ext.encLength === 32 ? 'x25519' : 'random',
      };
    case 'padding':
      return state.paddingByRule && ext.allZero ? { type: 'padding', rule: 'boringssl' } : raw(ext);
    // Offered only when resuming: a fresh connection leaves it out, as the client's first visit did.
    case 'pre_shared_key':
      return { ...state.psk };
    case 'encrypt_then_mac':
    case 'post_handshake_auth':
      state.unimplemented.push(ext.type);
      return raw(ext);
    case 'trust_anchors':
      return raw(ext);
    case 'unknown':
      if (ext.type === 44 && !empty(ext)) return { type: 'cookie' };
      if (FIDELITY_ONLY.has(ext.type) || UNSYNTHESIZABLE.has(ext.type)) state.unimplemented.push(ext.type);
      return raw(ext);
  }
}
