import type { Duplex } from 'node:stream';
import { ByteQueue } from '../../bytes/byte-queue.js';
import { TLSError } from '../../errors.js';
import { fatal, receivedAlert } from '../alerts.js';
import { AlertDescription, AlertLevel, ContentType, MAX_CIPHERTEXT_12, MAX_PLAINTEXT, type AlertName } from '../constants.js';
import { ByteReader } from '../wire/reader.js';
import { PlaintextProtection, type RecordProtection } from './protection.js';
import { SocketReader } from './socket-reader.js';

/** A handshake message: its type, its body, and its full encoding (header + body) for the transcript. */
export interface HandshakeMessage {
  type: number;
  body: Uint8Array;
  raw: Uint8Array;
}

/** BoringSSL's kMaxWarningAlerts: warning alerts tolerated before giving up. */
const MAX_WARNING_ALERTS = 4;

/** Largest handshake message we accept (a certificate chain is the largest; browsers cap near this). */
const MAX_HANDSHAKE_MESSAGE = 256 * 1024;

/**
 * The record layer over one socket: framing, protection per direction, handshake-message
 * reassembly (several per record, one across records), alerts in both directions.
 */
export class RecordLayer {
  readonly reader: SocketReader;
  private readProtection: RecordProtection = new PlaintextProtection();
  private writeProtection: RecordProtection = new PlaintextProtection();
  /** Handshake bytes received and not yet a whole message (several per record, one across records). */
  private readonly handshakeBytes = new ByteQueue();
  /** Record-layer version on outgoing records: 0x0301 for the first ClientHello, then 0x0303. */
  recordVersion = 0x0301;
  /** TLS 1.3 allows (and ignores) a ChangeCipherSpec record during the handshake. */
  allowChangeCipherSpec = true;
  /** TLS 1.2 surfaces ChangeCipherSpec to the handshake instead of ignoring it. */
  surfaceChangeCipherSpec = false;
  /** Set by the peer's record_size_limit extension. */
  maxWritePlaintext = MAX_PLAINTEXT;
  /** Records of the flight being written (see `flight`), or null. */
  private batch: Uint8Array[] | null = null;
  /** Set once TLS 1.3 is negotiated: warning alerts are no longer tolerated. */
  tls13 = false;
  private warningAlerts = 0;
  private closedByPeer = false;
  private alertSent = false;

  constructor(readonly socket: Duplex) {
    this.reader = new SocketReader(socket);
  }

  setReadProtection(p: RecordProtection): void {
    if (this.handshakeBytes.length) throw fatal('unexpected_message', 'handshake message spans a key change');
    this.readProtection = p;
  }

  setWriteProtection(p: RecordProtection): void {
    this.writeProtection = p;
  }

  get readEncrypted(): boolean {
    return this.readProtection.encrypted;
  }

  get peerClosed(): boolean {
    return this.closedByPeer;
  }

  /** Writes `data` as records of `type`, fragmenting at the limit. */
  write(type: number, data: Uint8Array): void {
    const limit = Math.min(this.maxWritePlaintext, this.writeProtection.maxPlaintext);
    if (data.length === 0 && type !== ContentType.applicationData) {
      this.send(this.writeProtection.seal(type, data, this.recordVersion));
      return;
    }
    const records: Uint8Array[] = [];
    for (let o = 0; o < data.length; o += limit) {
      records.push(this.writeProtection.seal(type, data.subarray(o, Math.min(o + limit, data.length)), this.recordVersion));
    }
    if (records.length === 1) this.send(records[0]!);
    else if (records.length > 1) this.send(Buffer.concat(records));
  }

