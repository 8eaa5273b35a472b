import { md5Hex } from './ja3.js';

/**
 * Akamai's passive HTTP/2 client fingerprint (Shuster & Segal, Black Hat EU 2017):
 *
 *   SETTINGS | WINDOW_UPDATE | PRIORITY | pseudo-header order
 *   "1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p"
 *
 * - SETTINGS: the client's first SETTINGS frame, "id:value" in wire order, joined by ';'.
 * - WINDOW_UPDATE: the connection-level increment sent before the first request, "00" if none.
 * - PRIORITY: each PRIORITY frame sent before the first request as
 *   "streamId:exclusive(0|1):dependsOn:weight" joined by ',', "0" if none. The weight is the
 *   effective weight 1..256 (wire byte + 1), as in the paper's Firefox example "3:0:0:201".
 * - Pseudo-headers of the first HEADERS block, first letter after ':' (m, a, s, p), joined by ','.
 */

export interface AkamaiPriority {
  streamId: number;
  exclusive: boolean;
  dependsOn: number;
  /** Effective weight 1..256 (the frame carries weight - 1). */
  weight: number;
}

/** The client's opening frames, already decoded. */
export interface AkamaiInput {
  settings: Array<[id: number, value: number]>;
  /** Connection-level WINDOW_UPDATE increment; undefined or 0 (never valid on the wire) = none. */
  windowUpdate?: number;
  priorities: AkamaiPriority[];
  /** Pseudo-header names in order, with or without the colon (':method' or 'method'), or letters. */
  pseudoHeaderOrder: string[];
}

export function akamaiFingerprint(input: AkamaiInput): string {
  const settings = input.settings.map(([id, value]) => `${id}:${value}`).join(';');
  const windowUpdate = input.windowUpdate ? String(input.windowUpdate) : '00';
  const priorities = input.priorities.length
    ? input.priorities.map((p) => `${p.streamId}:${p.exclusive ? 1 : 0}:${p.dependsOn}:${p.weight}`).join(',')
    : '0';
  const pseudo = input.pseudoHeaderOrder.map((name) => (name.startsWith(':') ? name.slice(1, 2) : name.slice(0, 1))).join(',');
  return `${settings}|${windowUpdate}|${priorities}|${pseudo}`;
}

/** MD5 of the fingerprint text, the "akamai_hash" that fingerprinting services publish. */
export function akamaiHash(fingerprint: string): string {
  return md5Hex(fingerprint);
}
