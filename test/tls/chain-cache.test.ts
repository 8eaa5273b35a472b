// The verified-chain cache (as Chromium's CertVerifier): a repeat connection to the same server
// checks only the handshake signature; another host, a later clock past the leaf's notAfter, or
// another trust store verify in full, and fail as the full check fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { fixedClock } from '../../src/tls/clock.js';
import { connect } from '../../src/tls/connect.js';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import type { CryptoProvider } from '../../src/tls/crypto/provider.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

/** The native provider, counting signature checks. Its own object: a cache of its own. */
function counting(): { provider: CryptoProvider; verifies: () => number } {
  let n = 0;
  const provider: CryptoProvider = {
    ...nativeProvider,
    verify: (...args) => {
      n++;
      return nativeProvider.verify(...args);
    },
  };
  return { provider, verifies: () => n };
}

describe('verified-chain cache', () => {
  it('verifies a chain once per host and trust store; the handshake signature every time', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    const { provider, verifies } = counting();
    const open = async (host: string, ca = pki.ca): Promise<void> => {
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: host, ca, provider, alpn: ['http/1.1'] });
      conn.destroy();
    };
    await open('localhost');
    const first = verifies();
    // Leaf by intermediate, intermediate by root, then CertificateVerify.
    expect(first).toBe(3);
    await open('localhost');
    expect(verifies() - first).toBe(1);
    // Another trust store (same root plus nothing else trusted: caOnly) verifies again.
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, caOnly: true, provider, alpn: ['http/1.1'] });
    conn.destroy();
    expect(verifies() - first).toBe(1 + 3);
  });

  it('does not vouch for another host, nor past the leaf notAfter', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    const { provider } = counting();
    const base = { host: '127.0.0.1', port: server.port, ca: pki.ca, provider, alpn: ['http/1.1'] };
    (await connect({ ...base, servername: 'localhost' })).destroy();
    await expect(connect({ ...base, servername: 'other.example' })).rejects.toMatchObject({ reason: 'hostname_mismatch' });
    const late = fixedClock(leaf.notAfter.getTime() + 1000);
    const error = await connect({ ...base, servername: 'localhost', clock: late }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    expect(error).toMatchObject({ reason: 'expired' });
  });
});
