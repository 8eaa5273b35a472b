import type { Aead } from '../crypto/provider.js';
import { ContentType, MAX_CIPHERTEXT_13, MAX_PLAINTEXT } from '../constants.js';
import { fatal } from '../alerts.js';
import { type RecordProtection, recordHeader, xorNonce } from './protection.js';

/** TLS 1.3 record protection (RFC 8446 §5.2): AEAD over TLSInnerPlaintext, sequence-number nonces. */
export class Tls13Protection implements RecordProtection {
  readonly encrypted = true;
  private seq = 0n;

  constructor(
    private readonly aead: Aead,
    private readonly iv: Uint8Array,
    readonly maxPlaintext = MAX_PLAINTEXT,
    private readonly paddingTo = 0,
  ) {}

  seal(type: number, plaintext: Uint8Array): Uint8Array {
    const pad = this.paddingTo > 0 ? (this.paddingTo - ((plaintext.length + 1) % this.paddingTo)) % this.paddingTo : 0;
    const inner = new Uint8Array(plaintext.length + 1 + pad);
    inner.set(plaintext);
    inner[plaintext.length] = type;
    const length = inner.length + this.aead.tagLength;
    const header = recordHeader(ContentType.applicationData, 0x0303, length);
    const sealed = this.aead.seal(xorNonce(this.iv, this.seq++), inner, header);
    const out = new Uint8Array(5 + sealed.length);
    out.set(header);
    out.set(sealed, 5);
    return out;
  }

  open(type: number, version: number, fragment: Uint8Array): { type: number; content: Uint8Array } {
    if (type !== ContentType.applicationData) throw fatal('unexpected_message', `unprotected record of type ${type} after keys were set`);
    if (fragment.length > MAX_CIPHERTEXT_13) throw fatal('record_overflow', `protected record of ${fragment.length} bytes`);
    if (fragment.length < this.aead.tagLength + 1) throw fatal('decode_error', 'protected record shorter than its tag');
    const header = recordHeader(type, version, fragment.length);
    const inner = this.aead.open(xorNonce(this.iv, this.seq++), fragment, header);
    if (!inner) throw fatal('bad_record_mac', 'record failed authentication');
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) throw fatal('unexpected_message', 'record has no content type');
    if (end > MAX_PLAINTEXT) throw fatal('record_overflow', `record plaintext of ${end} bytes`);
    return { type: inner[end]!, content: inner.subarray(0, end) };
  }
}