  /**
   * Runs `write` with the socket corked, so that a whole flight (ChangeCipherSpec, Certificate,
   * Finished...) leaves in one socket write, as browsers send it, not one TCP segment per record.
   */
  flight(write: () => void): void {
    const batch: Uint8Array[] = [];
    this.batch = batch;
    try {
      write();
    } finally {
      this.batch = null;
      if (batch.length) this.socket.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch));
    }
  }

  private send(bytes: Uint8Array): void {
    if (this.batch) this.batch.push(bytes);
    else this.socket.write(bytes);
  }

  /** Writes a raw, already-framed record (the middlebox-compatibility ChangeCipherSpec). */
  writeRaw(bytes: Uint8Array): void {
    this.send(bytes);
  }

  /** Sends an alert (best effort; once). */
  sendAlert(name: AlertName, level: number = AlertLevel.fatal): void {
    if (this.alertSent || this.socket.destroyed || this.socket.writableEnded) return;
    if (level === AlertLevel.fatal || name === 'close_notify') this.alertSent = true;
    try {
      this.write(ContentType.alert, Uint8Array.of(level, AlertDescription[name]));
    } catch {
      // the socket is already gone: nothing to tell
    }
  }

  /** Sends the alert a TLSError names, when it is ours to send. */
  sendAlertFor(error: unknown): void {
    if (error instanceof TLSError && error.direction === 'sent') {
      const name = error.alertName as AlertName;
      if (name in AlertDescription) this.sendAlert(name);
    }
  }

  /**
   * The next record's decrypted content, with alerts handled: close_notify gives null; any other
   * alert throws. Returns null when the peer closed the connection cleanly.
   */
  async readRecord(): Promise<{ type: number; content: Uint8Array } | null> {
    for (;;) {
      const header = await this.reader.read(5);
      if (!header) {
        this.closedByPeer = true;
        return null;
      }
      const type = header[0]!;
      const version = (header[1]! << 8) | header[2]!;
      const length = (header[3]! << 8) | header[4]!;
      if (type < 20 || type > 24 || header[1] !== 0x03) {
        throw fatal('decode_error', `not a TLS record (first bytes ${Buffer.from(header).toString('hex')})`);
      }
      if (length > MAX_CIPHERTEXT_12) throw fatal('record_overflow', `record of ${length} bytes`);
      const fragment = await this.reader.read(length);
      if (!fragment) throw fatal('decode_error', 'connection closed inside a record');
      if (type === ContentType.changeCipherSpec) {
        if (this.surfaceChangeCipherSpec) return { type, content: fragment };
        if (!this.allowChangeCipherSpec || length !== 1 || fragment[0] !== 1) {
          throw fatal('unexpected_message', 'unexpected ChangeCipherSpec');
        }
        continue;
      }
      const record = this.readProtection.open(type, version, fragment);
      if (!this.readProtection.encrypted && record.content.length > MAX_PLAINTEXT) {
        throw fatal('record_overflow', `plaintext record of ${record.content.length} bytes`);
      }
      if (record.type === ContentType.alert) {
        if (record.content.length !== 2) throw fatal('decode_error', 'malformed alert');
        const [level, description] = record.content as unknown as [number, number];
        if (description === AlertDescription.close_notify) {
          this.closedByPeer = true;
          return null;
        }
        if (description === AlertDescription.user_canceled) continue;
        // TLS 1.3 treats every other alert as fatal. Before the version is known and in TLS 1.2,
        // warnings (an Apache unrecognized_name, say) are ignored, a few at most, as BoringSSL does.
        if (level === AlertLevel.warning && !this.tls13) {
          if (++this.warningAlerts > MAX_WARNING_ALERTS) throw fatal('unexpected_message', 'too many warning alerts');
          continue;
        }
        throw receivedAlert(description, level);
      }
      if (record.content.length === 0 && record.type !== ContentType.applicationData) {
        throw fatal('unexpected_message', `empty record of type ${record.type}`);
      }
      return record;
    }
  }

  /** The next handshake message, reassembled across records. */
  async readHandshake(): Promise<HandshakeMessage> {
    for (;;) {
      const message = this.takeHandshakeMessage();
      if (message) return message;
      const record = await this.readRecord();
      if (!record) throw fatal('decode_error', 'connection closed during the handshake');
      if (record.type !== ContentType.handshake) {
        throw fatal('unexpected_message', `expected a handshake record, got content type ${record.type}`);
      }
      this.handshakeBytes.push(record.content);
    }
  }

  /** Whether a partial handshake message is buffered (must be empty at key changes). */
  get handshakePending(): boolean {
    return this.handshakeBytes.length > 0;
  }

  /** Takes handshake bytes that arrived in an application-phase record (post-handshake messages). */
  pushHandshakeBytes(content: Uint8Array): HandshakeMessage[] {
    this.handshakeBytes.push(content);
    const out: HandshakeMessage[] = [];
    for (let message = this.takeHandshakeMessage(); message; message = this.takeHandshakeMessage()) out.push(message);
    return out;
  }

  /** The first whole message in the buffer, taken out of it; null while it is incomplete. */
  private takeHandshakeMessage(): HandshakeMessage | null {
    const queue = this.handshakeBytes;
    if (queue.length < 4) return null;
    const header = queue.peek(4);
    const length = (header[1]! << 16) | (header[2]! << 8) | header[3]!;
    if (length > MAX_HANDSHAKE_MESSAGE) throw fatal('decode_error', `handshake message of ${length} bytes`);
    if (queue.length < 4 + length) return null;
    const raw = queue.takeCopy(4 + length); // a copy with its own buffer, as the records' bytes may be views
    return { type: raw[0]!, body: raw.subarray(4), raw };
  }
}

/** Wraps a handshake body in its 4-byte header. */
export function handshakeMessage(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[0] = type;
  out[1] = body.length >> 16;
  out[2] = (body.length >> 8) & 0xff;
  out[3] = body.length & 0xff;
  out.set(body, 4);
  return out;
}

export function readerFor(message: HandshakeMessage, what: string): ByteReader {
  return new ByteReader(message.body, what);
}
