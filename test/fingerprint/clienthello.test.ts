import { describe, expect, it } from 'vitest';
import type { ClientHelloExtension } from '../../src/fingerprint/extension-types.js';
import { findExtension, parseClientHello } from '../../src/fingerprint/clienthello.js';
import { hex4 } from '../../src/fingerprint/hex.js';
import { TLSError } from '../../src/errors.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { captureFiles, captureJson, labelOf, readCapture, type CaptureExtension } from './captures.js';

/**
 * Our parse of every captured ClientHello against the independent decode in `<label>.json`.
 * Each extension is projected into that JSON's field names and compared whole, so a field the
 * JSON has and we do not decode (or decode differently) fails, rather than being skipped.
 */

const ids = (list: unknown): unknown => (Array.isArray(list) ? list.map((x: { id: unknown }) => x.id) : list);

/** The JSON's extension without display names (which are labels, not wire data). */
function normalizeJson(e: CaptureExtension): Record<string, unknown> {
  const { name: _name, ...rest } = e;
  const out: Record<string, unknown> = { ...rest };
  for (const key of ['groups', 'algorithms', 'versions']) if (key in out) out[key] = ids(out[key]);
  if ('key_shares' in out) {
    out.key_shares = (out.key_shares as Array<{ group: string; length: number; key_exchange_head: string }>).map(
      ({ group, length, key_exchange_head }) => ({ group, length, key_exchange_head }),
    );
  }
  return out;
}

/** Our decoded extension in the JSON's vocabulary. */
function project(e: ClientHelloExtension): Record<string, unknown> {
  const base = { type: hex4(e.type), ext_data_len: e.data.length };
  const hexList = (values: number[]): string[] => values.map(hex4);
  switch (e.kind) {
    case 'grease':
    case 'unknown':
    case 'trust_anchors':
      return { ...base, payload_hex: bytesToHex(e.data) };
    case 'server_name':
      return { ...base, server_names: e.serverNames };
    case 'status_request':
      return { ...base, status_type: e.statusType, responder_id_list_len: e.responderIdListLength, request_extensions_len: e.requestExtensionsLength };
    case 'supported_groups':
      return { ...base, groups: hexList(e.groups) };
    case 'ec_point_formats':
      return { ...base, formats: e.formats };
    case 'signature_algorithms':
    case 'signature_algorithms_cert':
    case 'delegated_credentials':
      return { ...base, algorithms: hexList(e.algorithms) };
    case 'compress_certificate':
      return { ...base, algorithms: e.algorithms };
    case 'alpn':
    case 'application_settings':
      return { ...base, protocols: e.protocols };
    case 'supported_versions':
      return { ...base, versions: hexList(e.versions) };
    case 'key_share':
      return { ...base, key_shares: e.shares.map((s) => ({ group: hex4(s.group), length: s.length, key_exchange_head: bytesToHex(s.key.subarray(0, 8)) })) };
    case 'psk_key_exchange_modes':
      return { ...base, modes: e.modes };
    case 'session_ticket':
      return { ...base, ticket_len: e.ticketLength };
    case 'renegotiation_info':
      return { ...base, renegotiated_connection_len: e.renegotiatedConnection.length };
    case 'padding':
      return { ...base, padding_len: e.length, all_zero: e.allZero };
    case 'record_size_limit':
      return { ...base, record_size_limit: e.limit };
    case 'encrypted_client_hello':
      return e.echType === 'outer'
        ? { ...base, ech_type: 'outer', kdf_id: hex4(e.kdf), aead_id: hex4(e.aead), config_id: e.configId, enc_len: e.encLength, payload_len: e.payloadLength }
        : { ...base, ech_type: 'inner' };
    default:
      return base;
  }
}

const files = [...captureFiles('.clienthello.hex'), ...captureFiles('.clienthello-record.hex')];

