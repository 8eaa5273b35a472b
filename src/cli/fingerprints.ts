/**
 * The fingerprints the CLI prints, computed by the same toolkit a fingerprinting server would use
 * (src/fingerprint), from hello bytes and from a profile's HTTP/2 data.
 */
import { akamaiFingerprint, akamaiHash } from '../fingerprint/akamai.js';
import type { ParsedClientHello } from '../fingerprint/clienthello.js';
import { ja3 } from '../fingerprint/ja3.js';
import { ja4 } from '../fingerprint/ja4.js';
import type { Http2Profile } from '../profiles/types.js';

export interface HelloFingerprints {
  ja3: string;
  ja3Hash: string;
  ja3n: string;
  ja3nHash: string;
  ja4: string;
  ja4_r: string;
}

export function helloFingerprints(hello: ParsedClientHello): HelloFingerprints {
  const j3 = ja3(hello);
  const j4 = ja4(hello);
  return { ja3: j3.ja3, ja3Hash: j3.ja3Hash, ja3n: j3.ja3n, ja3nHash: j3.ja3nHash, ja4: j4.ja4, ja4_r: j4.ja4r };
}

export interface AkamaiFingerprint {
  akamai: string;
  akamaiHash: string;
}

/** What a server computes from the opening frames this HTTP/2 profile sends. */
export function profileAkamai(http2: Http2Profile): AkamaiFingerprint {
  const akamai = akamaiFingerprint({
    settings: http2.settings,
    ...(http2.connectionWindowUpdate !== null ? { windowUpdate: http2.connectionWindowUpdate } : {}),
    priorities: http2.priorityFrames.map((p) => ({ streamId: p.streamId, exclusive: p.exclusive, dependsOn: p.dependsOn, weight: p.weight })),
    pseudoHeaderOrder: http2.pseudoHeaderOrder,
  });
  return { akamai, akamaiHash: akamaiHash(akamai) };
}
