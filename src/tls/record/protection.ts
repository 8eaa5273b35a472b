/** Turns plaintext into a protected record and back, for one direction of one epoch. */
export interface RecordProtection {
  /** Whether records are encrypted (false only before the first key change). */
  readonly encrypted: boolean;
  /** The largest plaintext this protection accepts in one record. */
  readonly maxPlaintext: number;
  /** The whole record (5-byte header + protected fragment). */
  seal(type: number, plaintext: Uint8Array, recordVersion: number): Uint8Array;
  /** The inner content type and plaintext; throws a TLSError (bad_record_mac, record_overflow...). */
  open(type: number, version: number, fragment: Uint8Array): { type: number; content: Uint8Array };
}

export function recordHeader(type: number, version: number, length: number): Uint8Array {
  return Uint8Array.of(type, version >> 8, version & 0xff, length >> 8, length & 0xff);
}

/** The null protection of the first flight: records carry plaintext. */
export class PlaintextProtection implements RecordProtection {
  readonly encrypted = false;
  readonly maxPlaintext = 16384;

  seal(type: number, plaintext: Uint8Array, recordVersion: number): Uint8Array {
    const out = new Uint8Array(5 + plaintext.length);
    out.set(recordHeader(type, recordVersion, plaintext.length));
    out.set(plaintext, 5);
    return out;
  }

  open(type: number, _version: number, fragment: Uint8Array): { type: number; content: Uint8Array } {
    return { type, content: fragment };
  }
}

/**
 * nonce = iv XOR the sequence number, right-aligned (RFC 8446 §5.3, RFC 7905), for a sequence
 * number kept as a JavaScript number: exact up to 2^53 records, far beyond any connection (and
 * no BigInt arithmetic per record).
 */
export function sequenceNonce(iv: Uint8Array, seq: number): Uint8Array {
  // A copy even when iv is a Buffer, whose slice() is a view: XORing that would change the IV.
  const nonce = new Uint8Array(iv);
  const n = nonce.length;
  const high = Math.floor(seq / 0x100000000);
  const low = seq >>> 0;
  nonce[n - 1]! ^= low & 0xff;
  nonce[n - 2]! ^= (low >>> 8) & 0xff;
  nonce[n - 3]! ^= (low >>> 16) & 0xff;
  nonce[n - 4]! ^= low >>> 24;
  nonce[n - 5]! ^= high & 0xff;
  nonce[n - 6]! ^= (high >>> 8) & 0xff;
  nonce[n - 7]! ^= (high >>> 16) & 0xff;
  nonce[n - 8]! ^= high >>> 24;
  return nonce;
}

/** nonce = iv XOR the 64-bit sequence number, right-aligned (RFC 8446 §5.3, RFC 7905). */
export function xorNonce(iv: Uint8Array, seq: bigint): Uint8Array {
  const nonce = new Uint8Array(iv); // a copy, also of a Buffer
  let s = seq;
  for (let i = nonce.length - 1; i >= nonce.length - 8; i--) {
    nonce[i]! ^= Number(s & 0xffn);
    s >>= 8n;
  }
  return nonce;
}
