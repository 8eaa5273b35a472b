/**
 * httpbin's "response formats" compressed: /gzip, /deflate (zlib-wrapped, as httpbin's
 * zlib.compress and HTTP's "deflate" mean), /brotli, and /zstd (not in httpbin; a Raw-block zstd
 * frame, see zstd-frame.ts). Each answers with the method, origin and headers, and a flag saying
 * which coding it used, whatever Accept-Encoding said (as httpbin does).
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { JSON_TYPE, jsonText } from './answers.js';
import type { EchoAnswer, EchoRequest } from './exchange.js';
import { requestDict } from './request-view.js';
import type { Route } from './route.js';
import { zstdRawFrame } from './zstd-frame.js';

type Coding = { flag: string; name: string; encode: (bytes: Uint8Array) => Uint8Array };

const CODINGS: Record<string, Coding> = {
  gzip: { flag: 'gzipped', name: 'gzip', encode: (b) => gzipSync(b) },
  deflate: { flag: 'deflated', name: 'deflate', encode: (b) => deflateSync(b) },
  brotli: { flag: 'brotli', name: 'br', encode: (b) => brotliCompressSync(b) },
  zstd: { flag: 'zstd', name: 'zstd', encode: zstdRawFrame },
};

function encoded(request: EchoRequest, coding: Coding): EchoAnswer {
  const text = jsonText(request, { ...requestDict(request, 'origin', 'headers', 'method'), [coding.flag]: true });
  return { status: 200, headers: [['Content-Type', JSON_TYPE], ['Content-Encoding', coding.name]], body: coding.encode(new TextEncoder().encode(text)) };
}

export const encodingRoutes: Route[] = Object.entries(CODINGS).map(([path, coding]) => ({
  path: new RegExp(`^/${path}$`),
  methods: ['GET'],
  handle: (r: EchoRequest) => encoded(r, coding),
}));
