import { Group, type CryptoProvider, type RandomSource } from '../crypto/provider.js';
import { HandshakeType } from '../constants.js';
import { randomInt } from '../random.js';
import { ByteWriter } from '../wire/writer.js';
import type { EchGreaseChoice, HelloContext } from './context.js';
import { extensionOmitted, writeExtension } from './encoders.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec } from '../../vocabulary/hello-spec.js';

/** A built ClientHello: the handshake message, and the writer that can explain every byte of it. */
export interface BuiltHello {
  message: Uint8Array;
  writer: ByteWriter;
  /** Offset of the PSK binders list inside `message`, when a PSK is offered. */
  bindersOffset?: number;
}

/** Extensions that keep their place when Chrome shuffles the rest. */
function isFixed(ext: ExtensionSpec): boolean {
  return ext.type === 'grease' || ext.type === 'padding' || ext.type === 'pre_shared_key';
}

/**
 * The wire order of the spec's extensions for one connection: identity when the spec does not
 * permute; otherwise a uniform shuffle of the movable extensions among their own slots.
 */
export function chooseExtensionOrder(spec: ClientHelloSpec, random: RandomSource): number[] {
  const order = spec.extensions.map((_, i) => i);
  if (!spec.permuteExtensions) return order;
  const movable = order.filter((i) => !isFixed(spec.extensions[i]!));
  for (let i = movable.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [movable[i], movable[j]] = [movable[j]!, movable[i]!];
  }
  let k = 0;
  return order.map((i) => (isFixed(spec.extensions[i]!) ? i : movable[k++]!));
}

/**
 * The ECH GREASE values for one connection (kept across a HelloRetryRequest, which must resend
 * the same extension): the AEAD and payload length drawn from the spec's choices, a random config
 * id, and random bytes for `enc` and the payload. Undefined when the spec sends no ECH GREASE.
 */
export function chooseEchGrease(
  spec: ClientHelloSpec,
  random: RandomSource,
  provider: Pick<CryptoProvider, 'generateKeyShare'>,
): EchGreaseChoice | undefined {
  const ech = spec.extensions.find((e): e is Extract<ExtensionSpec, { type: 'ech_grease' }> => e.type === 'ech_grease');
  if (!ech) return undefined;
  const pick = <T>(list: T[]): T => list[randomInt(random, list.length)]!;
  return {
    kdf: ech.kdf,
    aead: pick(ech.aeads),
    configId: random.bytes(1)[0]!,
    enc: ech.enc === 'x25519' ? provider.generateKeyShare(Group.x25519, random).publicKey : random.bytes(ech.encLength),
    payload: random.bytes(pick(ech.payloadLengths)),
  };
}

function write(spec: ClientHelloSpec, ctx: HelloContext, retry: boolean, paddingLength: number): BuiltHello {
  const w = new ByteWriter(1024);
  let bindersOffset: number | undefined;
  w.u8(HandshakeType.clientHello, 'handshake type ClientHello');
  const closeMessage = w.openLength(3, 'ClientHello');
  w.u16(spec.legacyVersion, 'legacy_version');
  w.bytes(ctx.random, 'random');
  w.vector(1, () => w.bytes(ctx.sessionId, 'legacy_session_id'), 'session id');
  w.vector(
    2,
    () => spec.cipherSuites.forEach((c) => (c === GREASE ? w.u16(ctx.grease.cipher, 'GREASE cipher suite') : w.u16(c, suiteLabel(c)))),
    'cipher suites',
  );
  w.vector(1, () => spec.compressionMethods.forEach((m) => w.u8(m, 'compression method')), 'compression methods');
  const closeExtensions = w.openLength(2, 'extensions');
  for (const index of ctx.extensionOrder) {
    const ext = spec.extensions[index]!;
    if (extensionOmitted(ext, ctx, retry)) continue;
    if (ext.type === 'padding') {
      if (paddingLength <= 0) continue;
      w.u16(0x0015, 'extension padding (0x0015)');
      w.vector(2, () => w.bytes(new Uint8Array(paddingLength), 'zeros'), 'padding data');
      continue;
    }
    writeExtension(w, ext, ctx, ext.type);
    if (ext.type === 'pre_shared_key' && ctx.psk) bindersOffset = w.length - (2 + 1 + ctx.psk.binderLength);
  }
  closeExtensions();
  closeMessage();
  return { message: w.finish(), writer: w, ...(bindersOffset !== undefined ? { bindersOffset } : {}) };
}

/**
 * Builds the ClientHello handshake message. Padding follows BoringSSL: a hello whose length
 * (with its 4-byte header) falls in 256..511 bytes is padded to 512, the padding extension
 * carrying at least one byte; a hello after HelloRetryRequest is not padded. The length is
 * measured on the whole hello, so a pre_shared_key written after the padding counts, as BoringSSL
 * counts psk_extension_len. The PSK binder is left zero: it covers the finished hello and is
 * filled in afterwards (psk13.ts bindHello).
 */
export function buildClientHello(spec: ClientHelloSpec, ctx: HelloContext, retry = false): BuiltHello {
  const first = write(spec, ctx, retry, 0);
  const wantsPadding = !retry && spec.extensions.some((e) => e.type === 'padding');
  if (!wantsPadding) return first;
  const length = first.message.length;
  if (length <= 0xff || length >= 0x200) return first;
  let padding = 0x200 - length;
  padding = padding >= 5 ? padding - 4 : 1;
  return write(spec, ctx, retry, padding);
}

function suiteLabel(id: number): string {
  return `cipher suite 0x${id.toString(16).padStart(4, '0')}`;
}
