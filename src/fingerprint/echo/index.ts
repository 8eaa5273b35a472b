/**
 * The recording echo server of the fingerprint toolkit: `startEchoServer()` and the shape of
 * the JSON it answers with. The certificate generator and the ClientHello scanner are exported
 * for tools that need one without the other.
 */
export { startEchoServer, type EchoServer, type EchoServerOptions } from './server.js';
export type * from './report.js';
export { generateEchoCertificate, DEFAULT_CERTIFICATE_NAMES, type EchoCertificate, type EchoCertificateOptions } from './certificate.js';
export { scanClientHello, type ScanResult, type ScannedHello } from './hello-scanner.js';
