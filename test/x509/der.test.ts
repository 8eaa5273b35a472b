import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { DerReader, Tag, decodeBitString, decodeInteger, decodeOid, decodeTime } from '../../src/tls/x509/der.js';
import { parseCertificate } from '../../src/tls/x509/certificate.js';
import { hierarchy, leafUnder } from './cert-builder.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function malformed(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as CertificateError).reason).toBe('malformed');
    return;
  }
  throw new Error('expected a malformed-certificate error');
}

describe('DER reader', () => {
  it('reads short and long definite lengths', () => {
    const long = new Uint8Array(3 + 200);
    long.set([0x04, 0x81, 200]);
    expect(new DerReader(long, 't').octetString('x').length).toBe(200);
    expect(new DerReader(hex('0403010203'), 't').octetString('x')).toEqual(hex('010203'));
  });

  it.each([
    ['indefinite length', '3080 0000'],
    ['non-minimal long form (fits short form)', '04 8105 0102030405'],
    ['leading zero in long length', '04 820005 0102030405'],
    ['length past the end', '04 05 0102'],
    ['truncated length octets', '04 82 01'],
    ['missing length', '04'],
    ['high tag number form', '1f 01 00'],
  ])('rejects %s', (_name, bytes) => {
    malformed(() => new DerReader(hex(bytes), 't').read());
  });

  it('rejects trailing bytes with end()', () => {
    const r = new DerReader(hex('0500 00'), 't');
    r.nullValue('n');
    malformed(() => r.end());
  });

  it('decodes INTEGERs and rejects non-minimal ones', () => {
    expect(decodeInteger(hex('00'), 'i')).toBe(0n);
    expect(decodeInteger(hex('7f'), 'i')).toBe(127n);
    expect(decodeInteger(hex('0080'), 'i')).toBe(128n);
    expect(decodeInteger(hex('ff'), 'i')).toBe(-1n);
    expect(decodeInteger(hex('ff7f'), 'i')).toBe(-129n);
    malformed(() => decodeInteger(hex('007f'), 'i'));
    malformed(() => decodeInteger(hex('ff80'), 'i'));
    malformed(() => decodeInteger(new Uint8Array(0), 'i'));
  });

  it('decodes OIDs and rejects non-minimal subidentifiers', () => {
    expect(decodeOid(hex('2a864886f70d010101'), 'o')).toBe('1.2.840.113549.1.1.1');
    expect(decodeOid(hex('551d13'), 'o')).toBe('2.5.29.19');
    expect(decodeOid(hex('608648016503040311'), 'o')).toBe('2.16.840.1.101.3.4.3.17');
    expect(decodeOid(hex('8837'), 'o')).toBe('2.999');
    malformed(() => decodeOid(hex('2a8086'), 'o'));
    malformed(() => decodeOid(hex('2a86'), 'o'));
    malformed(() => decodeOid(new Uint8Array(0), 'o'));
  });

  it('decodes BIT STRINGs strictly', () => {
    expect(decodeBitString(hex('00ff'), 'b')).toEqual({ bytes: hex('ff'), unusedBits: 0 });
    expect(decodeBitString(hex('0780'), 'b').unusedBits).toBe(7);
    malformed(() => decodeBitString(hex('0781'), 'b')); // padding bit set
    malformed(() => decodeBitString(hex('08ff'), 'b'));
    malformed(() => decodeBitString(hex('01'), 'b'));
    malformed(() => decodeBitString(new Uint8Array(0), 'b'));
  });

  it('decodes UTCTime and GeneralizedTime as RFC 5280 restricts them', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(decodeTime(Tag.UTCTime, enc('491231235959Z'), 't')).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
    expect(decodeTime(Tag.UTCTime, enc('500101000000Z'), 't')).toBe(Date.UTC(1950, 0, 1));
    expect(decodeTime(Tag.GeneralizedTime, enc('20500101000000Z'), 't')).toBe(Date.UTC(2050, 0, 1));
    malformed(() => decodeTime(Tag.UTCTime, enc('4912312359Z'), 't')); // no seconds
    malformed(() => decodeTime(Tag.UTCTime, enc('491231235959+0100'), 't'));
    malformed(() => decodeTime(Tag.GeneralizedTime, enc('20500101000000.5Z'), 't'));
    malformed(() => decodeTime(Tag.UTCTime, enc('490231000000Z'), 't')); // 31 February
    malformed(() => decodeTime(Tag.UTCTime, enc('491231246000Z'), 't'));
    malformed(() => decodeTime(Tag.OCTET_STRING, enc('491231235959Z'), 't'));
  });

  it('rejects a BOOLEAN other than 00/FF', () => {
    expect(new DerReader(hex('0101ff'), 't').boolean('b')).toBe(true);
    malformed(() => new DerReader(hex('010101'), 't').boolean('b'));
  });
});

describe('parseCertificate on damaged input', () => {
  const h = hierarchy('Der');
  const der = leafUnder({ subject: h.interName, key: h.interKey }, h.leafKey);

  it('parses the intact certificate', () => {
    expect(parseCertificate(der).subject.text).toBe('O=x509 tests, CN=localhost');
  });

  it('throws only CertificateError(malformed) for every truncation', () => {
    for (let n = 0; n < der.length; n++) malformed(() => parseCertificate(der.subarray(0, n)));
  });

  it('throws nothing but CertificateError for single-byte corruptions', () => {
    // A flipped byte can land in a signature or a name and still parse; whatever happens, no RangeError.
    for (let i = 0; i < der.length; i++) {
      for (const x of [0x01, 0x80, 0xff]) {
        const bad = Uint8Array.from(der);
        bad[i]! ^= x;
        try {
          parseCertificate(bad);
        } catch (error) {
          expect(error).toBeInstanceOf(CertificateError);
        }
      }
    }
  });

  it('rejects trailing data after the certificate', () => {
    const extra = new Uint8Array(der.length + 1);
    extra.set(der);
    malformed(() => parseCertificate(extra));
  });
});
