/**
 * Whether a JA3 can be honoured: refused with the reason when no hello built from it could
 * complete a handshake (TLS 1.3 without key_share, no suite the engine implements, a group the
 * engine cannot compute), when an extension has no data we could write for it, or when it offers
 * what the engine cannot finish and the caller did not allow that.
 */
import { RequestError } from '../../errors.js';
import { isGrease } from '../../vocabulary/grease.js';
import { ENGINE_GROUPS, groupLabel, suiteLabel, suiteSupport } from './engine-support.js';
import { FIDELITY_ONLY, UNSYNTHESIZABLE, extensionLabel } from './extension-catalog.js';
import type { Ja3Fields } from './ja3-text.js';
import { unimplementedError } from './unimplemented.js';

function refuse(why: string): never {
  throw new RequestError(`JA3 cannot be satisfied: ${why}`);
}

function checkVersion(version: number): void {
  if (version === 771) return;
  if (version === 772) refuse('772 is TLS 1.3, but a ClientHello says 771 in this field for TLS 1.3 too (the JA3 of a TLS 1.3 client starts "771,")');
  if (version === 769 || version === 770) refuse(`version ${version} is a TLS ${version === 769 ? '1.0' : '1.1'} hello; the engine speaks TLS 1.2 and 1.3 only`);
  refuse(`version ${version} is not a TLS version (771 for TLS 1.2 and 1.3 clients)`);
}

function checkExtensions(ids: number[]): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) refuse(`extension ${extensionLabel(id)} is listed twice, and servers refuse a hello that repeats one`);
    seen.add(id);
    const unsupported = UNSYNTHESIZABLE.get(id);
    if (unsupported) refuse(`extension ${extensionLabel(id)} cannot be offered: ${unsupported}`);
  }
  if (ids.filter(isGrease).length > 2) refuse('more than two GREASE extensions (BoringSSL sends two)');
  const has = (id: number): boolean => seen.has(id);
  if (has(43)) {
    // RFC 8446 §9.2: a TLS 1.3 hello without these is answered with missing_extension.
    for (const needed of [10, 13, 51]) if (!has(needed)) refuse(`supported_versions (43) offers TLS 1.3, which needs ${extensionLabel(needed)} as well`);
  }
  if (has(51) && !has(10)) refuse('key_share (51) needs supported_groups (10)');
  if (has(41) && ids[ids.length - 1] !== 41) refuse('pre_shared_key (41) must be the last extension (RFC 8446 §4.2.11)');
  if (has(42) && !has(41)) refuse('early_data (42) is only sent with pre_shared_key (41)');
  if ((has(17513) || has(17613)) && !has(16)) refuse('ALPS (17513/17613) is configured per ALPN protocol and needs ALPN (16)');
}

function checkGroups(fields: Ja3Fields): void {
  const listed = fields.extensions.includes(10);
  const groups = fields.groups.filter((g) => !isGrease(g));
  if (listed && groups.length === 0) refuse('supported_groups (10) is listed but the groups field is empty');
  if (!listed && fields.groups.length > 0) refuse('the groups field is not empty but supported_groups (10) is not listed');
  // Always refused, even with allowUnimplemented: a server may ask for any listed group (a
  // HelloRetryRequest, a TLS 1.2 key exchange), and then there is no key share to send.
  const unknown = groups.filter((g) => !ENGINE_GROUPS.has(g));
  if (unknown.length) refuse(`the engine cannot compute key exchange for group ${unknown.map(groupLabel).join(', ')}`);
}

function checkPointFormats(fields: Ja3Fields): void {
  const listed = fields.extensions.includes(11);
  if (listed && fields.pointFormats.length === 0) refuse('ec_point_formats (11) is listed but the point formats field is empty');
  if (!listed && fields.pointFormats.length > 0) refuse('the point formats field is not empty but ec_point_formats (11) is not listed');
  if (listed && !fields.pointFormats.includes(0)) refuse('ec_point_formats must include 0 (uncompressed), the only format in use (RFC 8422 §5.1.2)');
}

function checkSuites(fields: Ja3Fields): number[] {
  const suites = fields.ciphers.filter((c) => !isGrease(c));
  if (suites.length === 0) refuse('no cipher suites');
  const support = suites.map(suiteSupport);
  const tls13 = fields.extensions.includes(43);
  if (tls13 && !support.includes('tls13')) refuse('supported_versions (43) offers TLS 1.3 but no TLS 1.3 cipher suite the engine implements is listed');
  if (!tls13 && !support.includes('tls12')) refuse('no TLS 1.2 cipher suite the engine implements is listed (and TLS 1.3 is not offered: no 43)');
  return suites.filter((_, i) => support[i] === 'unimplemented');
}

/** Throws a RequestError when the JA3 cannot be honoured as asked. */
export function checkJa3(fields: Ja3Fields, allowUnimplemented: boolean): void {
  checkVersion(fields.version);
  checkExtensions(fields.extensions);
  checkGroups(fields);
  checkPointFormats(fields);
  const suites = checkSuites(fields);
  const extensions = fields.extensions.filter((id) => FIDELITY_ONLY.has(id));
  if (!allowUnimplemented && (suites.length || extensions.length)) {
    throw unimplementedError('JA3', suites.map(suiteLabel), extensions, 'profileFromJa3(ja3, { allowUnimplemented: true })');
  }
}
