/**
 * The echo server's generated certificate: the DER writer's encodings against known answers, and
 * the certificate against three independent verifiers (Node's X509Certificate, `openssl verify
 * -x509_strict`, and our own path validation), since clients of every kind must trust it.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { generateEchoCertificate } from '../../src/fingerprint/echo/index.js';
import { namedBits, oid, time, tlv, unsignedInteger } from '../../src/fingerprint/echo/der-writer.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { TrustStore } from '../../src/tls/x509/trust-store.js';
import { verifyChain } from '../../src/tls/x509/verify.js';
import { requireBinary } from '../helpers/servers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const DAY = 86_400_000;

describe('DER writer', () => {
  it('encodes lengths minimally (short form, then 0x81, 0x82)', () => {
    expect(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4)).toBe('047f');
    expect(hex(tlv(0x04, new Uint8Array(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(tlv(0x04, new Uint8Array(300))).slice(0, 8)).toBe('0482012c');
  });

  it('encodes OIDs (X.690 §8.19)', () => {
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
    expect(hex(oid('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
  });

  it('encodes unsigned integers as minimal positive INTEGERs', () => {
    expect(hex(unsignedInteger(0))).toBe('020100');
    expect(hex(unsignedInteger(2))).toBe('020102');
    expect(hex(unsignedInteger(128))).toBe('02020080');
    expect(hex(unsignedInteger(new Uint8Array([0, 0, 1])))).toBe('020101');
    expect(hex(unsignedInteger(new Uint8Array([0xff])))).toBe('020200ff');
  });

  it('encodes named bits without trailing zeros, and times as UTCTime until 2049', () => {
    expect(hex(namedBits([0, 5]))).toBe('03020284'); // digitalSignature, keyCertSign
    expect(hex(namedBits([0]))).toBe('03020780');
    expect(Buffer.from(time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)))).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(Buffer.from(time(new Date(Date.UTC(2050, 0, 1)))).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});

describe('generated certificate', () => {
  const now = Date.now();
  const cert = generateEchoCertificate({ now });

  it('is what Node’s X509Certificate reads: self-signed P-256 CA for the loopback names, valid now-1d .. now+30d', () => {
    const x = new X509Certificate(cert.cert);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(Math.abs(Date.parse(x.validFrom) - (now - DAY))).toBeLessThan(1000);
    expect(Math.abs(Date.parse(x.validTo) - (now + 30 * DAY))).toBeLessThan(1000);
    expect(x.checkPrivateKey(createPrivateKey(cert.key))).toBe(true);
  });

  it('passes `openssl verify -x509_strict` as its own trust anchor, for each name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tls-requests-echo-cert-'));
    try {
      const file = join(dir, 'cert.pem');
      await writeFile(file, cert.cert);
      const openssl = requireBinary('openssl', 'openssl');
      for (const check of [['-verify_hostname', 'localhost'], ['-verify_ip', '127.0.0.1'], ['-verify_ip', '::1']]) {
        const { stdout } = await promisify(execFile)(openssl, ['verify', '-x509_strict', '-purpose', 'sslserver', ...check, '-CAfile', file, file]);
        expect(stdout.trim()).toBe(`${file}: OK`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes our own path validation for localhost, 127.0.0.1 and ::1, and fails for anything else', () => {
    const roots = TrustStore.from([cert.der]);
    for (const host of ['localhost', '127.0.0.1', '::1']) {
      const result = verifyChain({ chain: [cert.der], roots, host, now, provider: defaultProvider });
      expect(result.path).toHaveLength(1);
    }
    const fail = (host: string, at: number): string => {
      try {
        verifyChain({ chain: [cert.der], roots, host, now: at, provider: defaultProvider });
      } catch (error) {
        if (error instanceof CertificateError) return error.reason;
        throw error;
      }
      return 'accepted';
    };
    expect(fail('example.com', now)).toBe('hostname_mismatch');
    expect(fail('localhost', now + 31 * DAY)).toBe('expired');
    expect(fail('localhost', now - 2 * DAY)).toBe('not_yet_valid');
  });

  it('takes other names, and a fresh key and serial every time', () => {
    const other = generateEchoCertificate({ names: ['echo.test', '10.0.0.1'], commonName: 'x' });
    expect(new X509Certificate(other.cert).subjectAltName).toBe('DNS:echo.test, IP Address:10.0.0.1');
    const again = generateEchoCertificate();
    expect(new X509Certificate(again.cert).serialNumber).not.toBe(new X509Certificate(cert.cert).serialNumber);
    expect(again.key).not.toBe(cert.key);
  });
});
