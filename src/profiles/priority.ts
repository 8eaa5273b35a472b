/**
 * The priority arithmetic of the browsers, as plain functions over profile data (the HTTP/2
 * session uses it through src/http/h2/priority.ts, the CLI to explain a profile). Sources: see
 * src/http/h2/priority.ts.
 */
import type { Http2Priority, Http2Profile } from './types.js';

/** RFC 9218 §4: urgency `u` (default 3) and `i` (incremental) from a Priority field value. */
export function parseUrgency(value: string | undefined): { urgency: number; incremental: boolean } {
  let urgency = 3;
  let incremental = false;
  for (const member of (value ?? '').split(',')) {
    const [key, raw] = member.trim().split('=');
    if (key === 'u' && raw !== undefined && /^[0-7]$/.test(raw.trim())) urgency = Number(raw.trim());
    else if (key === 'i' && (raw === undefined || raw.trim() === '?1')) incremental = true;
  }
  return { urgency, incremental };
}

/** quiche spdy_protocol.cc Spdy3PriorityToHttp2Weight, in float32 as the C++ computes it. */
export function spdy3PriorityToHttp2Weight(priority: number): number {
  const p = Math.min(7, Math.max(0, priority));
  const steps = Math.fround(Math.fround(255.9) / Math.fround(7));
  return Math.trunc(Math.fround(steps * Math.fround(7 - p))) + 1;
}

/** The HEADERS priority of a request whose `priority` field is `field`, for profiles with a per-urgency rule. */
export function weightedPriority(http2: Pick<Http2Profile, 'priorityByUrgency' | 'headersPriority'>, field: string | undefined): Http2Priority | undefined {
  const rule = http2.priorityByUrgency;
  if (!rule || rule === 'chromium' || !http2.headersPriority) return undefined;
  const weight = rule.weights[parseUrgency(field).urgency];
  return weight === undefined ? http2.headersPriority : { ...http2.headersPriority, weight };
}
