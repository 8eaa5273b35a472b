/** Builds RequestMessages for the HTTP layer's tests, as the client would: the profile's default headers merged in. */
import type { RequestMessage } from '../../src/pool/messages.js';
import { getProfile } from '../../src/profiles/registry.js';

export function makeRequest(url: string, overrides: Partial<RequestMessage> = {}): RequestMessage {
  const profile = overrides.profile ?? getProfile('chrome');
  return {
    method: 'GET',
    url,
    headers: profile.headers.map(([n, v]): [string, string] => [n, v]),
    body: null,
    profile,
    http2: 'auto',
    randomTlsExtensionOrder: false,
    verify: true,
    ca: [],
    proxy: null,
    timeout: 10_000,
    headerOrder: null,
    decode: true,
    maxBodySize: 0,
    stream: false,
    localAddress: null,
    family: 0,
    resolve: {},
    keylog: null,
    ...overrides,
  };
}

export function text(body: Uint8Array | null): string {
  return Buffer.from(body ?? new Uint8Array(0)).toString('utf8');
}

/** The first value of a response header, case-insensitive. */
export function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}
