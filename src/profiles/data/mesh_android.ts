import { GREASE } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import { chrome156 } from './chrome_156.js';
import { http1From } from './variant.js';

// Cronet adds only Accept-Encoding; the app supplies its user agent.
const headers: Profile['headers'] = [['accept-encoding', 'gzip, deflate, br']];

const headerPlacement: Profile['headerPlacement'] = {
  // Not captured: appended after the engine's default.
  'content-type': { after: 'accept-encoding' },
  'content-length': { after: 'content-type' },
  origin: { after: 'content-length' },
  authorization: { after: 'origin' },
  referer: { after: 'authorization' },
  cookie: { after: 'referer' },
};

const http2: Profile['http2'] = {
  settings: [
    [1, 65536], // HEADER_TABLE_SIZE
    [3, 1000], // MAX_CONCURRENT_STREAMS
    [4, 6291456], // INITIAL_WINDOW_SIZE
    [6, 262144], // MAX_HEADER_LIST_SIZE
  ],
  connectionWindowUpdate: 15663105,
  priorityFrames: [],
  // tls-client sets no HEADERS priority for this profile, so fhttp's default goes out: wire weight
  // 255, exclusive (which is also what Chromium sends for a navigation).
  headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
  settingsAckBeforeHeaders: false,
  streamWindowUpdate: null,
  firstStreamId: 1,
  // Cronet is Chromium's network stack, with Chromium's HPACK encoder.
  hpack: structuredClone(chrome156.http2.hpack),
  trailingHeaders: [],
};

/**
 * Mesh's Android app (mesh_android and mesh_android_1): Chromium's network stack (Cronet) as it was
 * around Chrome 103: GREASE, brotli certificate compression, an ALPS extension with an empty list,
 * Chrome's SETTINGS of that era, no extension shuffling.
 */
export const meshAndroid: Profile = {
  id: 'mesh_android',
  aliases: ['mesh_android_1'],
  browser: 'chrome',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go MeshAndroid (mapped as mesh_android and mesh_android_1, hence the alias): ClientHello with GREASE, brotli, signed_certificate_timestamp and an application_settings (17513) extension whose protocol list is empty, SETTINGS 1:65536;3:1000;4:6291456;6:262144, WINDOW_UPDATE 15663105, m,a,s,p. ' +
    'Engine imitated: Cronet (Chromium), the only app stack here that is Chromium-based; it lives in this list because the app stacks were assigned together. Headers: Cronet adds only Accept-Encoding.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [GREASE, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'grease', slot: 1 },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601] },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'compress_certificate', algorithms: [2] },
      // ALPS (old codepoint) with an empty protocol list, as the spec has it: sent as fixed bytes
      // because the application_settings encoder leaves out an ALPS without protocols.
      { type: 'raw', id: 0x4469, data: '0000' },
      { type: 'grease', slot: 2 },
      { type: 'padding', rule: 'boringssl' },
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Host'),
  headers,
  headerPlacement,
};
