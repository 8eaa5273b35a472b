/**
 * Distinguished names (RFC 5280 §4.1.2.4): the raw DER, a comparison key, and readable text.
 *
 * Issuer/subject chaining compares names the way RFC 5280 §7.1 asks (and Chrome does): string
 * values are compared after folding ASCII case and collapsing whitespace, whatever string type
 * each side used, so a PrintableString "Example CA" matches a UTF8String "example  ca".
 */
import { DerReader, Tag, decodeString, malformed, type DerElement } from './der.js';
import { attributeShortNames, Oid } from './oids.js';

export interface NameAttribute {
  /** The attribute type OID, e.g. 2.5.4.3 for commonName. */
  type: string;
  /** The value's DER tag (UTF8String, PrintableString...). */
  tag: number;
  /** The value's contents. */
  value: Uint8Array;
  /** The value as text, when it is a string type. */
  text: string | undefined;
}

export interface Name {
  /** The whole Name SEQUENCE, as encoded in the certificate. */
  raw: Uint8Array;
  /** The relative distinguished names, in order; each is a set of attributes. */
  rdns: NameAttribute[][];
  /** Equal for names RFC 5280 §7.1 considers equal; use it to chain issuer to subject. */
  key: string;
  /** Readable, OpenSSL style: `C=US, O=Example, CN=Example CA`. */
  text: string;
}

export function parseName(el: DerElement): Name {
  if (el.tag !== Tag.SEQUENCE) throw malformed('Name is not a SEQUENCE');
  const reader = new DerReader(el.value, 'Name');
  const rdns: NameAttribute[][] = [];
  while (!reader.done) {
    const set = new DerReader(reader.expect(Tag.SET, 'RelativeDistinguishedName').value, 'RelativeDistinguishedName');
    const rdn: NameAttribute[] = [];
    while (!set.done) {
      const atv = set.sequence('AttributeTypeAndValue');
      const type = atv.oid('attribute type');
      const value = atv.read('attribute value');
      atv.end();
      rdn.push({ type, tag: value.tag, value: value.value, text: decodeString(value.tag, value.value) });
    }
    if (rdn.length === 0) throw malformed('empty RelativeDistinguishedName');
    rdns.push(rdn);
  }
  return new ParsedName(el.encoded, rdns);
}

/**
 * A parsed Name. Its readable text is worked out when first asked for: only errors and reports
 * show it, and Node's ~140 roots are parsed on every thread's first verification.
 */
class ParsedName implements Name {
  readonly key: string;
  #text: string | undefined;

  constructor(
    readonly raw: Uint8Array,
    readonly rdns: NameAttribute[][],
  ) {
    this.key = nameKey(rdns);
  }

  get text(): string {
    this.#text ??= nameText(this.rdns);
    return this.#text;
  }
}

/** The values of every commonName attribute, in order. */
export function commonNames(name: Name): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === Oid.commonName && a.text !== undefined) out.push(a.text);
  return out;
}

/** One attribute's comparison form: string values folded, anything else compared by its bytes. */
export function attributeKey(a: NameAttribute): string {
  if (a.text !== undefined) return `${a.type}=s:${foldString(a.text)}`;
  return `${a.type}=${a.tag}:${Buffer.from(a.value).toString('hex')}`;
}

/** Sorted within an RDN because an RDN is a SET: its order carries no meaning. */
export function rdnKey(rdn: NameAttribute[]): string {
  return JSON.stringify(rdn.map(attributeKey).sort());
}

function nameKey(rdns: NameAttribute[][]): string {
  return JSON.stringify(rdns.map(rdnKey));
}

/** RFC 4518's insignificant-space handling and case folding, reduced to ASCII as Chrome does. */
function foldString(s: string): string {
  return s
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[ \t\n\r\f\v]+/g, ' ')
    .trim();
}

function nameText(rdns: NameAttribute[][]): string {
  return rdns.map((rdn) => rdn.map(attributeText).join(' + ')).join(', ');
}

function attributeText(a: NameAttribute): string {
  const label = attributeShortNames[a.type] ?? a.type;
  // RFC 4514 §2.4: a value that is not a string is shown as '#' and the hex of its encoding.
  if (a.text === undefined) return `${label}=#${Buffer.from(a.value).toString('hex')}`;
  return `${label}=${escapeValue(a.text)}`;
}

/** RFC 4514 §2.4 escaping, so that a value holding ", CN=" cannot pose as another attribute. */
export function escapeValue(s: string): string {
  let out = s.replace(/[\\,+"<>;]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}
