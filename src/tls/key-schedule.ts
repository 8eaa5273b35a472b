import type { CryptoProvider, HashName } from './crypto/provider.js';
import { HASH_LENGTH } from './crypto/provider.js';
import { concatBytes } from './wire/writer.js';

/** HKDF-Extract (RFC 5869 §2.2). */
export function hkdfExtract(p: CryptoProvider, hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return p.hmac(hash, salt.length ? salt : new Uint8Array(HASH_LENGTH[hash]), ikm);
}

/** HKDF-Expand (RFC 5869 §2.3). */
export function hkdfExpand(p: CryptoProvider, hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let previous = new Uint8Array(0);
  for (let i = 1, o = 0; o < length; i++) {
    previous = p.hmac(hash, prk, concatBytes(previous, info, Uint8Array.of(i))) as Uint8Array<ArrayBuffer>;
    out.set(previous.subarray(0, Math.min(previous.length, length - o)), o);
    o += previous.length;
  }
  return out;
}

const encoder = new TextEncoder();

/** HKDF-Expand-Label (RFC 8446 §7.1): label gets the "tls13 " prefix. */
export function hkdfExpandLabel(
  p: CryptoProvider,
  hash: HashName,
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const fullLabel = encoder.encode(`tls13 ${label}`);
  const info = new Uint8Array(2 + 1 + fullLabel.length + 1 + context.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = fullLabel.length;
  info.set(fullLabel, 3);
  info[3 + fullLabel.length] = context.length;
  info.set(context, 4 + fullLabel.length);
  return hkdfExpand(p, hash, secret, info, length);
}

/** The traffic key and IV for one direction (RFC 8446 §7.3). */
export interface TrafficKeys {
  key: Uint8Array;
  iv: Uint8Array;
}

/**
 * The TLS 1.3 key schedule (RFC 8446 §7.1), one step per method, in the order the handshake
 * uses them. Transcript hashes are passed in by the handshake, which owns the transcript.
 */
export class KeySchedule13 {
  readonly hashLength: number;
  /** The early secret (from the PSK, or zeros): binder and early traffic keys come from it. */
  readonly earlySecret: Uint8Array;
  /** The secret of the current stage: early, then handshake, then master. */
  private secret: Uint8Array;

  constructor(
    readonly provider: CryptoProvider,
    readonly hash: HashName,
    psk?: Uint8Array,
  ) {
    this.hashLength = HASH_LENGTH[hash];
    const zeros = new Uint8Array(this.hashLength);
    this.earlySecret = hkdfExtract(provider, hash, zeros, psk ?? zeros);
    this.secret = this.earlySecret;
  }

  deriveSecret(secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
    return hkdfExpandLabel(this.provider, this.hash, secret, label, transcriptHash, this.hashLength);
  }

  private emptyHash(): Uint8Array {
    return this.provider.hash(this.hash, new Uint8Array(0));
  }

  /** binder_key for a resumption PSK. */
  resumptionBinderKey(): Uint8Array {
    return this.deriveSecret(this.earlySecret, 'res binder', this.emptyHash());
  }

  /** client_early_traffic_secret, over the ClientHello's hash: what EndOfEarlyData is sealed with. */
  clientEarlyTrafficSecret(helloHash: Uint8Array): Uint8Array {
    return this.deriveSecret(this.earlySecret, 'c e traffic', helloHash);
  }

  /** Mixes in the (EC)DHE shared secret; returns the client and server handshake traffic secrets. */
  handshakeSecrets(sharedSecret: Uint8Array, helloHash: Uint8Array): { client: Uint8Array; server: Uint8Array } {
    const derived = this.deriveSecret(this.secret, 'derived', this.emptyHash());
    this.secret = hkdfExtract(this.provider, this.hash, derived, sharedSecret);
    return {
      client: this.deriveSecret(this.secret, 'c hs traffic', helloHash),
      server: this.deriveSecret(this.secret, 's hs traffic', helloHash),
    };
  }

  /** Moves to the master secret; returns the application traffic secrets and exporter secret. */
  applicationSecrets(serverFinishedHash: Uint8Array): { client: Uint8Array; server: Uint8Array; exporter: Uint8Array } {
    const derived = this.deriveSecret(this.secret, 'derived', this.emptyHash());
    this.secret = hkdfExtract(this.provider, this.hash, derived, new Uint8Array(this.hashLength));
    return {
      client: this.deriveSecret(this.secret, 'c ap traffic', serverFinishedHash),
      server: this.deriveSecret(this.secret, 's ap traffic', serverFinishedHash),
      exporter: this.deriveSecret(this.secret, 'exp master', serverFinishedHash),
    };
  }

  /** resumption_master_secret, after the client Finished. */
  resumptionMasterSecret(clientFinishedHash: Uint8Array): Uint8Array {
    return this.deriveSecret(this.secret, 'res master', clientFinishedHash);
  }

  trafficKeys(trafficSecret: Uint8Array, keyLength: number): TrafficKeys {
    return {
      key: hkdfExpandLabel(this.provider, this.hash, trafficSecret, 'key', new Uint8Array(0), keyLength),
      iv: hkdfExpandLabel(this.provider, this.hash, trafficSecret, 'iv', new Uint8Array(0), 12),
    };
  }

  /** verify_data = HMAC(finished_key, transcript hash) (RFC 8446 §4.4.4). */
  finishedVerifyData(baseSecret: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
    const finishedKey = hkdfExpandLabel(this.provider, this.hash, baseSecret, 'finished', new Uint8Array(0), this.hashLength);
    return this.provider.hmac(this.hash, finishedKey, transcriptHash);
  }

  /** The next application traffic secret after a KeyUpdate (RFC 8446 §7.2). */
  nextTrafficSecret(secret: Uint8Array): Uint8Array {
    return hkdfExpandLabel(this.provider, this.hash, secret, 'traffic upd', new Uint8Array(0), this.hashLength);
  }

  /** A ticket's PSK from the resumption master secret and its nonce (RFC 8446 §4.6.1). */
  ticketPsk(resumptionMasterSecret: Uint8Array, nonce: Uint8Array): Uint8Array {
    return hkdfExpandLabel(this.provider, this.hash, resumptionMasterSecret, 'resumption', nonce, this.hashLength);
  }
}
