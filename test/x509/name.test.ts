import { describe, expect, it } from 'vitest';
import { DerReader } from '../../src/tls/x509/der.js';
import { commonNames, parseName } from '../../src/tls/x509/name.js';
import { oid, seq, set, tlv } from './cert-builder.js';

const str = (tag: number, s: string | Uint8Array): Uint8Array => tlv(tag, typeof s === 'string' ? new TextEncoder().encode(s) : s);
const attr = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), value);
const name = (...rdns: Uint8Array[][]): ReturnType<typeof parseName> => parseName(new DerReader(seq(...rdns.map((r) => set(...r))), 'Name').read());

const CN = '2.5.4.3';
const O = '2.5.4.10';
const UTF8 = 0x0c;
const PRINTABLE = 0x13;
const BMP = 0x1e;

describe('Name', () => {
  it('compares names across string types, case and spacing (RFC 5280 §7.1)', () => {
    const a = name([attr(O, str(PRINTABLE, 'Example  Org'))], [attr(CN, str(PRINTABLE, 'Example CA'))]);
    const b = name([attr(O, str(UTF8, ' example org '))], [attr(CN, str(BMP, Buffer.from('EXAMPLE CA', 'utf16le').swap16()))]);
    expect(a.key).toBe(b.key);
    expect(a.raw).not.toEqual(b.raw);
  });

  it('keeps RDN order significant but attribute order within an RDN not', () => {
    const x = attr(O, str(UTF8, 'x'));
    const y = attr(CN, str(UTF8, 'y'));
    expect(name([x], [y]).key).not.toBe(name([y], [x]).key);
    expect(name([x, y]).key).toBe(name([y, x]).key);
  });

  it('never folds invalid encodings together', () => {
    const bad1 = name([attr(CN, str(UTF8, Uint8Array.of(0x41, 0xff)))]);
    const bad2 = name([attr(CN, str(UTF8, Uint8Array.of(0x41, 0xfe)))]);
    expect(bad1.key).not.toBe(bad2.key);
    expect(bad1.text).toBe('CN=#41ff');
    expect(name([attr(CN, str(PRINTABLE, Uint8Array.of(0xe9)))]).rdns[0]![0]!.text).toBeUndefined();
  });

  it('renders readable, escaped text and lists common names', () => {
    const n = name([attr(O, str(UTF8, 'A, B + "C"'))], [attr(CN, str(UTF8, 'host.example'))], [attr(CN, str(UTF8, ' second'))]);
    expect(n.text).toBe('O=A\\, B \\+ \\"C\\", CN=host.example, CN=\\ second');
    expect(commonNames(n)).toEqual(['host.example', ' second']);
    expect(name([attr('1.2.3.4', str(UTF8, 'v'))]).text).toBe('1.2.3.4=v');
  });
});
