/**
 * The connection key's origin: read off the string for a canonical URL (the client's), parsed
 * otherwise; either way the same origin the URL parser gives, so that two spellings of one origin
 * share connections and no spelling the parser reads differently slips through the fast path.
 */
import { describe, expect, it } from 'vitest';
import { connectionKey, type KeyedRequest } from '../../src/http/connection-key.js';
import { getProfile } from '../../src/profiles/registry.js';

const base: Omit<KeyedRequest, 'url'> = {
  profile: getProfile('chrome'),
  proxy: null,
  http2: 'auto',
  verify: true,
  ca: [],
  randomTlsExtensionOrder: false,
  localAddress: null,
  family: 0,
  resolve: {},
  crypto: undefined,
  scope: 'test',
};

const originPart = (url: string): string => connectionKey({ ...base, url }).split('|')[1]!;

function parsedOrigin(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
}

describe('connection key origin', () => {
  const spellings = [
    'https://example.com/',
    'http://example.com:8080/x?y',
    'https://a-b.c-d.example/#f',
    'https://127.0.0.1:8443/',
    'https://10.0.0.1',
    'https://x.com:443/',
    'https://EXAMPLE.com/',
    'https://127.1/',
    'https://0x7f.1/',
    'https://0xdeadbeef.com/',
    'https://[::1]:8443/',
    'https://x.com:0443/',
    'https://xn--bcher-kva.example/',
    'https://user:pw@x.com/',
    'https://x.com.:8443/',
    'https://example.com?q',
    'http://localhost:3000',
  ];
  for (const url of spellings) {
    it(`${url} has the URL parser's origin`, () => {
      expect(originPart(url)).toBe(parsedOrigin(url));
    });
  }

  it('spellings of one origin share a key; another port does not', () => {
    expect(connectionKey({ ...base, url: 'https://example.com/a' })).toBe(connectionKey({ ...base, url: 'https://EXAMPLE.com:443/b?c' }));
    expect(connectionKey({ ...base, url: 'https://127.0.0.1/' })).toBe(connectionKey({ ...base, url: 'https://0x7f.1/' }));
    expect(connectionKey({ ...base, url: 'https://example.com/' })).not.toBe(connectionKey({ ...base, url: 'https://example.com:8443/' }));
  });
});
