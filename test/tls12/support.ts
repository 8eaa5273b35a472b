/** Shared pieces of the TLS 1.2 tests: the suite list, hello variants, servers without EMS. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import type { Pki, LeafEntry } from '../helpers/pki.js';
import { startOpensslServer, type OpensslServer, type OpensslServerOptions } from '../helpers/servers.js';

/** The list: OpenSSL name, IANA name, and which certificate the suite needs. */
export const SUITES: ReadonlyArray<readonly [openssl: string, iana: string, key: 'ecdsa' | 'rsa']> = [
  ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ecdsa'],
  ['ECDHE-RSA-AES128-GCM-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'rsa'],
  ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ecdsa'],
  ['ECDHE-RSA-AES256-GCM-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'rsa'],
  ['ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ecdsa'],
  ['ECDHE-RSA-CHACHA20-POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'rsa'],
  ['ECDHE-RSA-AES128-SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'rsa'],
  ['ECDHE-RSA-AES256-SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'rsa'],
  ['ECDHE-ECDSA-AES128-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ecdsa'],
  ['ECDHE-ECDSA-AES256-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ecdsa'],
  ['AES128-GCM-SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'rsa'],
  ['AES256-GCM-SHA384', 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'rsa'],
  ['AES128-SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'rsa'],
  ['AES256-SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'rsa'],
];

/** The rest of the TLS 1.2 suites the default hello offers: CBC with SHA-256/384 MACs. */
export const MORE_SUITES: ReadonlyArray<readonly [openssl: string, iana: string, key: 'ecdsa' | 'rsa']> = [
  ['ECDHE-ECDSA-AES128-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ecdsa'],
  ['ECDHE-RSA-AES128-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'rsa'],
  ['ECDHE-ECDSA-AES256-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ecdsa'],
  ['ECDHE-RSA-AES256-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'rsa'],
  ['AES128-SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'rsa'],
  ['AES256-SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA256', 'rsa'],
];

export function leafFor(pki: Pki, key: 'ecdsa' | 'rsa'): LeafEntry {
  return key === 'ecdsa' ? pki.leaves.ecdsaP256 : pki.leaves.rsa2048;
}

/** The engine's default hello without extended_master_secret. */
export const helloWithoutEms: ClientHelloSpec = {
  ...defaultHelloSpec,
  extensions: defaultHelloSpec.extensions.filter((e) => e.type !== 'extended_master_secret'),
};

/** The default hello with supported_versions [TLS 1.2] only: a client that never offers TLS 1.3. */
export const helloTls12Only: ClientHelloSpec = {
  ...defaultHelloSpec,
  extensions: defaultHelloSpec.extensions.map((e) => (e.type === 'supported_versions' ? { type: 'supported_versions', versions: [0x0303] } : e)),
};

/** A hello that offers only `suites` (and TLS 1.2), e.g. to reach DHE, which the default hello leaves out. */
export function helloWithSuites(suites: number[], base: ClientHelloSpec = helloTls12Only): ClientHelloSpec {
  return { ...base, cipherSuites: suites };
}

/** SSL_OP_NO_EXTENDED_MASTER_SECRET in OpenSSL 3.0 (SSL_OP_BIT(0)); Node 20 does not export the name. */
export const SSL_OP_NO_EXTENDED_MASTER_SECRET = 1;

let noEmsConfig: string | undefined;

/**
 * OpenSSL 3.0's s_server has no flag to turn EMS off, but its SSL_CONF system defaults do
 * (`Options = -ExtendedMasterSecret`): the child gets a config file that says so.
 */
export async function startOpensslServerWithoutEms(options: OpensslServerOptions): Promise<OpensslServer> {
  if (!noEmsConfig) {
    const dir = mkdtempSync(join(tmpdir(), 'tls-requests-noems-'));
    noEmsConfig = join(dir, 'openssl.cnf');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      noEmsConfig,
      ['openssl_conf = openssl_init', '[openssl_init]', 'ssl_conf = ssl_sect', '[ssl_sect]', 'system_default = system_default_sect', '[system_default_sect]', 'Options = -ExtendedMasterSecret', ''].join('\n'),
    );
  }
  const previous = process.env.OPENSSL_CONF;
  // The child inherits the environment when it is spawned, inside startOpensslServer.
  process.env.OPENSSL_CONF = noEmsConfig;
  try {
    return await startOpensslServer(options);
  } finally {
    if (previous === undefined) delete process.env.OPENSSL_CONF;
    else process.env.OPENSSL_CONF = previous;
  }
}
