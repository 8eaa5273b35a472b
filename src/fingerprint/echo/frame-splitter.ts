/**
 * Cuts a client's HTTP/2 byte stream into its wire units (the 24-octet preface, then one frame
 * at a time) before the frame reader decodes them. The echo server needs each frame's own bytes:
 * their length for the report, and the exact prefix up to the first request, which goes to the
 * toolkit's Akamai function so the server and the capture tests compute Akamai one way.
 *
 * Only the 24-bit length field is read here; every check on the contents is the frame reader's.
 */
import { ByteQueue } from '../../bytes/byte-queue.js';
import { RemoteProtocolError } from '../../errors.js';
import { CLIENT_PREFACE, FRAME_HEADER_LENGTH } from '../../http/h2/index.js';

export class FrameSplitter {
  /** Received octets not yet part of a complete unit, as they came (joined only when taken). */
  private readonly queue = new ByteQueue();
  private prefacePending = true;

  /** `maxFrameSize`: our SETTINGS_MAX_FRAME_SIZE; a longer frame fails before it is buffered. */
  constructor(private readonly maxFrameSize: number) {}

  get buffered(): number {
    return this.queue.length;
  }

  /** Appends a chunk; returns the complete units it finishes, in order (copies, safe to keep). */
  push(chunk: Uint8Array): Uint8Array[] {
    const queue = this.queue;
    queue.push(chunk);
    const units: Uint8Array[] = [];
    if (this.prefacePending) {
      if (queue.length < CLIENT_PREFACE.length) return units;
      units.push(queue.takeCopy(CLIENT_PREFACE.length));
      this.prefacePending = false;
    }
    while (queue.length >= FRAME_HEADER_LENGTH) {
      const head = queue.peek(3);
      const length = (head[0]! << 16) | (head[1]! << 8) | head[2]!;
      if (length > this.maxFrameSize)
        throw new RemoteProtocolError(`frame of ${length} octets exceeds SETTINGS_MAX_FRAME_SIZE ${this.maxFrameSize}`, 'FRAME_SIZE_ERROR');
      if (queue.length < FRAME_HEADER_LENGTH + length) break;
      units.push(queue.takeCopy(FRAME_HEADER_LENGTH + length));
    }
    return units;
  }
}
