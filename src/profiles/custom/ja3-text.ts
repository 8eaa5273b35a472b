/**
 * The five fields of a JA3 text, "771,4865-4866,0-23-65281,29-23,0", read strictly. A JA3 is
 * usually pasted from a report or typed by hand, so anything that is not five comma-separated
 * fields of decimal numbers in range is refused with the reason, never guessed at.
 */
import { RequestError } from '../../errors.js';

export interface Ja3Fields {
  /** ClientHello.legacy_version: 771 for every TLS 1.2 and TLS 1.3 client. */
  version: number;
  ciphers: number[];
  extensions: number[];
  groups: number[];
  pointFormats: number[];
}

const FIELDS = ['version', 'ciphers', 'extensions', 'groups', 'point formats'] as const;

export function parseJa3(text: string): Ja3Fields {
  const trimmed = text.trim();
  // The hash is what most reports show; it cannot be turned back into a hello.
  if (/^[0-9a-f]{32}$/i.test(trimmed)) {
    throw new RequestError(`"${trimmed}" is a JA3 hash; a profile needs the JA3 string it was computed from ("771,ciphers,extensions,groups,point formats")`);
  }
  const fields = trimmed.split(',');
  if (fields.length !== FIELDS.length) {
    throw new RequestError(`JA3 must have 5 comma-separated fields (version,ciphers,extensions,groups,point formats), this one has ${fields.length}: "${trimmed}"`);
  }
  const [version, ciphers, extensions, groups, pointFormats] = fields.map((field, i) => numbers(field, FIELDS[i]!, i === 4 ? 0xff : 0xffff)) as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  if (version.length !== 1) throw new RequestError(`JA3 version field must be one number, not "${fields[0]}"`);
  return { version: version[0]!, ciphers, extensions, groups, pointFormats };
}

function numbers(field: string, name: string, max: number): number[] {
  if (field === '') return [];
  return field.split('-').map((part) => {
    if (!/^\d{1,5}$/.test(part)) throw new RequestError(`JA3 ${name} field: "${part}" is not a decimal number (values are joined by '-')`);
    const value = Number(part);
    if (value > max) throw new RequestError(`JA3 ${name} field: ${value} is out of range (at most ${max})`);
    return value;
  });
}
