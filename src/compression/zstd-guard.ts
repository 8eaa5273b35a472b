/**
 * Reads the frame structure of a zstd stream (RFC 8878) as it arrives, before the decoder sees
 * it, and refuses frames whose header asks for a larger window than allowed. fzstd allocates the
 * window (or the declared content size) up front: without this check twelve bytes can make it
 * reserve gigabytes. RFC 9659 caps the window of the zstd content coding at 8 MiB.
 */

export const ZSTD_MAX_WINDOW = 8 * 1024 * 1024;

const FRAME_MAGIC = 0xfd2fb528;

type State =
  | { kind: 'magic' }
  | { kind: 'descriptor' }
  | { kind: 'frameHeader'; need: number; descriptor: number }
  | { kind: 'blockHeader' }
  | { kind: 'skip'; left: number; then: 'blockHeader' | 'magic' | 'checksum' }
  | { kind: 'skippableSize' };

export class ZstdFrameGuard {
  private state: State = { kind: 'magic' };
  private pending: number[] = [];
  private checksum = false;
  private lastBlock = false;

  /** `maxWindow` bounds each frame's window; `maxContent` its declared content size (0 = none). */
  constructor(
    private readonly maxWindow = ZSTD_MAX_WINDOW,
    private readonly maxContent = 0,
  ) {}

  /** Scans `chunk`; throws an Error naming the problem when a frame breaks the limits. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const s = this.state;
      if (s.kind === 'skip') {
        const take = Math.min(s.left, chunk.length - i);
        i += take;
        s.left -= take;
        if (s.left === 0) this.afterSkip(s.then);
        continue;
      }
      this.pending.push(chunk[i++]!);
      this.step();
    }
  }

  /**
   * How many of the bytes seen last belong to a frame header not yet complete: the decoder must
   * not see them until the header has been checked.
   */
  get headerBytesPending(): number {
    const k = this.state.kind;
    return k === 'magic' || k === 'descriptor' || k === 'frameHeader' || k === 'skippableSize' ? this.pending.length : 0;
  }

  /** At the end of the input: a frame header cut short is an error. */
  finish(): void {
    if (this.headerBytesPending > 0) throw new Error('zstd stream ends inside a frame header');
  }

  private afterSkip(then: 'blockHeader' | 'magic' | 'checksum'): void {
    if (then === 'checksum') this.state = { kind: 'skip', left: 4, then: 'magic' };
    else this.state = { kind: then };
  }

  private step(): void {
    const p = this.pending;
    const s = this.state;
    switch (s.kind) {
      case 'magic': {
        if (p.length < 4) return;
        const magic = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
        this.pending = [];
        if (magic === FRAME_MAGIC) this.state = { kind: 'descriptor' };
        else if ((magic & 0xfffffff0) === 0x184d2a50) this.state = { kind: 'skippableSize' };
        else throw new Error('not a zstd frame (bad magic number)');
        return;
      }
      case 'skippableSize': {
        if (p.length < 4) return;
        const size = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
        this.pending = [];
        this.state = size ? { kind: 'skip', left: size, then: 'magic' } : { kind: 'magic' };
        return;
      }
      case 'descriptor': {
        const d = p[0]!;
        this.pending = [];
        const singleSegment = (d & 0x20) !== 0;
        if (d & 0x08) throw new Error('zstd frame header has its reserved bit set');
        const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][d >> 6]!;
        const dictSize = [0, 1, 2, 4][d & 3]!;
        this.checksum = (d & 0x04) !== 0;
        const need = (singleSegment ? 0 : 1) + dictSize + fcsSize;
        if (need === 0) this.state = { kind: 'blockHeader' };
        else this.state = { kind: 'frameHeader', need, descriptor: d };
        this.lastBlock = false;
        return;
      }
      case 'frameHeader': {
        if (p.length < s.need) return;
        this.checkFrameHeader(s.descriptor, p);
        this.pending = [];
        this.state = { kind: 'blockHeader' };
        return;
      }
      case 'blockHeader': {
        if (p.length < 3) return;
        const header = p[0]! | (p[1]! << 8) | (p[2]! << 16);
        this.pending = [];
        this.lastBlock = (header & 1) === 1;
        const type = (header >> 1) & 3;
        const size = header >>> 3;
        if (type === 3) throw new Error('zstd block of the reserved type');
        const onWire = type === 1 ? 1 : size;
        const then = this.lastBlock ? (this.checksum ? 'checksum' : 'magic') : 'blockHeader';
        if (onWire === 0) this.afterSkip(then);
        else this.state = { kind: 'skip', left: onWire, then };
        return;
      }
      case 'skip':
        return;
    }
  }

  private checkFrameHeader(descriptor: number, bytes: number[]): void {
    const singleSegment = (descriptor & 0x20) !== 0;
    let o = 0;
    let window = 0;
    if (!singleSegment) {
      const w = bytes[o++]!;
      const base = 2 ** (10 + (w >> 3));
      window = base + (base / 8) * (w & 7);
    }
    o += [0, 1, 2, 4][descriptor & 3]!;
    const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]!;
    let content = 0;
    for (let k = 0; k < fcsSize; k++) content += bytes[o + k]! * 2 ** (8 * k);
    if (fcsSize === 2) content += 256;
    if (singleSegment) window = content;
    if (window > this.maxWindow) throw new Error(`zstd frame asks for a ${window}-byte window, over the ${this.maxWindow}-byte limit`);
    if (this.maxContent > 0 && fcsSize > 0 && content > this.maxContent) {
      throw new Error(`zstd frame declares ${content} bytes of content, over the ${this.maxContent}-byte limit`);
    }
  }
}
