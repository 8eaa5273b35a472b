/**
 * Reading a captured ClientHello back into the per-connection choices that produced it (GREASE
 * values, extension order, ECH GREASE), and the spans of it that are random by nature.
 */
import { findExtension, parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import type { Profile } from '../../src/profiles/types.js';
import type { EchGreaseChoice, HelloContext } from '../../src/tls/hello/context.js';
import { extensionCodepoint } from '../../src/tls/hello/encoders.js';
import { fixedGrease, type GreaseValues } from '../../src/tls/hello/grease.js';
import { isGrease } from '../../src/vocabulary/grease.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { systemRandom } from '../../src/tls/random.js';
import { captureFiles, labelOf, readCapture } from '../fingerprint/captures.js';
import type { HelloChoices } from './hello.js';

/** Chromium and Firefox captures (curl and Node are not browsers we ship), with their profile. */
export function browserCaptures(): { label: string; profile: Profile; hello: Uint8Array; record: Uint8Array }[] {
  return captureFiles('.clienthello.hex')
    .map(labelOf)
    .filter((label) => label.startsWith('chromium-') || label.startsWith('firefox-'))
    .map((label) => ({
      label,
      profile: label.startsWith('chromium-') ? chrome156 : firefox153,
      hello: hexBytes(readCapture(`${label}.clienthello.hex`)),
      record: hexBytes(readCapture(`${label}.clienthello-record.hex`)),
    }));
}

export function hexBytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** The GREASE values a hello carries, slot by slot (unused slots keep fixedGrease's defaults). */
export function greaseOf(hello: ParsedClientHello): GreaseValues {
  const first = (values: number[] | undefined): number | undefined => values?.find(isGrease);
  const extensions = hello.extensions.filter((e) => e.grease).map((e) => e.type);
  const values: Partial<GreaseValues> = {};
  const set = (slot: keyof GreaseValues, v: number | undefined): void => {
    if (v !== undefined) values[slot] = v;
  };
  set('cipher', first(hello.cipherSuites.map((c) => c.value)));
  set('group', first(findExtension(hello, 'supported_groups')?.groups));
  set('version', first(findExtension(hello, 'supported_versions')?.versions));
  set('signatureAlgorithm', first(findExtension(hello, 'signature_algorithms')?.algorithms));
  set('extension1', extensions[0]);
  set('extension2', extensions[1]);
  return fixedGrease(values);
}

/**
 * The spec indices in the capture's wire order, then the spec's extensions the capture does not
 * have (those the builder leaves out: cookie, pre_shared_key). An extension the spec cannot
 * produce throws.
 */
export function orderOf(spec: ClientHelloSpec, hello: ParsedClientHello, grease: GreaseValues): number[] {
  // Only the GREASE values decide a codepoint that the spec does not spell out.
  const ctx: HelloContext = { random: new Uint8Array(32), sessionId: new Uint8Array(0), keyShares: new Map(), grease, randomSource: systemRandom, extensionOrder: [] };
  const codes = spec.extensions.map((e) => extensionCodepoint(e, ctx));
  const order = hello.extensions.map((e) => {
    const i = codes.indexOf(e.type);
    if (i < 0) throw new Error(`the profile has no extension 0x${e.type.toString(16).padStart(4, '0')}`);
    return i;
  });
  return [...order, ...spec.extensions.map((_, i) => i).filter((i) => !order.includes(i))];
}

/** The capture's ECH GREASE parameters, with fresh random bytes for enc and payload. */
export function echOf(hello: ParsedClientHello, random: (n: number) => Uint8Array): EchGreaseChoice | undefined {
  const ech = findExtension(hello, 'encrypted_client_hello');
  if (!ech || ech.echType !== 'outer') return undefined;
  return { kdf: ech.kdf, aead: ech.aead, configId: ech.configId, enc: random(ech.encLength), payload: random(ech.payloadLength) };
}

/** Everything the capture's per-connection choices fix; the rest (random, keys, ECH bytes) is ours. */
export function replayChoices(spec: ClientHelloSpec, hello: ParsedClientHello, random: (n: number) => Uint8Array): HelloChoices {
  const grease = greaseOf(hello);
  const serverName = findExtension(hello, 'server_name')?.serverNames[0]?.name;
  const ech = echOf(hello, random);
  return {
    grease,
    extensionOrder: orderOf(spec, hello, grease),
    ...(serverName ? { serverName } : {}),
    ...(ech ? { ech } : {}),
  };
}

/** Offsets [start, end) of the client random, session id, key-share keys and ECH enc/payload. */
export function randomSpans(message: Uint8Array): [number, number][] {
  const hello = parseClientHello(message);
  const at = (view: Uint8Array): number => view.byteOffset - message.byteOffset;
  const spans: [number, number][] = [
    [at(hello.random), at(hello.random) + hello.random.length],
    [at(hello.sessionId), at(hello.sessionId) + hello.sessionId.length],
  ];
  for (const share of findExtension(hello, 'key_share')?.shares ?? []) {
    if (!share.grease) spans.push([at(share.key), at(share.key) + share.key.length]);
  }
  const ech = hello.extensions.find((e) => e.kind === 'encrypted_client_hello');
  if (ech?.kind === 'encrypted_client_hello' && ech.echType === 'outer') {
    // type 1, kdf 2, aead 2, config id 1, then enc and payload, each with a u16 length.
    const enc = at(ech.data) + 8;
    spans.push([enc, enc + ech.encLength], [enc + ech.encLength + 2, enc + ech.encLength + 2 + ech.payloadLength]);
  }
  return spans;
}

/** A copy of `message` with the spans zeroed. */
export function masked(message: Uint8Array, spans: [number, number][]): Uint8Array {
  const copy = message.slice();
  for (const [start, end] of spans) copy.fill(0, start, end);
  return copy;
}
