import { Group } from '../crypto/provider.js';
import { SignatureScheme as S } from '../signature-schemes.js';
import type { ClientHelloSpec } from '../../vocabulary/hello-spec.js';

/**
 * The engine's own ClientHello when no browser profile is given: TLS 1.3 and 1.2, every suite,
 * group and signature scheme the engine completes. Browser profiles replace it.
 */
export const defaultHelloSpec: ClientHelloSpec = {
  recordVersion: 0x0301,
  legacyVersion: 0x0303,
  cipherSuites: [
    0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0xc023, 0xc027,
    0xc024, 0xc028, 0x009c, 0x009d, 0x002f, 0x0035, 0x003c, 0x003d,
  ],
  compressionMethods: [0],
  sessionIdLength: 32,
  permuteExtensions: false,
  extensions: [
    { type: 'server_name' },
    { type: 'extended_master_secret' },
    { type: 'renegotiation_info' },
    {
      type: 'supported_groups',
      groups: [Group.x25519mlkem768, Group.x25519, Group.secp256r1, Group.secp384r1, Group.secp521r1, Group.ffdhe2048, Group.ffdhe3072],
    },
    { type: 'ec_point_formats', formats: [0] },
    { type: 'session_ticket' },
    { type: 'alpn', protocols: ['h2', 'http/1.1'] },
    { type: 'status_request' },
    {
      type: 'signature_algorithms',
      schemes: [
        S.ecdsa_secp256r1_sha256,
        S.rsa_pss_rsae_sha256,
        S.rsa_pkcs1_sha256,
        S.ecdsa_secp384r1_sha384,
        S.rsa_pss_rsae_sha384,
        S.rsa_pkcs1_sha384,
        S.rsa_pss_rsae_sha512,
        S.rsa_pkcs1_sha512,
        S.ecdsa_secp521r1_sha512,
        S.ed25519,
        S.ed448,
        S.rsa_pss_pss_sha256,
        S.rsa_pss_pss_sha384,
        S.rsa_pss_pss_sha512,
        S.mldsa44,
        S.mldsa65,
        S.mldsa87,
      ],
    },
    { type: 'signed_certificate_timestamp' },
    { type: 'key_share', groups: [Group.x25519mlkem768, Group.x25519] },
    { type: 'psk_key_exchange_modes', modes: [1] },
    { type: 'supported_versions', versions: [0x0304, 0x0303] },
    { type: 'pre_shared_key' },
  ],
};