describe('parseClientHello on the real captures', () => {
  it('finds the captures (a missing folder or an empty one fails here)', () => {
    const messages = captureFiles('.clienthello.hex');
    expect(messages.length).toBeGreaterThan(0);
    expect(captureFiles('.clienthello-record.hex').map(labelOf)).toEqual(messages.map(labelOf));
  });

  it.each(files)('%s matches the independent decode in its .json', (file) => {
    const json = captureJson(labelOf(file)).client_hello;
    const hello = parseClientHello(readCapture(file));

    expect(hello.length).toBe(json.handshake_len);
    if (file.endsWith('-record.hex')) {
      expect(hello.recordVersion).toBe(parseInt(json.record_headers[0]!.version, 16));
      expect(hello.recordCount).toBe(json.record_headers.length);
    } else {
      expect(hello.recordVersion).toBeUndefined();
    }
    expect(hex4(hello.legacyVersion)).toBe(json.legacy_version);
    expect(bytesToHex(hello.random)).toBe(json.random);
    expect(bytesToHex(hello.sessionId)).toBe(json.session_id);
    expect(hello.sessionId.length).toBe(json.session_id_len);
    expect(hello.cipherSuites.map((c) => hex4(c.value))).toEqual(json.ciphers.map((c) => c.id));
    expect(hello.cipherSuites.map((c) => c.grease)).toEqual(json.ciphers.map((c) => c.name === 'GREASE'));
    expect(hello.compressionMethods).toEqual(json.compression_methods);
    expect(hello.extensions.map((e) => hex4(e.type))).toEqual(json.extension_order);
    expect(hello.extensions.map((e) => e.grease)).toEqual(json.extensions.map((e) => e.name === 'GREASE'));
    expect(hello.extensions.map(project)).toEqual(json.extensions.map(normalizeJson));
  });

  it.each(files)('%s: the record and the bare message parse to the same hello', (file) => {
    const label = labelOf(file);
    const fromMessage = parseClientHello(readCapture(`${label}.clienthello.hex`));
    const fromRecord = parseClientHello(readCapture(`${label}.clienthello-record.hex`));
    expect({ ...fromRecord, recordVersion: undefined, recordCount: undefined }).toEqual(fromMessage);
  });

  it('accepts bytes as well as hex text, and a handshake split over two records', () => {
    const message = parseClientHello(readCapture('curl-7.88.1-1.clienthello.hex'));
    const bytes = Uint8Array.from(Buffer.from(readCapture('curl-7.88.1-1.clienthello.hex').trim(), 'hex'));
    expect(parseClientHello(bytes)).toEqual(message);
    const cut = 100;
    const record = (fragment: Uint8Array): number[] => [22, 3, 1, fragment.length >> 8, fragment.length & 0xff, ...fragment];
    const split = Uint8Array.from([...record(bytes.subarray(0, cut)), ...record(bytes.subarray(cut))]);
    const parsed = parseClientHello(split);
    expect(parsed.recordCount).toBe(2);
    expect({ ...parsed, recordVersion: undefined, recordCount: undefined }).toEqual(message);
  });

  it('decodes what the README states about Chromium and Firefox', () => {
    const chromium = parseClientHello(readCapture('chromium-156-1.clienthello.hex'));
    expect(findExtension(chromium, 'key_share')?.shares.map((s) => [s.group, s.length])).toEqual([
      [findExtension(chromium, 'supported_groups')!.groups[0]!, 1],
      [0x11ec, 1216],
      [0x001d, 32],
    ]);
    expect(findExtension(chromium, 'application_settings')).toMatchObject({ codepoint: 0x44cd, protocols: ['h2'] });
    expect(findExtension(chromium, 'trust_anchors')?.ids.length).toBe(28);
    expect(findExtension(chromium, 'alpn')?.protocols).toEqual(['h2', 'http/1.1']);
    expect(findExtension(chromium, 'server_name')?.serverNames).toEqual([{ type: 0, name: 'localhost' }]);
    expect(findExtension(chromium, 'psk_key_exchange_modes')?.modes).toEqual([1]);

    const firefox = parseClientHello(readCapture('firefox-153-2.c2.clienthello.hex'));
    expect(findExtension(firefox, 'record_size_limit')?.limit).toBe(16385);
    expect(findExtension(firefox, 'compress_certificate')?.algorithms).toEqual([1, 2, 3]);
    expect(findExtension(firefox, 'delegated_credentials')?.algorithms).toEqual([0x0403, 0x0503, 0x0603, 0x0203]);
    expect(findExtension(firefox, 'encrypted_client_hello')).toMatchObject({ echType: 'outer', kdf: 1, aead: 3, encLength: 32, payloadLength: 239 });

    const curl = parseClientHello(readCapture('curl-7.88.1-1.clienthello.hex'));
    expect(findExtension(curl, 'padding')).toMatchObject({ length: 180, allZero: true });
  });

  it('throws TLSError decode_error on obviously wrong input', () => {
    for (const input of ['', 'zz', '0', '02000000', '16030100', '17030100050100000100', new Uint8Array([0x01, 0, 0, 1])]) {
      expect(() => parseClientHello(input)).toThrow(TLSError);
      try {
        parseClientHello(input);
      } catch (error) {
        expect(error).toMatchObject({ alert: 50, alertName: 'decode_error' });
      }
    }
  });
});
