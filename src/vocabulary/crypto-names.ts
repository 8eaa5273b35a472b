/**
 * The names of the hash and AEAD algorithms a cipher suite is made of (RFC 8446 §B.4, RFC 5288,
 * RFC 7905): shared by the suite table, which profiles read, and the crypto provider, which
 * implements them.
 */

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export type AeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
