import { greaseValue } from '../../vocabulary/grease.js';
import type { RandomSource } from '../crypto/provider.js';

/**
 * The per-connection GREASE slots BoringSSL draws (ssl_grease_index_t), plus the one Chromium 156
 * added for signature_algorithms: its captures carry a GREASE scheme first, drawn independently of
 * the other slots (chromium-156-1.c2: sigalg 0x6a6a, no other slot equal).
 */
export type GreaseSlot =
  | 'cipher'
  | 'group'
  | 'extension1'
  | 'extension2'
  | 'version'
  | 'ticketExtension'
  | 'echConfigId'
  | 'signatureAlgorithm';

export type GreaseValues = Record<GreaseSlot, number>;

const slots: GreaseSlot[] = ['cipher', 'group', 'extension1', 'extension2', 'version', 'ticketExtension', 'echConfigId', 'signatureAlgorithm'];

/**
 * Draws one GREASE value per slot. BoringSSL's one distinctness rule: the two GREASE extensions
 * must differ, so when they collide the second is XORed with 0x1010.
 */
export function drawGrease(random: RandomSource): GreaseValues {
  const seed = random.bytes(slots.length);
  const values = {} as GreaseValues;
  slots.forEach((slot, i) => (values[slot] = greaseValue(seed[i]!)));
  if (values.extension2 === values.extension1) values.extension2 ^= 0x1010;
  return values;
}

/** GREASE values given outright (replaying a capture). */
export function fixedGrease(values: Partial<GreaseValues>): GreaseValues {
  const base: GreaseValues = { cipher: 0x0a0a, group: 0x0a0a, extension1: 0x0a0a, extension2: 0x1a1a, version: 0x0a0a, ticketExtension: 0x0a0a, echConfigId: 0x0a, signatureAlgorithm: 0x0a0a };
  return { ...base, ...values };
}
