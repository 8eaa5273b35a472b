/**
 * The fingerprint toolkit as the package root offers it: the parsers and hashes (light), and the
 * echo server loaded on first start. `tls-requests/fingerprint` offers the same, plus the server's
 * parts.
 */
export { parseClientHello, findExtension, asClientHello } from './clienthello.js';
export type { ParsedClientHello, CipherSuiteEntry, ClientHelloInput } from './clienthello.js';
export { ExtensionType } from './extension-types.js';
export type {
  ClientHelloExtension,
  DecodedExtension,
  ExtensionKind,
  ExtensionOfKind,
  KeyShareEntry,
  PskIdentity,
  ServerName,
} from './extension-types.js';
export { isGrease, isGreasePskMode, GREASE_VALUES } from '../vocabulary/grease.js';
export { ja3, ja3String } from './ja3.js';
export { profileFromClientHello } from './clone/from-client-hello.js';
export { profileFromPcap } from './clone/from-pcap.js';
export type { Ja3Fingerprint } from './ja3.js';
export { ja4, ja4Alpn, ja4Version } from './ja4.js';
export type { Ja4Fingerprint, Ja4Protocol } from './ja4.js';
export { akamaiFingerprint, akamaiHash } from './akamai.js';
export type { AkamaiInput, AkamaiPriority } from './akamai.js';
export { startEchoServer } from './echo/lazy.js';
export { generateEchoCertificate } from './echo/certificate.js';
export type { EchoServer, EchoServerOptions } from './echo/server.js';
export type * from './echo/report.js';
export { DEFAULT_CERTIFICATE_NAMES, type EchoCertificate, type EchoCertificateOptions } from './echo/certificate.js';
