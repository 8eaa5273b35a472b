/** TLS NamedGroup codepoints (IANA): the engine makes key shares for them, profiles list them. */
export const Group = {
  secp256r1: 0x0017,
  secp384r1: 0x0018,
  secp521r1: 0x0019,
  x25519: 0x001d,
  x448: 0x001e,
  ffdhe2048: 0x0100,
  ffdhe3072: 0x0101,
  ffdhe4096: 0x0102,
  ffdhe6144: 0x0103,
  ffdhe8192: 0x0104,
  x25519mlkem768: 0x11ec,
  secp256r1mlkem768: 0x11eb,
  x25519kyber768draft00: 0x6399,
} as const;
