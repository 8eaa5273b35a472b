import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/tls/x509/certificate.js';
import { dnsWithin, nameConstraintViolation } from '../../src/tls/x509/name-constraints.js';
import { hierarchy, makeCert, type CertSpec } from './cert-builder.js';

describe('dNSName subtrees', () => {
  const table: Array<[string, string, 'permitted' | 'excluded', boolean]> = [
    ['example.com', 'example.com', 'permitted', true],
    ['www.example.com', 'example.com', 'permitted', true],
    ['WWW.Example.com', 'example.COM', 'permitted', true],
    ['myexample.com', 'example.com', 'permitted', false],
    ['example.com', '.example.com', 'permitted', false],
    ['www.example.com', '.example.com', 'permitted', true],
    ['anything.test', '', 'permitted', true],
    ['example.com.', 'example.com', 'permitted', true],
    ['*.example.com', 'example.com', 'permitted', true],
    ['*.example.com', 'www.example.com', 'permitted', false],
    ['*.example.com', 'www.example.com', 'excluded', true],
    ['*.example.com', 'example.com', 'excluded', true],
    ['*.other.com', 'www.example.com', 'excluded', false],
  ];
  it.each(table)('%s within %j (%s) → %s', (name, constraint, mode, expected) => {
    expect(dnsWithin(name, constraint, mode)).toBe(expected);
  });
});

describe('nameConstraintViolation', () => {
  const h = hierarchy('NC');
  const issuer = { subject: h.interName, key: h.interKey };
  const ca = (nameConstraints: CertSpec['nameConstraints']) =>
    parseCertificate(makeCert({ subject: { cn: 'Constrained' }, key: h.interKey, issuer: { subject: h.rootName, key: h.rootKey }, ca: true, nameConstraints }))
      .extensions.nameConstraints!;
  const leaf = (over: Partial<CertSpec>) => parseCertificate(makeCert({ subject: { cn: 'leaf.example.com' }, key: h.leafKey, issuer, ...over }));

  it('checks every SAN, not only the one a client would match', () => {
    const nc = ca({ permitted: ['DNS:example.com'] });
    expect(nameConstraintViolation(nc, leaf({ san: ['DNS:a.example.com'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['DNS:a.example.com', 'DNS:evil.test'] }), true)).toMatch(/evil\.test.*outside/);
  });

  it('applies IP subtrees by mask, per address family', () => {
    const nc = ca({ permitted: ['IP:10.0.0.0/8'], excluded: ['IP:10.9.0.0/16'] });
    expect(nameConstraintViolation(nc, leaf({ san: ['IP:10.1.2.3'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['IP:10.9.2.3'] }), true)).toMatch(/excluded/);
    expect(nameConstraintViolation(nc, leaf({ san: ['IP:11.0.0.1'] }), true)).toMatch(/outside/);
    expect(nameConstraintViolation(nc, leaf({ san: ['IP:::1'] }), true)).toMatch(/outside/);
    // A DNS name is not constrained by IP subtrees.
    expect(nameConstraintViolation(nc, leaf({ san: ['DNS:anything.test'] }), true)).toBeUndefined();
  });

  it('applies excluded subtrees over permitted ones', () => {
    const nc = ca({ permitted: ['DNS:example.com'], excluded: ['DNS:secret.example.com'] });
    expect(nameConstraintViolation(nc, leaf({ san: ['DNS:x.secret.example.com'] }), true)).toMatch(/excluded/);
  });

  it('checks a host-like commonName of a leaf without SAN, but not with one', () => {
    const nc = ca({ permitted: ['DNS:example.org'] });
    expect(nameConstraintViolation(nc, leaf({ subject: { cn: 'www.example.com' } }), true)).toMatch(/commonName/);
    expect(nameConstraintViolation(nc, leaf({ subject: { cn: 'www.example.com' } }), false)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ subject: { cn: 'www.example.com' }, san: ['DNS:www.example.org'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ subject: { cn: 'Not A Host Name' } }), true)).toBeUndefined();
    const ipNc = ca({ excluded: ['IP:127.0.0.0/8'] });
    expect(nameConstraintViolation(ipNc, leaf({ subject: { cn: '127.0.0.1' } }), true)).toMatch(/excluded/);
  });

  it('applies directoryName subtrees to the subject (case and space folded)', () => {
    const nc = ca({ permitted: ['DirName:O=Good  Org'] });
    expect(nameConstraintViolation(nc, leaf({ subject: { o: 'good org', cn: 'x' }, san: ['DNS:a.example.com'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ subject: { o: 'Bad Org', cn: 'x' }, san: ['DNS:a.example.com'] }), true)).toMatch(/DirName.*outside/);
    expect(nameConstraintViolation(nc, leaf({ subject: { cn: 'x' } }), true)).toMatch(/outside/);
  });

  it('refuses a constrained name form it cannot evaluate (URI)', () => {
    const nc = ca({ permitted: ['URI:.example.com'] });
    expect(nameConstraintViolation(nc, leaf({ san: ['DNS:a.example.com'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['URI:https://a.example.com/'] }), true)).toMatch(/not supported/);
  });

  it('handles rfc822Name subtrees', () => {
    const nc = ca({ permitted: ['email:example.com', 'email:.example.org', 'email:boss@example.net'] });
    expect(nameConstraintViolation(nc, leaf({ san: ['email:a@example.com'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['email:a@sub.example.org'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['email:boss@EXAMPLE.net'] }), true)).toBeUndefined();
    expect(nameConstraintViolation(nc, leaf({ san: ['email:Boss@example.net'] }), true)).toMatch(/outside/);
    expect(nameConstraintViolation(nc, leaf({ san: ['email:a@sub.example.com'] }), true)).toMatch(/outside/);
  });
});
