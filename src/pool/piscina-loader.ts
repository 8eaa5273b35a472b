/**
 * piscina, loaded when the first shard needs it rather than when the package is imported: a
 * caller that only imports the client (or never sends a request) does not pay for it.
 */
import type { FixedQueue, Piscina } from 'piscina';

export interface PiscinaModule {
  Piscina: typeof Piscina;
  FixedQueue: typeof FixedQueue;
}

let loading: Promise<PiscinaModule> | null = null;

export function loadPiscina(): Promise<PiscinaModule> {
  loading ??= import('piscina').then(({ Piscina, FixedQueue }) => ({ Piscina, FixedQueue }));
  return loading;
}
