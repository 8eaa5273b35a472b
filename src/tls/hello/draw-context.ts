/**
 * The per-connection values of a ClientHello, drawn in one fixed order: client random, session
 * id, GREASE, extension order, then ECH GREASE. A connection draws them from its CSPRNG; the CLI
 * draws them from a seeded source to print a profile's hello, and the same order keeps what it
 * prints what a connection would send.
 */
import type { CryptoProvider, KeyShare, RandomSource } from '../crypto/provider.js';
import type { ClientHelloSpec } from '../../vocabulary/hello-spec.js';
import { chooseEchGrease, chooseExtensionOrder } from './build.js';
import type { HelloContext } from './context.js';
import { drawGrease, type GreaseValues } from './grease.js';

/** What a caller fixes instead of drawing (a replayed capture, a resumed session, the SNI). */
export interface HelloChoices {
  grease?: GreaseValues;
  extensionOrder?: number[];
  serverName?: string;
  alpn?: string[];
  /** A TLS 1.2 session offered for resumption: its id replaces a fresh one, its ticket goes along. */
  resume?: { sessionId: Uint8Array; ticket?: Uint8Array };
}

export function drawHelloContext(
  spec: ClientHelloSpec,
  random: RandomSource,
  keyShares: Map<number, KeyShare>,
  /** Makes the X25519 key an ECH GREASE `enc` is (a real public key, as BoringSSL's is). */
  echKeys: Pick<CryptoProvider, 'generateKeyShare'>,
  choices: HelloChoices = {},
): HelloContext {
  const ctx: HelloContext = {
    random: random.bytes(32),
    sessionId: choices.resume?.sessionId ?? random.bytes(spec.sessionIdLength),
    ...(choices.resume?.ticket ? { sessionTicket: choices.resume.ticket } : {}),
    keyShares,
    grease: choices.grease ?? drawGrease(random),
    randomSource: random,
    extensionOrder: choices.extensionOrder ?? chooseExtensionOrder(spec, random),
    ...(choices.serverName ? { serverName: choices.serverName } : {}),
    ...(choices.alpn ? { alpn: choices.alpn } : {}),
  };
  const ech = chooseEchGrease(spec, random, echKeys);
  if (ech) ctx.ech = ech;
  return ctx;
}
