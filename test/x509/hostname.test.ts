import { describe, expect, it } from 'vitest';
import type { GeneralName } from '../../src/tls/x509/general-name.js';
import { sanMatchesHost } from '../../src/tls/x509/hostname.js';
import { formatIp, parseIpLiteral } from '../../src/tls/x509/ip.js';

function san(spec: string): GeneralName {
  if (spec.startsWith('IP:')) {
    const address = parseIpLiteral(spec.slice(3));
    if (!address) throw new Error(`bad IP ${spec}`);
    return { type: 'ip', address };
  }
  return { type: 'dns', value: spec.replace(/^DNS:/, '') };
}

describe('host matching against subjectAltName', () => {
  const table: Array<[string[], string, boolean]> = [
    [['DNS:example.com'], 'example.com', true],
    [['DNS:Example.COM'], 'eXample.com', true],
    [['DNS:example.com.'], 'example.com', true],
    [['DNS:example.com'], 'example.com.', true],
    [['DNS:example.com'], 'www.example.com', false],
    [['DNS:www.example.com'], 'example.com', false],
    [['DNS:*.example.com'], 'www.example.com', true],
    [['DNS:*.example.com'], 'WWW.Example.Com', true],
    [['DNS:*.example.com'], 'example.com', false],
    [['DNS:*.example.com'], 'a.b.example.com', false],
    [['DNS:*.example.com'], '.example.com', false],
    [['DNS:*.com'], 'example.com', false],
    [['DNS:*'], 'localhost', false],
    [['DNS:w*.example.com'], 'www.example.com', false],
    [['DNS:*w.example.com'], 'www.example.com', false],
    [['DNS:www.*.com'], 'www.example.com', false],
    [['DNS:*.*.example.com'], 'a.b.example.com', false],
    [['DNS:localhost'], 'localhost', true],
    [['DNS:a.example', 'DNS:b.example'], 'b.example', true],
    [['IP:127.0.0.1'], '127.0.0.1', true],
    [['IP:127.0.0.1'], '127.0.0.2', false],
    // An IP literal never matches a dNSName, even one spelled like it.
    [['DNS:127.0.0.1'], '127.0.0.1', false],
    [['DNS:*.0.0.1'], '127.0.0.1', false],
    // ... and a name never matches an iPAddress.
    [['IP:127.0.0.1'], 'localhost', false],
    [['IP:::1'], '::1', true],
    [['IP:::1'], '[::1]', true],
    [['IP:::1'], '0:0:0:0:0:0:0:1', true],
    [['IP:::ffff:127.0.0.1'], '::ffff:7f00:1', true],
    // IPv4 and its IPv4-mapped IPv6 form are different addresses for matching.
    [['IP:127.0.0.1'], '::ffff:127.0.0.1', false],
    [['IP:2001:db8::1'], '2001:DB8::1', true],
    [[], 'example.com', false],
    [['DNS:'], '', false],
  ];
  it.each(table)('%j vs %s → %s', (names, host, expected) => {
    expect(sanMatchesHost(names.map(san), host)).toBe(expected);
  });
});

describe('IP literal parsing', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::', '0:0:0:0:0:0:0:0'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['1::', '1:0:0:0:0:0:0:0'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
    ['[2001:db8::8:800:200c:417a]', '2001:db8:0:0:8:800:200c:417a'],
    ['::ffff:1.2.3.4', '0:0:0:0:0:ffff:102:304'],
  ])('%s', (literal, formatted) => {
    expect(formatIp(parseIpLiteral(literal)!)).toBe(formatted);
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', 'localhost', '1:2:3:4:5:6:7:8:9', '1::2::3', '::g', '12345::', '1:2:3:4:5:6:7::8', '1.2.3.4::'])(
    'rejects %s',
    (literal) => {
      expect(parseIpLiteral(literal)).toBeUndefined();
    },
  );
});
