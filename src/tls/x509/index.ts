/** X.509 for the TLS engine: parse certificates, hold trust anchors, verify a server's chain. */
export { parseCertificate, type Certificate } from './certificate.js';
export { parsePem, toPem } from './pem.js';
export { TrustStore, defaultTrustStore, withExtraRoots, type RootInput } from './trust-store.js';
export { verifyChain, type VerifiedChain, type VerifyChainOptions } from './verify.js';
export { matchesHost } from './hostname.js';
export { leafKeyUsageAllows } from './checks.js';
export type { Name } from './name.js';
export type { GeneralName } from './general-name.js';
export type { Extensions, KeyUsageName, NameConstraints } from './extensions.js';
