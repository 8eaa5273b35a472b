/** TLS codepoints used across the engine (IANA TLS registries). */

export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  newSessionTicket: 4,
  endOfEarlyData: 5,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
  certificateStatus: 22,
  keyUpdate: 24,
  compressedCertificate: 25,
  messageHash: 254,
} as const;

export const ProtocolVersion = {
  tls10: 0x0301,
  tls11: 0x0302,
  tls12: 0x0303,
  tls13: 0x0304,
} as const;

export const AlertLevel = { warning: 1, fatal: 2 } as const;

export const AlertDescription = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  no_renegotiation: 100,
  missing_extension: 109,
  unsupported_extension: 110,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
  ech_required: 121,
} as const;

export type AlertName = keyof typeof AlertDescription;

const alertNames = new Map<number, string>(Object.entries(AlertDescription).map(([k, v]) => [v, k]));

export function alertName(code: number): string {
  return alertNames.get(code) ?? `alert_${code}`;
}

/** SHA-256 of "HelloRetryRequest": the ServerHello.random that marks an HRR (RFC 8446 §4.1.3). */
export const HELLO_RETRY_REQUEST_RANDOM = Uint8Array.from(
  Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'),
);

/** Downgrade sentinels in the last 8 bytes of ServerHello.random (RFC 8446 §4.1.3). */
export const DOWNGRADE_TLS12 = Uint8Array.from([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01]);
export const DOWNGRADE_TLS11 = Uint8Array.from([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00]);

/** Largest plaintext fragment (2^14) and the ciphertext expansion TLS 1.3 allows (+256). */
export const MAX_PLAINTEXT = 16384;
export const MAX_CIPHERTEXT_13 = 16384 + 256;
export const MAX_CIPHERTEXT_12 = 16384 + 2048;
