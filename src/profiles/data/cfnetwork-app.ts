/**
 * What the iOS app profiles (Apple's CFNetwork, from tls-client's contributed app profiles) have
 * in common, one block each so they cannot drift apart. A fresh value per call, as
 * chromium-parts.ts does: profiles never share arrays or objects.
 */
import { GREASE, type ClientHelloSpec } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';

/** CFNetwork's default headers, in every iOS app profile. */
export function cfnetworkAppHeaders(): Profile['headers'] {
  return [
    // CFNetwork's defaults; the user agent is built from the app's bundle, so the caller sets it.
    ['accept', '*/*'],
    ['accept-language', 'en-US,en;q=0.9'],
    ['accept-encoding', 'gzip, deflate, br'],
  ];
}

/** Where the headers CFNetwork's defaults do not list go, in every iOS app profile. */
export function cfnetworkAppHeaderPlacement(): Profile['headerPlacement'] {
  return {
    // Not captured: appended after the engine's defaults.
    'content-type': { after: 'accept-encoding' },
    'content-length': { after: 'content-type' },
    origin: { after: 'content-length' },
    authorization: { after: 'origin' },
    referer: { after: 'authorization' },
    cookie: { after: 'referer' },
  };
}

/**
 * The ClientHello three of them send: tls-client's ZalandoIosMobile hello, reused by its
 * NikeIosMobile and MeshIos/ConfirmedIos.
 */
export function cfnetworkAppHello(): ClientHelloSpec {
  return {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [GREASE, 0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014, 0xc013],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'grease', slot: 1 },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x001d, 0x0017, 0x0018, 0x0019] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'compress_certificate', algorithms: [1] },
      { type: 'grease', slot: 2 },
      { type: 'padding', rule: 'boringssl' },
      // Apple's stack resumes with a TLS 1.3 ticket; tls-client never resumes, so its spec omits it.
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  };
}
