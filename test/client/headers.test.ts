import { describe, expect, it } from 'vitest';
import { AsyncClient, Headers } from '../../src/index.js';
import { mergeHeaders } from '../../src/client/header-merge.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { FakeTransport } from './fake-transport.js';

describe('Headers', () => {
  it('keeps order, spelling and duplicates; looks names up without case', () => {
    const h = new Headers([
      ['X-One', '1'],
      ['set-cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    expect(h.entries()).toEqual([
      ['X-One', '1'],
      ['set-cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    expect(h.get('x-one')).toBe('1');
    expect(h.get('SET-COOKIE')).toBe('a=1, b=2');
    expect(h.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(h.get('missing')).toBeNull();
    expect(h.keys()).toEqual(['X-One', 'set-cookie']);
  });

  it('set() replaces all values in the place of the first one', () => {
    const h = new Headers([
      ['a', '1'],
      ['B', '2'],
      ['c', '3'],
      ['b', '4'],
    ]);
    h.set('b', 'x');
    expect(h.entries()).toEqual([
      ['a', '1'],
      ['b', 'x'],
      ['c', '3'],
    ]);
    h.set('d', ['y', 'z']).delete('A');
    expect(h.entries()).toEqual([
      ['b', 'x'],
      ['c', '3'],
      ['d', 'y'],
      ['d', 'z'],
    ]);
  });

  it('takes records with list values and numbers', () => {
    const h = new Headers({ Accept: ['a', 'b'], 'X-N': 5, Skip: undefined });
    expect(h.entries()).toEqual([
      ['Accept', 'a'],
      ['Accept', 'b'],
      ['X-N', '5'],
    ]);
    expect(h.toJSON()).toEqual({ Accept: 'a, b', 'X-N': '5' });
  });
});

describe('mergeHeaders', () => {
  const base = new Headers([
    ['user-agent', 'UA'],
    ['accept', '*/*'],
    ['accept-language', 'en'],
  ]);

  it('overrides in the default position, any case; appends new ones; null removes', () => {
    const merged = mergeHeaders(base, { 'User-Agent': 'Mine', 'X-New': 'n' }, { 'ACCEPT-LANGUAGE': null });
    expect(merged.entries()).toEqual([
      ['User-Agent', 'Mine'],
      ['accept', '*/*'],
      ['X-New', 'n'],
    ]);
    expect(base.get('user-agent')).toBe('UA');
  });
});

describe('headers a client sends', () => {
  it('are the profile defaults in profile order when the caller gives none', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).get('https://example.com/');
    expect(transport.calls[0]!.headers).toEqual(chrome156.headers);
  });

  it('follow the chosen profile', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, clientIdentifier: 'firefox' }).get('https://example.com/');
    expect(transport.calls[0]!.headers).toEqual(firefox153.headers);
    expect(transport.calls[0]!.profile.id).toBe('firefox_153');
  });

  it('layer client over profile and request over client, keeping the default positions', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, headers: { 'User-Agent': 'client-ua', 'X-Client': 'c', 'upgrade-insecure-requests': null } });
    await client.get('https://example.com/', { headers: [['accept', 'application/json'], ['X-Request', 'r'], ['x-client', 'r2']] });
    const names = transport.headerNames(0);
    const defaults = chrome156.headers.map(([n]) => n).filter((n) => n !== 'upgrade-insecure-requests');
    expect(names).toEqual([...defaults, 'x-client', 'x-request']);
    expect(transport.header(0, 'user-agent')).toBe('client-ua');
    expect(transport.header(0, 'accept')).toBe('application/json');
    expect(transport.header(0, 'x-client')).toBe('r2');
    // The caller's spelling is kept for the http layer to use or normalise.
    expect(transport.calls[0]!.headers.find(([n]) => n.toLowerCase() === 'user-agent')![0]).toBe('User-Agent');
  });

  it('can leave the profile defaults out', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, profileHeaders: false, headers: { a: '1' } }).get('https://example.com/');
    expect(transport.calls[0]!.headers).toEqual([['a', '1']]);
  });

  it('pass headerOrder through, lower-cased', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, headerOrder: ['Accept', 'User-Agent'] }).get('https://example.com/');
    expect(transport.calls[0]!.headerOrder).toEqual(['accept', 'user-agent']);
  });
});
