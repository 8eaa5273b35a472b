/**
 * Building Chromium profiles' hellos for the chromium-* tests: deterministic (seeded random), with
 * the per-connection choices a published fingerprint fixes (extension order, ECH payload length,
 * server name) pinned, and with an X25519Kyber768Draft00 share supplied from its own module while
 * the crypto provider does not generate that group itself.
 */
import { parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { defaultProvider, nobleProvider } from '../../src/tls/crypto/index.js';
import { Group, type RandomSource } from '../../src/tls/crypto/provider.js';
import { x25519Kyber768Draft00Share } from '../../src/tls/crypto/x25519-kyber768-draft.js';
import type { EchGreaseChoice, HelloContext } from '../../src/tls/hello/context.js';
import { drawGrease } from '../../src/tls/hello/grease.js';
import { extensionCodepoint } from '../../src/tls/hello/encoders.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec } from '../../src/vocabulary/hello-spec.js';
import { seededRandom } from '../../src/tls/random.js';
import { buildProfileHello, type HelloChoices } from './hello.js';

export interface ChromiumHelloOptions {
  seed?: string;
  serverName?: string;
  /** Non-GREASE extension codepoints in wire order (a JA3's extension field); padding (21) may be listed. */
  order?: number[];
  /** On-wire ECH GREASE payload length (AEAD tag included). */
  echPayload?: number;
}

function keyShareGroups(spec: ClientHelloSpec): number[] {
  return spec.extensions.flatMap((e) => (e.type === 'key_share' ? e.groups.filter((g): g is number => g !== GREASE) : []));
}

/** Public keys for groups the default provider cannot generate yet (X25519Kyber768Draft00). */
function missingShares(spec: ClientHelloSpec, random: RandomSource): Map<number, Uint8Array> | undefined {
  const missing = keyShareGroups(spec).filter((g) => !defaultProvider.supportsGroup(g));
  if (missing.length === 0) return undefined;
  const keys = new Map<number, Uint8Array>();
  for (const group of missing) {
    if (group !== Group.x25519kyber768draft00) throw new Error(`no way to make a key share for group 0x${group.toString(16)}`);
    keys.set(group, x25519Kyber768Draft00Share(nobleProvider.generateKeyShare(Group.x25519, random), random).publicKey);
  }
  return keys;
}

function isFixed(ext: ExtensionSpec): boolean {
  return ext.type === 'grease' || ext.type === 'padding' || ext.type === 'pre_shared_key';
}

/**
 * The spec's extension order that puts the listed codepoints in the listed order: GREASE #1 first,
 * then the listed extensions, then the movable ones the list leaves out (cookie, sent only after a
 * HelloRetryRequest), then GREASE #2, padding and pre_shared_key in their fixed places.
 */
export function orderFor(spec: ClientHelloSpec, codepoints: number[]): number[] {
  // Codepoints only need the GREASE draw; no key shares are made for this context.
  const random = seededRandom('codepoints');
  const ctx: HelloContext = {
    random: random.bytes(32),
    sessionId: random.bytes(32),
    keyShares: new Map(),
    grease: drawGrease(random),
    randomSource: random,
    extensionOrder: [],
  };
  const codeOf = spec.extensions.map((e) => extensionCodepoint(e, ctx));
  const movable = spec.extensions.map((e, i) => i).filter((i) => !isFixed(spec.extensions[i]!));
  const listed = codepoints.filter((c) => c !== 0x0015 && c !== 0x0029).map((c) => {
    const i = movable.find((m) => codeOf[m] === c);
    if (i === undefined) throw new Error(`the spec has no movable extension ${c}`);
    return i;
  });
  const rest = movable.filter((i) => !listed.includes(i));
  const at = (pred: (e: ExtensionSpec) => boolean): number[] => spec.extensions.flatMap((e, i) => (pred(e) ? [i] : []));
  return [
    ...at((e) => e.type === 'grease' && e.slot === 1),
    ...listed,
    ...rest,
    ...at((e) => e.type === 'grease' && e.slot === 2),
    ...at((e) => e.type === 'padding'),
    ...at((e) => e.type === 'pre_shared_key'),
  ];
}

function echChoice(spec: ClientHelloSpec, random: RandomSource, payloadLength: number): EchGreaseChoice | undefined {
  const ech = spec.extensions.find((e) => e.type === 'ech_grease');
  if (ech?.type !== 'ech_grease') return undefined;
  return {
    kdf: ech.kdf,
    aead: ech.aeads[0]!,
    configId: random.bytes(1)[0]!,
    enc: nobleProvider.generateKeyShare(Group.x25519, random).publicKey,
    payload: random.bytes(payloadLength),
  };
}

/** The ClientHello handshake message a profile's spec builds, with the given choices pinned. */
export function chromiumHello(spec: ClientHelloSpec, options: ChromiumHelloOptions = {}): Uint8Array {
  const random = seededRandom(options.seed ?? 'chromium');
  const choices: HelloChoices = { random, serverName: options.serverName ?? 'www.example.com' };
  const keys = missingShares(spec, random);
  if (keys) choices.publicKeys = keys;
  if (options.order) choices.extensionOrder = orderFor(spec, options.order);
  if (options.echPayload !== undefined) {
    const ech = echChoice(spec, random, options.echPayload);
    if (ech) choices.ech = ech;
  }
  return buildProfileHello(spec, choices);
}

export function parsedChromiumHello(spec: ClientHelloSpec, options: ChromiumHelloOptions = {}): ParsedClientHello {
  return parseClientHello(chromiumHello(spec, options));
}
