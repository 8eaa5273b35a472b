/**
 * Gathers a header block from its HEADERS or PUSH_PROMISE frame and the CONTINUATIONs that follow
 * (RFC 9113 §4.3, §6.10). The FrameReader already guarantees the sequence (nothing else may come
 * between them); what is left here is joining the fragments and bounding what a block may cost,
 * so a server cannot make us keep an endless CONTINUATION chain before HPACK even sees it.
 *
 * Two bounds, because the CVE-2024-27316 class of flood sends CONTINUATIONs that are empty: a
 * size cap that only counted fragment octets never fired while every frame still cost a parse and
 * an object.
 * - The number of CONTINUATIONs per block: nghttp2 (since 1.61.0, CVE-2024-28182) closes the
 *   session when `++session->num_continuations > session->max_continuations`, with
 *   NGHTTP2_DEFAULT_MAX_CONTINUATIONS 8 (lib/nghttp2_session.c; `nghttp2_option_set_max_continuations`
 *   documents it: "the maximum number of CONTINUATION frames following an incoming HEADER frame").
 *   So 8 CONTINUATIONs are accepted and the 9th ends the connection, as here.
 * - The size, counting each frame's 9-octet header as well as its fragment, so the cap is on what
 *   the server made us read, not only on what HPACK would see.
 */
import { RemoteProtocolError } from '../../errors.js';
import { FRAME_HEADER_LENGTH, type ContinuationFrame, type HeadersFrame, type PushPromiseFrame } from './frame-types.js';

/** nghttp2's NGHTTP2_DEFAULT_MAX_CONTINUATIONS. */
export const MAX_CONTINUATIONS = 8;

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
  private continuations = 0;

  constructor(
    private readonly maxBlockSize: number,
    private readonly maxContinuations: number = MAX_CONTINUATIONS,
  ) {}

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
    this.continuations = 0;
    return this.add(frame.headerBlock, frame.endHeaders);
  }

  /** A CONTINUATION frame (the reader has checked it belongs to the open block). */
  continue(frame: ContinuationFrame): CompleteHeaderBlock | undefined {
    if (++this.continuations > this.maxContinuations) {
      this.fragments = [];
      throw new RemoteProtocolError(
        `more than ${this.maxContinuations} CONTINUATION frames in one header block (nghttp2's limit)`,
        'ENHANCE_YOUR_CALM',
      );
    }
    return this.add(frame.headerBlock, frame.endHeaders);
  }

  private add(fragment: Uint8Array, endHeaders: boolean): CompleteHeaderBlock | undefined {
    this.size += FRAME_HEADER_LENGTH + fragment.length;
    if (this.size > this.maxBlockSize) {
      this.fragments = [];
      throw new RemoteProtocolError(`header block of more than ${this.maxBlockSize} octets`, 'ENHANCE_YOUR_CALM');
    }
    if (fragment.length) this.fragments.push(fragment);
    if (!endHeaders) return undefined;
    const open = this.open!;
    const block =
      this.fragments.length === 1 ? this.fragments[0]! : this.fragments.length === 0 ? new Uint8Array(0) : new Uint8Array(Buffer.concat(this.fragments));
    this.open = undefined;
    this.fragments = [];
    return { ...open, block };
  }
}
