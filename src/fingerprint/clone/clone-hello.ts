/**
 * A ClientHelloSpec reproducing a captured ClientHello byte for byte, apart from what is made
 * per connection: random, session id, key shares, ECH GREASE bytes, GREASE values (marked, so
 * feeding the capture's back reproduces them). The extension order is the capture's, with no
 * permutation. Refused, with the reason, when the engine could not complete it.
 */
import { RequestError } from '../../errors.js';
import type { ParsedClientHello } from '../clienthello.js';
import { isGrease } from '../../vocabulary/grease.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec } from '../../vocabulary/hello-spec.js';
import { cloneExtension, type CloneState } from './clone-extensions.js';
import { ENGINE_GROUPS, KEY_SHARE_LENGTHS, groupLabel, suiteLabel, suiteSupport } from '../../profiles/custom/engine-support.js';
import { extensionLabel } from '../../profiles/custom/extension-catalog.js';
import { unimplementedError } from '../../profiles/custom/unimplemented.js';

function refuse(why: string): never {
  throw new RequestError(`this ClientHello cannot be cloned: ${why}`);
}

/** BoringSSL's (and OpenSSL's, NSS's) rule: a hello of 256..511 bytes is padded to 512. */
function paddingByRule(hello: ParsedClientHello): boolean {
  const padding = hello.extensions.find((e) => e.kind === 'padding');
  if (!padding) return true;
  // The rule looks at the whole message (4-byte header included) before padding is added.
  const unpadded = 4 + hello.length - (4 + padding.data.length);
  if (unpadded <= 0xff || unpadded >= 0x200) return false;
  const wanted = 0x200 - unpadded;
  return padding.data.length === (wanted >= 5 ? wanted - 4 : 1);
}

function checkShape(hello: ParsedClientHello): void {
  if (hello.legacyVersion !== 0x0303) refuse(`legacy_version 0x${hello.legacyVersion.toString(16)} is not TLS 1.2's 0x0303; the engine speaks TLS 1.2 and 1.3 only`);
  if (hello.sessionId.length !== 0 && hello.sessionId.length !== 32) refuse(`a ${hello.sessionId.length}-byte session id (the engine sends 0 or 32 bytes)`);
  if (!hello.compressionMethods.includes(0)) refuse('no null compression method');
  const types = hello.extensions.map((e) => e.type);
  const repeated = types.find((t, i) => types.indexOf(t) !== i && !isGrease(t));
  if (repeated !== undefined) refuse(`extension ${extensionLabel(repeated)} appears twice`);
  const psk = types.indexOf(41);
  if (psk >= 0 && psk !== types.length - 1) refuse('pre_shared_key is not the last extension');
}

/** A hello no server could complete with the engine is refused even with allowUnimplemented. */
function checkCompletable(hello: ParsedClientHello): void {
  const versions = hello.extensions.find((e) => e.kind === 'supported_versions');
  const tls13 = versions?.kind === 'supported_versions' && versions.versions.includes(0x0304);
  const support = hello.cipherSuites.map((c) => suiteSupport(c.value));
  if (tls13 && !support.includes('tls13')) refuse('it offers TLS 1.3 but no TLS 1.3 cipher suite the engine implements');
  if (!tls13 && !support.includes('tls12')) refuse('it offers TLS 1.2 only, and no TLS 1.2 cipher suite the engine implements');
  if (tls13 && !hello.extensions.some((e) => e.kind === 'key_share')) refuse('it offers TLS 1.3 without key_share');
}

function checkGroups(hello: ParsedClientHello): void {
  for (const ext of hello.extensions) {
    if (ext.kind === 'supported_groups') {
      const unknown = ext.groups.filter((g) => !isGrease(g) && !ENGINE_GROUPS.has(g));
      if (unknown.length) refuse(`the engine cannot compute key exchange for group ${unknown.map(groupLabel).join(', ')}`);
    }
    if (ext.kind === 'key_share') {
      for (const share of ext.shares.filter((s) => !s.grease)) {
        const length = KEY_SHARE_LENGTHS.get(share.group);
        if (length === undefined) refuse(`the engine cannot generate a key share for group ${groupLabel(share.group)}`);
        if (length !== share.length) refuse(`the key share for group ${groupLabel(share.group)} is ${share.length} bytes; the engine's is ${length}`);
      }
    }
  }
}

export interface CloneOptions {
  allowUnimplemented: boolean;
  alpsSettings?: Record<string, string>;
  psk?: Extract<ExtensionSpec, { type: 'pre_shared_key' }>;
}

export function cloneHelloSpec(hello: ParsedClientHello, options: CloneOptions): ClientHelloSpec {
  checkShape(hello);
  checkCompletable(hello);
  checkGroups(hello);
  const suites = hello.cipherSuites.map((c) => c.value);
  const unimplementedSuites = suites.filter((c) => !isGrease(c) && suiteSupport(c) === 'unimplemented');
  const state: CloneState = {
    boringssl: suites.some(isGrease) || hello.extensions.some((e) => e.grease),
    nss: !suites.some(isGrease) && !hello.extensions.some((e) => e.grease) && hello.extensions.some((e) => e.type === 0x1c || e.type === 0x22),
    paddingByRule: paddingByRule(hello),
    ...(options.alpsSettings ? { alpsSettings: options.alpsSettings } : {}),
    psk: options.psk ?? { type: 'pre_shared_key' },
    greaseSeen: 0,
    unimplemented: [],
  };
  const extensions: ExtensionSpec[] = hello.extensions.map((e) => cloneExtension(e, state));
  // A first hello carries no PSK, but a client that lists PSK modes resumes later visits with
  // one, always last. The spec keeps its place; the first connection leaves it out, as the capture did.
  const resumes = hello.extensions.some((e) => e.kind === 'psk_key_exchange_modes');
  if (resumes && !extensions.some((e) => e.type === 'pre_shared_key')) extensions.push({ ...state.psk });
  if (!options.allowUnimplemented && (unimplementedSuites.length || state.unimplemented.length)) {
    throw unimplementedError('this ClientHello', unimplementedSuites.map(suiteLabel), state.unimplemented, 'profileFromClientHello(hello, { allowUnimplemented: true })');
  }
  return {
    recordVersion: hello.recordVersion ?? 0x0301,
    legacyVersion: hello.legacyVersion,
    cipherSuites: suites.map((c) => (isGrease(c) ? GREASE : c)),
    compressionMethods: [...hello.compressionMethods],
    sessionIdLength: hello.sessionId.length as 0 | 32,
    extensions,
    // Chrome (BoringSSL with extension permutation, since Chrome 110) shuffles its extensions per
    // connection; a GREASEd hello is Chrome's, so its clone shuffles too. NSS never does.
    permuteExtensions: state.boringssl,
  };
}
