import type { Aead } from '../crypto/provider.js';
import { ContentType, MAX_CIPHERTEXT_13, MAX_PLAINTEXT } from '../constants.js';
import { fatal } from '../alerts.js';
import { type RecordProtection, recordHeader, sequenceNonce } from './protection.js';

/** TLS 1.3 record protection (RFC 8446 §5.2): AEAD over TLSInnerPlaintext, sequence-number nonces. */
export class Tls13Protection implements RecordProtection {
  readonly encrypted = true;
  private seq = 0;

  constructor(
    private readonly aead: Aead,
    private readonly iv: Uint8Array,
    readonly maxPlaintext = MAX_PLAINTEXT,
    private readonly paddingTo = 0,
  ) {}

  /**
   * The whole record in one buffer: the header (also the AAD), then TLSInnerPlaintext (content,
   * type, zero padding) sealed in place, then the tag. The content is copied once, into it.
   */
  seal(type: number, plaintext: Uint8Array): Uint8Array {
    const pad = this.paddingTo > 0 ? (this.paddingTo - ((plaintext.length + 1) % this.paddingTo)) % this.paddingTo : 0;
    const innerLength = plaintext.length + 1 + pad;
    const length = innerLength + this.aead.tagLength;
    const out = Buffer.allocUnsafe(5 + length);
    out[0] = ContentType.applicationData;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = length >> 8;
    out[4] = length & 0xff;
    out.set(plaintext, 5);
    out[5 + plaintext.length] = type;
    if (pad) out.fill(0, 6 + plaintext.length, 5 + innerLength);
    this.aead.sealInPlace(sequenceNonce(this.iv, this.seq++), out.subarray(0, 5), out, 5, innerLength);
    return out;
  }

  open(type: number, version: number, fragment: Uint8Array): { type: number; content: Uint8Array } {
    if (type !== ContentType.applicationData) throw fatal('unexpected_message', `unprotected record of type ${type} after keys were set`);
    if (fragment.length > MAX_CIPHERTEXT_13) throw fatal('record_overflow', `protected record of ${fragment.length} bytes`);
    if (fragment.length < this.aead.tagLength + 1) throw fatal('decode_error', 'protected record shorter than its tag');
    const header = recordHeader(type, version, fragment.length);
    const inner = this.aead.open(sequenceNonce(this.iv, this.seq++), fragment, header);
    if (!inner) throw fatal('bad_record_mac', 'record failed authentication');
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) throw fatal('unexpected_message', 'record has no content type');
    if (end > MAX_PLAINTEXT) throw fatal('record_overflow', `record plaintext of ${end} bytes`);
    return { type: inner[end]!, content: inner.subarray(0, end) };
  }
}
