/**
 * A ClientHelloSpec from a JA3: its cipher suites and extensions in exactly the JA3's order (no
 * permutation, so the JA3 the server computes is the one given), with each extension's data
 * synthesised (ja3-extensions.ts) and key shares for the groups a browser would share.
 */
import { RequestError } from '../../errors.js';
import { Group } from '../../vocabulary/groups.js';
import { isGrease } from '../../vocabulary/grease.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec, type Grease } from '../../vocabulary/hello-spec.js';
import { FIDELITY_ONLY, extensionLabel } from './extension-catalog.js';
import { synthesizeExtension, type Ja3ExtensionInput } from './ja3-extensions.js';
import { checkJa3 } from './ja3-checks.js';
import type { Ja3Fields } from './ja3-text.js';
import type { Ja3ProfileOptions } from './options.js';

const DEFAULT_ALPN = ['h2', 'http/1.1'];

/** GREASE values written in the JA3 keep their places; otherwise BoringSSL's first place when asked. */
function withGrease(values: number[], grease: boolean): (number | Grease)[] {
  if (values.some(isGrease)) return values.map((v) => (isGrease(v) ? GREASE : v));
  return grease ? [GREASE, ...values] : [...values];
}

/**
 * Browsers share a key for their preferred groups only: the base's own key shares when the JA3
 * lists every one of them (Firefox's three: the hybrid, x25519 and P-256; Chrome's two), else the
 * post-quantum hybrid and x25519 when listed, else the first group (OpenSSL's single share).
 */
function keyShareGroups(groups: (number | Grease)[], grease: boolean, base: ClientHelloSpec): (number | Grease)[] {
  const listed = groups.filter((g): g is number => g !== GREASE);
  const own = baseKeyShare(base)?.groups.filter((g): g is number => g !== GREASE) ?? [];
  if (own.length && own.every((g) => listed.includes(g))) return grease ? [GREASE, ...own] : own;
  const preferred = [Group.x25519mlkem768, Group.x25519].filter((g) => listed.includes(g));
  const shares = preferred.length ? preferred : listed.slice(0, 1);
  return grease ? [GREASE, ...shares] : shares;
}

function extensions(ids: number[], input: Ja3ExtensionInput): ExtensionSpec[] {
  let greaseSlot: 1 | 2 = 1;
  const out: ExtensionSpec[] = ids.map((id) => {
    if (isGrease(id)) {
      // BoringSSL's two GREASE extensions: the first empty, the second one zero byte.
      const slot = greaseSlot;
      greaseSlot = 2;
      return { type: 'grease', slot, body: slot === 1 ? 'empty' : 'zero-byte' };
    }
    // Fidelity-only extensions are empty on the client's side (checkJa3 let them through).
    if (FIDELITY_ONLY.has(id)) return { type: 'raw', id, data: '' };
    // An id no table names is sent empty: a server ignores extensions it does not know (RFC 8446 §4.2).
    return synthesizeExtension(id, input) ?? { type: 'raw', id, data: '' };
  });
  if (!input.grease || ids.some(isGrease)) return out;
  // BoringSSL: one GREASE extension first, the other last but before padding and the PSK.
  let tail = out.length;
  while (tail > 0 && (out[tail - 1]!.type === 'padding' || out[tail - 1]!.type === 'pre_shared_key')) tail--;
  return [{ type: 'grease', slot: 1, body: 'empty' }, ...out.slice(0, tail), { type: 'grease', slot: 2, body: 'zero-byte' }, ...out.slice(tail)];
}

export function helloFromJa3(fields: Ja3Fields, base: ClientHelloSpec, options: Ja3ProfileOptions): ClientHelloSpec {
  checkJa3(fields, options.allowUnimplemented ?? false);
  const hasAlpn = fields.extensions.includes(16);
  if (options.alpn && !hasAlpn) throw new RequestError(`alpn ${JSON.stringify(options.alpn)} was given, but the JA3 does not list ALPN (${extensionLabel(16)})`);
  if (options.alpn && options.alpn.length === 0) throw new RequestError('alpn must name at least one protocol');
  // GREASE in the text means the client GREASEs; then it does so where a JA3 cannot show it too.
  const grease = options.grease ?? [...fields.ciphers, ...fields.extensions, ...fields.groups].some(isGrease);
  const groups = withGrease(fields.groups, grease);
  const input: Ja3ExtensionInput = {
    base,
    groups,
    keyShareGroups: keyShareGroups(groups, grease, base),
    // The base's key reuse (NSS) goes with its shares.
    ...(baseKeyShare(base)?.reuseEcdhKey ? { reuseEcdhKey: true } : {}),
    pointFormats: fields.pointFormats,
    alpn: [...(options.alpn ?? DEFAULT_ALPN)],
    grease,
  };
  const tls13 = fields.extensions.includes(43);
  const spec: ClientHelloSpec = {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: withGrease(fields.ciphers, grease),
    compressionMethods: [0],
    // TLS 1.3 clients send a 32-byte id for middlebox compatibility; a fresh TLS 1.2 hello, none.
    sessionIdLength: tls13 ? 32 : 0,
    extensions: extensions(fields.extensions, input),
    permuteExtensions: false,
  };
  checkAlps(spec, input.alpn);
  return structuredClone(spec);
}

/** The engine sends ALPS only for protocols ALPN offers: none left would drop it, and the JA3 with it. */
function checkAlps(spec: ClientHelloSpec, alpn: string[]): void {
  for (const ext of spec.extensions) {
    if (ext.type === 'application_settings' && !ext.protocols.some((p) => alpn.includes(p))) {
      throw new RequestError(`ALPS (${ext.codepoint}) is configured for ${JSON.stringify(ext.protocols)}, which the ALPN list ${JSON.stringify(alpn)} does not offer; the hello would leave ALPS out and not show this JA3`);
    }
  }
}

function baseKeyShare(base: ClientHelloSpec): Extract<ExtensionSpec, { type: 'key_share' }> | undefined {
  return base.extensions.find((e): e is Extract<ExtensionSpec, { type: 'key_share' }> => e.type === 'key_share');
}
