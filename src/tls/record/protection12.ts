import { fatal } from '../alerts.js';
import { MAX_PLAINTEXT } from '../constants.js';
import type { Aead, BlockCipherCbc, CryptoProvider, HashName, RandomSource } from '../crypto/provider.js';
import { HASH_LENGTH } from '../crypto/provider.js';
import { type RecordProtection, recordHeader, xorNonce } from './protection.js';

const MAX_SEQ = (1n << 64n) - 1n;

/** seq_num(8) || type || version || length: the MAC'd and AEAD-authenticated record header (RFC 5246 §6.2.3). */
function additionalData(seq: bigint, type: number, version: number, length: number): Uint8Array {
  const ad = new Uint8Array(13);
  new DataView(ad.buffer).setBigUint64(0, seq);
  ad.set(recordHeader(type, version, length), 8);
  return ad;
}

function seqBytes(seq: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, seq);
  return b;
}

/** Sequence numbers must not wrap (RFC 5246 §6.1): renegotiation is refused, so the connection ends. */
function nextSeq(seq: bigint): bigint {
  if (seq >= MAX_SEQ) throw fatal('internal_error', 'TLS 1.2 sequence number would wrap');
  return seq + 1n;
}

/** The one error every record-authentication failure gives (no padding oracle, no length oracle). */
function badRecordMac(): Error {
  return fatal('bad_record_mac', 'record failed authentication');
}

/**
 * TLS 1.2 AEAD record protection. AES-GCM (RFC 5288 §3): nonce = 4-byte implicit salt from the
 * key block || 8-byte explicit part carried in the record; we send the sequence number as the
 * explicit part, which never repeats under one key. ChaCha20-Poly1305 (RFC 7905 §2): no explicit
 * part, nonce = 12-byte IV XOR the sequence number, as in TLS 1.3.
 */
export class Tls12AeadProtection implements RecordProtection {
  readonly encrypted = true;
  readonly maxPlaintext = MAX_PLAINTEXT;
  private seq = 0n;
  private readonly explicitNonce: boolean;

  constructor(
    private readonly aead: Aead,
    private readonly iv: Uint8Array,
  ) {
    if (iv.length === 4) this.explicitNonce = true;
    else if (iv.length === 12) this.explicitNonce = false;
    else throw new RangeError(`TLS 1.2 AEAD needs a 4- or 12-byte IV, got ${iv.length}`);
  }

  private nonce(explicit: Uint8Array): Uint8Array {
    if (!this.explicitNonce) return xorNonce(this.iv, this.seq);
    const nonce = new Uint8Array(12);
    nonce.set(this.iv);
    nonce.set(explicit, 4);
    return nonce;
  }

  seal(type: number, plaintext: Uint8Array, recordVersion: number): Uint8Array {
    const explicit = this.explicitNonce ? seqBytes(this.seq) : new Uint8Array(0);
    const sealed = this.aead.seal(this.nonce(explicit), plaintext, additionalData(this.seq, type, recordVersion, plaintext.length));
    this.seq = nextSeq(this.seq);
    const length = explicit.length + sealed.length;
    const out = new Uint8Array(5 + length);
    out.set(recordHeader(type, recordVersion, length));
    out.set(explicit, 5);
    out.set(sealed, 5 + explicit.length);
    return out;
  }

  open(type: number, version: number, fragment: Uint8Array): { type: number; content: Uint8Array } {
    const explicitLength = this.explicitNonce ? 8 : 0;
    const plaintextLength = fragment.length - explicitLength - this.aead.tagLength;
    if (plaintextLength < 0) throw badRecordMac();
    const explicit = fragment.subarray(0, explicitLength);
    const content = this.aead.open(this.nonce(explicit), fragment.subarray(explicitLength), additionalData(this.seq, type, version, plaintextLength));
    if (!content) throw badRecordMac();
    this.seq = nextSeq(this.seq);
    if (content.length > MAX_PLAINTEXT) throw fatal('record_overflow', `record plaintext of ${content.length} bytes`);
    return { type, content };
  }
}

const BLOCK = 16;

