/**
 * HTTP/2 flow-control windows (RFC 9113 §5.2, §6.9), one class per direction.
 *
 * The receive side follows Chrome (net/spdy: SpdySession/SpdyStream::IncreaseRecvWindowSize):
 * bytes count as "unacked" once the reader has consumed them, and a WINDOW_UPDATE for all of
 * them goes out when they exceed half the window. Crediting on consumption, not on arrival, is
 * what gives the response body its backpressure: a reader that stops reading stops the server.
 */
import { MAX_WINDOW_SIZE } from './frame-types.js';

/** What we may still send: the peer's window for us. */
export class SendWindow {
  constructor(private size: number) {}

  get available(): number {
    return Math.max(0, this.size);
  }

  consume(n: number): void {
    this.size -= n;
  }

  /**
   * Adds a WINDOW_UPDATE increment or a SETTINGS_INITIAL_WINDOW_SIZE delta (which may be
   * negative and may leave the window below zero, §6.9.2). False when the window would pass
   * 2^31-1: a FLOW_CONTROL_ERROR (§6.9.1).
   */
  grow(delta: number): boolean {
    if (this.size + delta > MAX_WINDOW_SIZE) return false;
    this.size += delta;
    return true;
  }
}

/** What the peer may still send us, and the consumed bytes not yet given back. */
export class ReceiveWindow {
  private size: number;
  private unacked = 0;
  private lastUpdate: number;

  /**
   * @param max the window as the peer knows it at its fullest (initial size plus any
   *   WINDOW_UPDATE sent at the start)
   * @param smallUpdateAfterMs Chrome also sends a small update when this long has passed since
   *   the last one, so a slow reader does not look idle (its session uses 5 s; streams do not)
   */
  constructor(
    readonly max: number,
    private readonly smallUpdateAfterMs = Infinity,
    private readonly now: () => number = Date.now,
  ) {
    this.size = max;
    this.lastUpdate = now();
  }

  get available(): number {
    return this.size;
  }

  /** The peer sent `n` flow-controlled octets. False when they exceed the window. */
  receive(n: number): boolean {
    if (n > this.size) return false;
    this.size -= n;
    return true;
  }

  /** `n` octets left our buffers. Returns the WINDOW_UPDATE increment to send now, or 0. */
  consumed(n: number): number {
    if (n <= 0) return 0;
    this.unacked += n;
    const now = this.now();
    if (this.unacked > this.max / 2 || now - this.lastUpdate >= this.smallUpdateAfterMs) {
      const increment = this.unacked;
      this.unacked = 0;
      this.size += increment;
      this.lastUpdate = now;
      return increment;
    }
    return 0;
  }
}
