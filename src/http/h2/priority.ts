/**
 * HTTP/2 HEADERS priority from a request's RFC 9218 `priority` field, as the browsers compute it.
 *
 * Chromium: the urgency is its SpdyPriority (net ConvertRequestPriorityToQuicPriority: HIGHEST 0,
 * MEDIUM 1, LOW 2, LOWEST 3, IDLE 4), the weight quiche's Spdy3PriorityToHttp2Weight
 * (spdy_protocol.cc: int(255.9f / 7.f * (7 - p)) + 1, so 256, 220, 183, 147, 110, 74, 37, 1), and the
 * parent net/spdy/http2_priority_dependencies.cc Http2PriorityDependencies::OnStreamCreation: always
 * exclusive, on the newest still-open stream whose priority is the same or higher
 * (PriorityLowerBound), else on stream 0; a stream leaves the lists when it closes
 * (OnStreamDestruction).
 *
 * Firefox: weight from the channel's nsISupportsPriority (Http2StreamBase::SetPriority: wire byte =
 * 21 - priority, HIGHEST -20 -> 42, NORMAL 0 -> 22, LOW 10 -> 12), which its urgency reflects
 * (nsHttpHandler::UrgencyFromCoSFlags adjusts the class-of-service urgency by the priority): a table
 * per urgency in the profile. No dependencies (no PRIORITY tree since Firefox 1xx: depends on 0).
 */
import type { Http2Priority } from '../../profiles/types.js';
import { spdy3PriorityToHttp2Weight } from '../../profiles/priority.js';

// The arithmetic lives with the profiles (the CLI explains it too); re-exported for the HTTP layer.
export { parseUrgency, spdy3PriorityToHttp2Weight, weightedPriority } from '../../profiles/priority.js';

/** Chromium's Http2PriorityDependencies: one list of open streams per priority. */
export class Http2PriorityDependencies {
  private readonly lists: number[][] = Array.from({ length: 8 }, () => []);
  private readonly priorityOf = new Map<number, number>();

  onStreamCreation(id: number, priority: number): Http2Priority {
    const p = Math.min(7, Math.max(0, priority));
    let dependsOn = 0;
    for (let i = p; i >= 0; i--) {
      const list = this.lists[i]!;
      if (list.length) {
        dependsOn = list[list.length - 1]!;
        break;
      }
    }
    this.lists[p]!.push(id);
    this.priorityOf.set(id, p);
    return { exclusive: true, dependsOn, weight: spdy3PriorityToHttp2Weight(p) };
  }

  onStreamDestruction(id: number): void {
    const p = this.priorityOf.get(id);
    if (p === undefined) return;
    this.priorityOf.delete(id);
    const list = this.lists[p]!;
    list.splice(list.indexOf(id), 1);
  }
}
