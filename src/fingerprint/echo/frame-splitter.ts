/**
 * Cuts a client's HTTP/2 byte stream into its wire units (the 24-octet preface, then one frame
 * at a time) before the frame reader decodes them. The echo server needs each frame's own bytes:
 * their length for the report, and the exact prefix up to the first request, which goes to the
 * toolkit's Akamai function so the server and the capture tests compute Akamai one way.
 *
 * Only the 24-bit length field is read here; every check on the contents is the frame reader's.
 */
import { RemoteProtocolError } from '../../errors.js';
import { CLIENT_PREFACE, FRAME_HEADER_LENGTH } from '../../http/h2/index.js';

export class FrameSplitter {
  /** Received octets not yet part of a complete unit, as they came (joined only when taken). */
  private chunks: Uint8Array[] = [];
  private size = 0;
  private prefacePending = true;

  /** `maxFrameSize`: our SETTINGS_MAX_FRAME_SIZE; a longer frame fails before it is buffered. */
  constructor(private readonly maxFrameSize: number) {}

  get buffered(): number {
    return this.size;
  }

  /** Appends a chunk; returns the complete units it finishes, in order (copies, safe to keep). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    const units: Uint8Array[] = [];
    if (this.prefacePending) {
      if (this.size < CLIENT_PREFACE.length) return units;
      units.push(this.take(CLIENT_PREFACE.length));
      this.prefacePending = false;
    }
    while (this.size >= FRAME_HEADER_LENGTH) {
      const head = this.peek(3);
      const length = (head[0]! << 16) | (head[1]! << 8) | head[2]!;
      if (length > this.maxFrameSize)
        throw new RemoteProtocolError(`frame of ${length} octets exceeds SETTINGS_MAX_FRAME_SIZE ${this.maxFrameSize}`, 'FRAME_SIZE_ERROR');
      if (this.size < FRAME_HEADER_LENGTH + length) break;
      units.push(this.take(FRAME_HEADER_LENGTH + length));
    }
    return units;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      if (at >= n) break;
      const part = c.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const need = n - at;
      if (c.length <= need) {
        out.set(c, at);
        at += c.length;
        this.chunks.shift();
      } else {
        out.set(c.subarray(0, need), at);
        this.chunks[0] = c.subarray(need);
        at += need;
      }
    }
    this.size -= n;
    return out;
  }
}
