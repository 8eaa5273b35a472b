import type { CryptoProvider, HashName, HashState } from './crypto/provider.js';

/**
 * The handshake transcript. Messages arrive before the hash is known (it comes with the cipher
 * suite), so they are kept until `start()` names it; after that they are hashed as they come.
 */
export class Transcript {
  private pending: Uint8Array[] = [];
  private state: HashState | null = null;
  /** Every message, for TLS 1.2's extended master secret and for debugging. */
  readonly messages: Uint8Array[] = [];

  constructor(private readonly provider: CryptoProvider) {}

  add(message: Uint8Array): void {
    this.messages.push(message);
    if (this.state) this.state.update(message);
    else this.pending.push(message);
  }

  start(hash: HashName): void {
    if (this.state) return;
    this.state = this.provider.createHash(hash);
    for (const m of this.pending) this.state.update(m);
    this.pending = [];
  }

  /** The hash of every message so far. */
  hash(): Uint8Array {
    if (!this.state) throw new Error('transcript hash used before the cipher suite was known');
    return this.state.digest();
  }

  /**
   * After a HelloRetryRequest, ClientHello1 is replaced by a synthetic message_hash message
   * (RFC 8446 §4.4.1).
   */
  replaceWithMessageHash(hash: HashName): void {
    const digest = this.provider.hash(hash, concatAll(this.messages));
    const synthetic = new Uint8Array(4 + digest.length);
    synthetic[0] = 254;
    synthetic[3] = digest.length;
    synthetic.set(digest, 4);
    this.messages.length = 0;
    this.pending = [];
    this.state = null;
    this.add(synthetic);
    this.start(hash);
  }
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
