/**
 * `fingerprint PROFILE --explain`: what the profile does beyond its ClientHello bytes, the parts a
 * passive observer sees but JA3/JA4/Akamai do not (issue 17): how its HTTP/2 frames share TLS
 * records, how it says goodbye, whether its hybrid key share reuses the X25519 key, and each
 * request kind's headers and HTTP/2 priority.
 */
import { REQUEST_KINDS, kindHeaders, profileGoodbye, profilePriorityByUrgency, profileRecordGrouping } from '../profiles/behavior.js';
import type { Profile } from '../profiles/types.js';
import { parseUrgency, spdy3PriorityToHttp2Weight, weightedPriority } from '../profiles/priority.js';

const GROUPING: Record<string, string> = {
  frame: 'preface+SETTINGS+WINDOW_UPDATE in one record, then one record per frame (Chromium)',
  burst: 'preface+SETTINGS+WINDOW_UPDATE, then the SETTINGS ACK alone, then each request\'s HEADERS with its WINDOW_UPDATE (Firefox)',
  none: "whatever one event-loop turn writes shares a record (the opening with the first request's HEADERS)",
};

function priorityText(profile: Profile, field: string | undefined): string {
  const base = profile.http2.headersPriority;
  if (!base) return 'none';
  const rule = profilePriorityByUrgency(profile);
  if (rule === 'chromium') {
    const urgency = field === undefined ? 0 : parseUrgency(field).urgency;
    return `weight ${spdy3PriorityToHttp2Weight(urgency)}, exclusive, on the newest open stream of the same or higher urgency (else 0)`;
  }
  const p = (rule ? weightedPriority({ ...profile.http2, priorityByUrgency: rule }, field) : undefined) ?? base;
  return `weight ${p.weight}, ${p.exclusive ? 'exclusive' : 'not exclusive'}, depends on ${p.dependsOn}`;
}

export function explainBehavior(profile: Profile): string {
  const goodbye = profileGoodbye(profile);
  const keyShare = profile.tls.extensions.find((e) => e.type === 'key_share');
  const lines = [
    `record boundaries: ${GROUPING[profileRecordGrouping(profile) ?? 'none']}`,
    `goodbye: ${[goodbye.goaway ? 'GOAWAY (NO_ERROR)' : '', goodbye.closeNotify ? 'close_notify' : '', 'FIN'].filter(Boolean).join(', then ')}`,
    `key shares: ${keyShare?.type === 'key_share' && keyShare.reuseEcdhKey ? 'one ECDH key in the hybrid share and its classical share (NSS)' : 'a fresh key per share'}`,
    'request kinds (option kind; navigate is the default):',
  ];
  for (const kind of REQUEST_KINDS) {
    const headers = kindHeaders(profile, kind);
    const field = headers.find(([n]) => n.toLowerCase() === 'priority')?.[1];
    const get = (name: string): string => headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '-';
    lines.push(
      `  ${kind}: sec-fetch-mode ${get('sec-fetch-mode')}, sec-fetch-dest ${get('sec-fetch-dest')}, priority ${field ?? '-'}; HTTP/2 ${priorityText(profile, field)}`,
      `    headers: ${headers.map(([n]) => n).join(', ')}`,
    );
  }
  return lines.join('\n');
}
