import { Duplex } from 'node:stream';
import { TLSError } from '../errors.js';
import { fatal } from './alerts.js';
import { cipherSuiteName } from '../vocabulary/cipher-suites.js';
import { ContentType } from './constants.js';
import type { HandshakeResult } from './handshake-types.js';
import type { RecordLayer } from './record/record-layer.js';

/**
 * An established TLS connection: a Duplex of application data. Reading pumps records from the
 * record layer (handling tickets, KeyUpdate and alerts on the way); writing seals records.
 */
export class TLSConnection extends Duplex {
  readonly alpnProtocol: string | false;
  readonly version: 'TLSv1.3' | 'TLSv1.2';
  readonly cipher: { id: number; name: string };
  /** DER certificates as the server sent them, leaf first. */
  readonly peerCertificates: Uint8Array[];
  readonly group: number | undefined;
  /** The scheme of the server's handshake signature (TLS codepoint); a resumed TLS 1.3 connection reports the original's. */
  readonly signatureScheme: number | undefined;
  readonly resumed: boolean;
  readonly helloRetried: boolean;
  /** The RFC 8879 algorithm the server's certificate came compressed with (1 zlib, 2 brotli, 3 zstd), or null. */
  readonly certificateCompression: number | null;
  /** The server's ALPS settings for the negotiated protocol (TLS 1.3 application_settings), or null. */
  readonly alpsSettings: Uint8Array | null;
  /**
   * Whether ending the connection (or destroying it without an error) sends close_notify before
   * the FIN. Chromium never does (SSLClientSocketImpl::Disconnect, no SSL_shutdown); NSS does
   * (ssl_SecureClose). The HTTP layer sets it from the profile (profiles/behavior.ts).
   */
  closeNotify = true;
  private pumping = false;
  private wantMore = false;

  constructor(
    readonly socket: Duplex,
    private readonly layer: RecordLayer,
    private readonly handshake: HandshakeResult,
  ) {
    super({ allowHalfOpen: false });
    this.alpnProtocol = handshake.alpnProtocol;
    this.version = handshake.version;
    this.cipher = { id: handshake.cipherSuite, name: cipherSuiteName(handshake.cipherSuite) };
    this.peerCertificates = handshake.peerCertificates;
    this.group = handshake.group;
    this.signatureScheme = handshake.signatureScheme;
    this.resumed = handshake.resumed;
    this.helloRetried = handshake.helloRetried;
    this.certificateCompression = handshake.certificateCompression ?? null;
    this.alpsSettings = handshake.alpsSettings ?? null;
  }

  override _read(): void {
    this.wantMore = true;
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.wantMore && !this.destroyed) {
        const record = await this.layer.readRecord();
        if (!record) {
          this.push(null);
          this.wantMore = false;
          break;
        }
        if (record.type === ContentType.applicationData) {
          if (record.content.length && !this.push(record.content)) this.wantMore = false;
        } else if (record.type === ContentType.handshake) {
          for (const m of this.layer.pushHandshakeBytes(record.content)) {
            if (!this.handshake.onPostHandshake) throw fatal('unexpected_message', `handshake message ${m.type} after the handshake`);
            this.handshake.onPostHandshake(m.type, m.body, m.raw);
          }
        } else {
          throw fatal('unexpected_message', `unexpected record type ${record.type} after the handshake`);
        }
      }
    } catch (error) {
      this.layer.sendAlertFor(error);
      this.destroy(error instanceof Error ? error : new TLSError(String(error)));
    } finally {
      this.pumping = false;
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.layer.write(ContentType.applicationData, chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (this.socket.writableNeedDrain) this.socket.once('drain', () => callback());
    else callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), 'binary', callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.closeNotify) this.layer.sendAlert('close_notify', 1);
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const socket = this.socket;
    if (!error && !socket.destroyed && !socket.writableEnded) {
      if (this.closeNotify) this.layer.sendAlert('close_notify', 1);
      // A close, not an abort: the FIN goes out after what was written (a browser's close(2)), and
      // only then is the socket dropped, so unread bytes in the kernel cannot turn it into a reset
      // that swallows the goodbye. A peer that never reads gets a second, then the destroy.
      const timer = setTimeout(() => socket.destroy(), 1_000);
      timer.unref?.();
      socket.once('finish', () => {
        clearTimeout(timer);
        socket.destroy();
      });
      socket.end();
    } else {
      socket.destroy();
    }
    callback(error);
  }
}