/**
 * TLS 1.2 CBC record protection (RFC 5246 §6.2.3.2): MAC-then-encrypt. The MAC is HMAC over
 * seq || header || plaintext; plaintext || MAC || padding is encrypted under a fresh random IV
 * sent in front of each record (no IV chaining: that was BEAST).
 *
 * Decryption is written so that a bad padding and a bad MAC are indistinguishable: both end in
 * the same bad_record_mac thrown from the same line, the MAC is always computed (over the data
 * as if the padding were empty when the padding is bad, as §6.2.3.2 advises), and the hashing
 * work is topped up to a length that does not depend on the padding (Lucky Thirteen, within
 * what JavaScript timing allows).
 */
export class Tls12CbcProtection implements RecordProtection {
  readonly encrypted = true;
  readonly maxPlaintext = MAX_PLAINTEXT;
  private seq = 0n;
  private readonly macLength: number;

  constructor(
    private readonly provider: CryptoProvider,
    private readonly cipher: BlockCipherCbc,
    private readonly mac: HashName,
    private readonly macKey: Uint8Array,
    private readonly random: RandomSource,
  ) {
    this.macLength = HASH_LENGTH[mac];
  }

  seal(type: number, plaintext: Uint8Array, recordVersion: number): Uint8Array {
    const tag = this.provider.hmac(this.mac, this.macKey, concat(additionalData(this.seq, type, recordVersion, plaintext.length), plaintext));
    this.seq = nextSeq(this.seq);
    const unpadded = plaintext.length + tag.length + 1;
    const padLength = (BLOCK - (unpadded % BLOCK)) % BLOCK;
    const inner = new Uint8Array(unpadded + padLength);
    inner.set(plaintext);
    inner.set(tag, plaintext.length);
    // padding_length + 1 bytes, each holding padding_length.
    inner.fill(padLength, plaintext.length + tag.length);
    const iv = this.random.bytes(BLOCK);
    const encrypted = this.cipher.encrypt(iv, inner);
    const length = BLOCK + encrypted.length;
    const out = new Uint8Array(5 + length);
    out.set(recordHeader(type, recordVersion, length));
    out.set(iv, 5);
    out.set(encrypted, 5 + BLOCK);
    return out;
  }

  open(type: number, version: number, fragment: Uint8Array): { type: number; content: Uint8Array } {
    // Public facts about the length (not secret: an observer sees it) may fail early.
    const minInner = Math.ceil((this.macLength + 1) / BLOCK) * BLOCK;
    if (fragment.length < BLOCK + minInner || fragment.length % BLOCK !== 0) throw badRecordMac();
    const inner = this.cipher.decrypt(fragment.subarray(0, BLOCK), fragment.subarray(BLOCK));

    // Padding check over every candidate byte, without branching on secret data.
    const padLength = inner[inner.length - 1]!;
    const maxPad = Math.min(255, inner.length - this.macLength - 1);
    let bad = ((maxPad - padLength) >> 31) & 1; // padLength > maxPad
    const checked = Math.min(255, inner.length - 1);
    for (let i = 1; i <= checked; i++) {
      const inPadding = ((i - 1 - padLength) >> 31) & 1; // i - 1 < padLength
      bad |= inPadding & (inner[inner.length - 1 - i]! ^ padLength ? 1 : 0);
    }
    // A bad padding is treated as no padding, so the MAC is still computed over real bytes.
    const stripped = (padLength + 1) * (1 - bad) + bad;
    const dataLength = inner.length - this.macLength - stripped;
    const data = inner.subarray(0, dataLength);
    const received = inner.subarray(dataLength, dataLength + this.macLength);
    const expected = this.provider.hmac(this.mac, this.macKey, concat(additionalData(this.seq, type, version, dataLength), data));
    // Hash the bytes the padding took, so the work done does not reveal the padding length.
    this.provider.createHash(this.mac).update(inner.subarray(0, stripped)).digest();
    let diff = 0;
    for (let i = 0; i < this.macLength; i++) diff |= expected[i]! ^ received[i]!;
    if ((diff | bad) !== 0) throw badRecordMac();
    this.seq = nextSeq(this.seq);
    if (dataLength > MAX_PLAINTEXT) throw fatal('record_overflow', `record plaintext of ${dataLength} bytes`);
    return { type, content: data };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
