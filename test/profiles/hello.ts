/**
 * Builds a profile's ClientHello outside a connection, with any per-connection value pinned. It
 * draws the values that are not pinned the way runHandshake does (key shares, random, session id,
 * GREASE, extension order, ECH GREASE), so a hello built here is one the engine could send.
 */
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { KeyShare, RandomSource } from '../../src/tls/crypto/provider.js';
import { buildClientHello, chooseEchGrease, chooseExtensionOrder } from '../../src/tls/hello/build.js';
import type { EchGreaseChoice, HelloContext } from '../../src/tls/hello/context.js';
import { drawGrease, type GreaseValues } from '../../src/tls/hello/grease.js';
import { helloKeyShares } from '../../src/tls/hello/key-shares.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { systemRandom } from '../../src/tls/random.js';

export interface HelloChoices {
  random?: RandomSource;
  serverName?: string;
  alpn?: string[];
  grease?: GreaseValues;
  extensionOrder?: number[];
  ech?: EchGreaseChoice;
  /** Client random and session id, replacing drawn ones. */
  clientRandom?: Uint8Array;
  sessionId?: Uint8Array;
  /** Public keys by group, replacing generated key shares (to reproduce a capture exactly). */
  publicKeys?: Map<number, Uint8Array>;
}

function fixedShare(group: number, publicKey: Uint8Array): KeyShare {
  return {
    group,
    publicKey,
    deriveSecret: () => {
      throw new Error('a replayed key share has no private key');
    },
  };
}

export function helloContext(spec: ClientHelloSpec, choices: HelloChoices = {}): HelloContext {
  const random = choices.random ?? systemRandom;
  const keyShares = helloKeyShares(spec, (g) => {
    const fixed = choices.publicKeys?.get(g);
    return fixed ? fixedShare(g, fixed) : defaultProvider.generateKeyShare(g, random);
  });
  const ctx: HelloContext = {
    random: choices.clientRandom ?? random.bytes(32),
    sessionId: choices.sessionId ?? random.bytes(spec.sessionIdLength),
    keyShares,
    grease: choices.grease ?? drawGrease(random),
    randomSource: random,
    extensionOrder: choices.extensionOrder ?? chooseExtensionOrder(spec, random),
    ...(choices.serverName ? { serverName: choices.serverName } : {}),
    ...(choices.alpn ? { alpn: choices.alpn } : {}),
  };
  const ech = choices.ech ?? chooseEchGrease(spec, random, defaultProvider);
  if (ech) ctx.ech = ech;
  return ctx;
}

export function buildProfileHello(spec: ClientHelloSpec, choices: HelloChoices = {}): Uint8Array {
  return buildClientHello(spec, helloContext(spec, choices)).message;
}
