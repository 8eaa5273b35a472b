/**
 * The Akamai HTTP/2 fingerprint text, "SETTINGS|WINDOW_UPDATE|PRIORITY|pseudo-header order"
 * (src/fingerprint/akamai.ts writes it), read back into the frames a client must send to show
 * it. Values are checked against RFC 9113, since the string becomes our own SETTINGS: a value the
 * server would answer with a connection error is refused here instead.
 */
import { RequestError } from '../../errors.js';
import type { PriorityFrameSpec } from '../types.js';

export interface AkamaiParts {
  settings: [id: number, value: number][];
  connectionWindowUpdate: number | null;
  priorityFrames: PriorityFrameSpec[];
  pseudoHeaderOrder: string[];
}

const PSEUDO: Record<string, string> = { m: ':method', a: ':authority', s: ':scheme', p: ':path' };
const MAX_WINDOW = 2 ** 31 - 1;

function refuse(text: string, why: string): never {
  throw new RequestError(`Akamai HTTP/2 fingerprint "${text}" cannot be used: ${why}`);
}

function integer(text: string, field: string, value: string, max: number, min = 0): number {
  if (!/^\d+$/.test(value)) refuse(text, `${field} "${value}" is not a number`);
  const n = Number(value);
  if (n < min || n > max) refuse(text, `${field} ${n} is outside ${min}..${max}`);
  return n;
}

function settings(text: string, field: string): [number, number][] {
  if (field === '') return [];
  return field.split(';').map((pair): [number, number] => {
    const [idText, valueText, extra] = pair.split(':');
    if (valueText === undefined || extra !== undefined) refuse(text, `setting "${pair}" is not "id:value"`);
    const id = integer(text, 'SETTINGS id', idText!, 0xffff);
    const value = integer(text, `SETTINGS ${id} value`, valueText, 0xffffffff);
    // RFC 9113 §6.5.2: the values a peer treats as a connection error.
    if (id === 2 && value > 1) refuse(text, `ENABLE_PUSH (2) must be 0 or 1, not ${value}`);
    if (id === 4 && value > MAX_WINDOW) refuse(text, `INITIAL_WINDOW_SIZE (4) ${value} exceeds 2^31-1`);
    if (id === 5 && (value < 16384 || value > 16777215)) refuse(text, `MAX_FRAME_SIZE (5) ${value} is outside 16384..16777215`);
    return [id, value];
  });
}

function windowUpdate(text: string, field: string): number | null {
  // "00" is the fingerprint's "none"; "0" is written by some tools, and 0 is never a valid increment.
  if (field === '00' || field === '0') return null;
  return integer(text, 'WINDOW_UPDATE increment', field, MAX_WINDOW - 65535, 1);
}

function priorities(text: string, field: string): PriorityFrameSpec[] {
  if (field === '0') return [];
  return field.split(',').map((frame) => {
    const parts = frame.split(':');
    if (parts.length !== 4) refuse(text, `PRIORITY "${frame}" is not "stream:exclusive:dependsOn:weight"`);
    const streamId = integer(text, 'PRIORITY stream', parts[0]!, MAX_WINDOW, 1);
    const exclusive = integer(text, 'PRIORITY exclusive flag', parts[1]!, 1);
    const dependsOn = integer(text, 'PRIORITY dependency', parts[2]!, MAX_WINDOW);
    const weight = integer(text, 'PRIORITY weight', parts[3]!, 256, 1);
    if (dependsOn === streamId) refuse(text, `stream ${streamId} cannot depend on itself (RFC 9113 §5.3.1)`);
    return { streamId, exclusive: exclusive === 1, dependsOn, weight };
  });
}

function pseudoOrder(text: string, field: string): string[] {
  const letters = field.split(',');
  const names = letters.map((l) => PSEUDO[l] ?? refuse(text, `pseudo-header "${l}" is not one of m, a, s, p`));
  if (new Set(names).size !== 4 || names.length !== 4) refuse(text, `the pseudo-header order must name m, a, s and p once each, not "${field}"`);
  return names;
}

export function parseAkamai(text: string): AkamaiParts {
  const fields = text.trim().split('|');
  if (fields.length !== 4) refuse(text, 'it needs 4 fields separated by "|": SETTINGS|WINDOW_UPDATE|PRIORITY|pseudo-header order');
  const [s, w, p, order] = fields as [string, string, string, string];
  return {
    settings: settings(text, s),
    connectionWindowUpdate: windowUpdate(text, w),
    priorityFrames: priorities(text, p),
    pseudoHeaderOrder: pseudoOrder(text, order),
  };
}
