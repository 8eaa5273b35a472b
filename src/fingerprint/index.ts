/**
 * The fingerprint toolkit (`tls-requests/fingerprint`): parse any ClientHello and compute what a
 * fingerprinting server computes from it (JA3, JA3n, JA4 family), the Akamai HTTP/2 fingerprint,
 * and the local echo server with its parts.
 */
export * from './toolkit.js';
export { scanClientHello, type ScanResult, type ScannedHello } from './echo/hello-scanner.js';
export { akamaiFromClientStream, akamaiInputFromClientStream } from './akamai-stream.js';
