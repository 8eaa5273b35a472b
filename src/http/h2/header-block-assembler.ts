/**
 * Gathers a header block from its HEADERS or PUSH_PROMISE frame and the CONTINUATIONs that follow
 * (RFC 9113 §4.3, §6.10). The FrameReader already guarantees the sequence (nothing else may come
 * between them); what is left here is joining the fragments and bounding their total, so a server
 * cannot make us buffer an endless CONTINUATION chain before HPACK even sees it.
 */
import { RemoteProtocolError } from '../../errors.js';
import type { ContinuationFrame, HeadersFrame, PushPromiseFrame } from './frame-types.js';

export interface CompleteHeaderBlock {
  kind: 'headers' | 'push';
  streamId: number;
  endStream: boolean;
  /** PUSH_PROMISE only. */
  promisedStreamId: number;
  block: Uint8Array;
}

export class HeaderBlockAssembler {
  private open: Omit<CompleteHeaderBlock, 'block'> | undefined;
  private fragments: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly maxBlockSize: number) {}

  /** A HEADERS or PUSH_PROMISE frame: returns the block when END_HEADERS is set on it. */
  start(frame: HeadersFrame | PushPromiseFrame): CompleteHeaderBlock | undefined {
    this.open = {
      kind: frame.type === 'HEADERS' ? 'headers' : 'push',
      streamId: frame.streamId,
      endStream: frame.type === 'HEADERS' && frame.endStream,
      promisedStreamId: frame.type === 'PUSH_PROMISE' ? frame.promisedStreamId : 0,
    };
    this.fragments = [];
    this.size = 0;
    return this.add(frame.headerBlock, frame.endHeaders);
  }

  /** A CONTINUATION frame (the reader has checked it belongs to the open block). */
  continue(frame: ContinuationFrame): CompleteHeaderBlock | undefined {
    return this.add(frame.headerBlock, frame.endHeaders);
  }

  private add(fragment: Uint8Array, endHeaders: boolean): CompleteHeaderBlock | undefined {
    this.size += fragment.length;
    if (this.size > this.maxBlockSize)
      throw new RemoteProtocolError(`header block of more than ${this.maxBlockSize} octets`, 'ENHANCE_YOUR_CALM');
    this.fragments.push(fragment);
    if (!endHeaders) return undefined;
    const open = this.open!;
    const block = this.fragments.length === 1 ? this.fragments[0]! : new Uint8Array(Buffer.concat(this.fragments));
    this.open = undefined;
    this.fragments = [];
    return { ...open, block };
  }
}
