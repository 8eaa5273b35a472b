/**
 * The fingerprint toolkit: parse any ClientHello and compute what a fingerprinting server
 * computes from it (JA3, JA3n, JA4 family), plus the Akamai HTTP/2 fingerprint.
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
export { isGrease, isGreasePskMode, GREASE_VALUES } from './grease.js';
export { ja3, ja3String } from './ja3.js';
export type { Ja3Fingerprint } from './ja3.js';
export { ja4, ja4Alpn, ja4Version } from './ja4.js';
export type { Ja4Fingerprint, Ja4Protocol } from './ja4.js';
export { akamaiFingerprint, akamaiHash } from './akamai.js';
export type { AkamaiInput, AkamaiPriority } from './akamai.js';
export { akamaiFromClientStream, akamaiInputFromClientStream } from './akamai-stream.js';
export { startEchoServer, generateEchoCertificate } from './echo/index.js';
export type { EchoServer, EchoServerOptions, EchoReport } from './echo/index.js';
