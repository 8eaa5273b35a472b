/**
 * A field-by-field account of a ClientHello someone else built (`fingerprint --hex/--file
 * --explain`). There is no writer to ask here, so the account comes from the parser: each field
 * as it was read, its bytes in hex, and what it means, in wire order.
 */
import type { ParsedClientHello } from '../fingerprint/clienthello.js';
import type { ClientHelloExtension } from '../fingerprint/extension-types.js';
import { cipherName, extensionName, groupName, schemeName } from '../fingerprint/echo/names.js';
import { hex4 } from '../fingerprint/hex.js';

const VERSION_NAMES: Record<number, string> = { 0x0304: 'TLS 1.3', 0x0303: 'TLS 1.2', 0x0302: 'TLS 1.1', 0x0301: 'TLS 1.0' };
const CERT_COMPRESSION: Record<number, string> = { 1: 'zlib', 2: 'brotli', 3: 'zstd' };
const WIDE = 64;

function hexOf(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
  return text.length > WIDE ? `${text.slice(0, WIDE)}… (${bytes.length} bytes)` : text;
}

function versionName(v: number): string {
  return VERSION_NAMES[v] ?? (cipherName(v) === 'GREASE' ? 'GREASE' : `0x${hex4(v)}`);
}

function line(depth: number, value: string, meaning: string): string {
  return `${'  '.repeat(depth)}${value}  ${meaning}`;
}

export function explainParsedHello(hello: ParsedClientHello): string {
  const out: string[] = [];
  if (hello.recordVersion !== undefined) out.push(line(0, hex4(hello.recordVersion), `record version (${hello.recordCount ?? 1} record(s))`));
  out.push(line(0, '01', 'handshake type ClientHello'), line(0, hello.length.toString(16).padStart(6, '0'), `length of ClientHello: ${hello.length}`));
  out.push(line(1, hex4(hello.legacyVersion), `legacy_version (${versionName(hello.legacyVersion)})`));
  out.push(line(1, hexOf(hello.random), 'random'));
  out.push(line(1, hexOf(hello.sessionId) || '(empty)', `legacy_session_id: ${hello.sessionId.length} bytes`));
  out.push(line(1, hex4(hello.cipherSuites.length * 2), `length of cipher suites: ${hello.cipherSuites.length * 2} (${hello.cipherSuites.length} suites)`));
  for (const c of hello.cipherSuites) out.push(line(2, hex4(c.value), cipherName(c.value)));
  out.push(line(1, hello.compressionMethods.map((m) => m.toString(16).padStart(2, '0')).join(''), 'compression methods'));
  const extensionsLength = hello.extensions.reduce((n, e) => n + 4 + e.data.length, 0);
  out.push(line(1, hex4(extensionsLength), `length of extensions: ${extensionsLength} (${hello.extensions.length} extensions)`));
  for (const ext of hello.extensions) {
    out.push(line(2, hex4(ext.type), `extension ${extensionName(ext.type)} (${ext.data.length} bytes)`));
    for (const detail of extensionDetails(ext)) out.push(line(3, detail[0], detail[1]));
  }
  return out.join('\n');
}

/** [value, meaning] lines for the fields a fingerprint reads; the raw bytes for the rest. */
function extensionDetails(ext: ClientHelloExtension): Array<[string, string]> {
  switch (ext.kind) {
    case 'server_name':
      return ext.serverNames.map((n) => [n.name, 'host_name']);
    case 'supported_groups':
      return ext.groups.map((g) => [hex4(g), groupName(g)]);
    case 'signature_algorithms':
    case 'signature_algorithms_cert':
    case 'delegated_credentials':
      return ext.algorithms.map((s) => [hex4(s), schemeName(s)]);
    case 'alpn':
      return ext.protocols.map((p) => [p, 'protocol']);
    case 'application_settings':
      return ext.protocols.map((p) => [p, `ALPS protocol (code point 0x${hex4(ext.codepoint)})`]);
    case 'supported_versions':
      return ext.versions.map((v) => [hex4(v), versionName(v)]);
    case 'key_share':
      return ext.shares.map((s) => [hex4(s.group), `${groupName(s.group)} key share, ${s.length} bytes`]);
    case 'compress_certificate':
      return ext.algorithms.map((a) => [hex4(a), CERT_COMPRESSION[a] ?? 'unknown algorithm']);
    case 'ec_point_formats':
      return ext.formats.map((f) => [f.toString(16).padStart(2, '0'), f === 0 ? 'uncompressed' : 'point format']);
    case 'psk_key_exchange_modes':
      return ext.modes.map((m) => [m.toString(16).padStart(2, '0'), m === 1 ? 'psk_dhe_ke' : m === 0 ? 'psk_ke' : 'mode']);
    case 'record_size_limit':
      return [[hex4(ext.limit), `limit ${ext.limit}`]];
    case 'encrypted_client_hello':
      return ext.echType === 'outer'
        ? [[hexOf(ext.data), `outer: KDF 0x${hex4(ext.kdf)}, AEAD 0x${hex4(ext.aead)}, config id ${ext.configId}, enc ${ext.encLength} bytes, payload ${ext.payloadLength} bytes`]]
        : [[hexOf(ext.data), 'inner']];
    case 'padding':
      return [[hexOf(ext.data), `${ext.length} bytes of padding${ext.allZero ? ' (zeros)' : ''}`]];
    case 'trust_anchors':
      return [[hexOf(ext.data), `${ext.ids.length} trust anchor ids`]];
    default:
      return ext.data.length ? [[hexOf(ext.data), 'data']] : [];
  }
}
