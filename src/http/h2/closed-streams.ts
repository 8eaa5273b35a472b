/**
 * How recently closed streams ended, so a late frame can be judged (RFC 9113 §5.1): frames after
 * a RST_STREAM are expected for a while and ignored; DATA or HEADERS after the server's own
 * END_STREAM is its error (STREAM_CLOSED). Bounded: past the limit the oldest are forgotten and
 * their late frames are ignored, the lenient answer when the history is gone.
 */
export type ClosedHow = 'reset' | 'ended';

export class ClosedStreams {
  private readonly map = new Map<number, ClosedHow>();

  constructor(private readonly limit = 1024) {}

  add(id: number, how: ClosedHow): void {
    this.map.set(id, how);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }

  get(id: number): ClosedHow | undefined {
    return this.map.get(id);
  }
}
