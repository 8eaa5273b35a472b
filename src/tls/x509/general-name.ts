/**
 * GeneralName (RFC 5280 §4.2.1.6), shared by subjectAltName and nameConstraints. The types we
 * act on are decoded; the rest are kept as `other` with their tag, so that a name constraint of
 * a type we do not implement can still be noticed (and refused when critical).
 */
import { DerReader, Tag, ascii, contextTag, malformed, type DerElement } from './der.js';
import { parseName, type Name } from './name.js';

export type GeneralName =
  | { type: 'dns'; value: string }
  | { type: 'email'; value: string }
  | { type: 'uri'; value: string }
  /** In a SAN, `mask` is absent; in a name constraint, it is the subnet mask (same length as the address). */
  | { type: 'ip'; address: Uint8Array; mask?: Uint8Array }
  | { type: 'directory'; name: Name }
  /** otherName [0], x400Address [3], ediPartyName [5], registeredID [8]: recorded, not interpreted. */
  | { type: 'other'; tagNumber: number; encoded: Uint8Array };

export type GeneralNameType = GeneralName['type'];

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, as in subjectAltName. */
export function parseGeneralNames(bytes: Uint8Array, what: string): GeneralName[] {
  const outer = new DerReader(bytes, what);
  const seq = outer.sequence(what);
  outer.end();
  const names: GeneralName[] = [];
  while (!seq.done) names.push(parseGeneralName(seq.read('GeneralName'), 'san'));
  if (names.length === 0) throw malformed(`${what}: no names`);
  return names;
}

/**
 * One GeneralName. `context` matters only for iPAddress: a SAN holds an address (4 or 16 bytes),
 * a name constraint an address and a mask (8 or 32 bytes, RFC 5280 §4.2.1.10).
 */
export function parseGeneralName(el: DerElement, context: 'san' | 'constraint'): GeneralName {
  switch (el.tag) {
    case contextTag(1, false):
      return { type: 'email', value: ia5(el.value, 'rfc822Name') };
    case contextTag(2, false):
      return { type: 'dns', value: ia5(el.value, 'dNSName') };
    case contextTag(6, false):
      return { type: 'uri', value: ia5(el.value, 'uniformResourceIdentifier') };
    case contextTag(7, false):
      return context === 'san' ? sanAddress(el.value) : constraintAddress(el.value);
    case contextTag(4, true): {
      // directoryName is EXPLICIT: Name is a CHOICE, so the tag wraps a whole Name.
      const inner = new DerReader(el.value, 'directoryName');
      const name = parseName(inner.expect(Tag.SEQUENCE, 'directoryName'));
      inner.end();
      return { type: 'directory', name };
    }
    case contextTag(0, true):
    case contextTag(3, true):
    case contextTag(5, true):
    case contextTag(8, false):
      return { type: 'other', tagNumber: el.tag & 0x1f, encoded: el.encoded };
    default:
      throw malformed(`GeneralName with unexpected tag 0x${el.tag.toString(16)}`);
  }
}

function ia5(value: Uint8Array, field: string): string {
  // IA5String is 7-bit ASCII; a byte above 0x7f is not a name any matcher should see.
  for (const b of value) if (b > 0x7f) throw malformed(`${field} is not IA5 (ASCII)`);
  return ascii(value);
}

function sanAddress(value: Uint8Array): GeneralName {
  if (value.length !== 4 && value.length !== 16) throw malformed(`iPAddress of ${value.length} bytes`);
  return { type: 'ip', address: value };
}

function constraintAddress(value: Uint8Array): GeneralName {
  if (value.length !== 8 && value.length !== 32) throw malformed(`iPAddress constraint of ${value.length} bytes`);
  const half = value.length / 2;
  const mask = value.subarray(half);
  // A mask must be a prefix (ones, then zeros); anything else has no subnet meaning.
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = ((byte >> bit) & 1) === 1;
      if (one && seenZero) throw malformed('iPAddress constraint mask is not a prefix');
      if (!one) seenZero = true;
    }
  }
  return { type: 'ip', address: value.subarray(0, half), mask };
}
