/**
 * Name constraints (RFC 5280 §4.2.1.10): does a certificate below a constraining CA stay inside
 * its permitted subtrees and out of its excluded ones?
 *
 * Applied to every subjectAltName entry (not only the one the host matched: any of them could be
 * used), to the subject DN (directoryName), to emailAddress attributes when there is no SAN
 * (§4.2.1.10's legacy rule), and — for the leaf only, when it has no SAN at all — to a commonName
 * that looks like a host name or an IP address, as mozilla::pkix and Chrome do, so a CA cannot
 * escape its constraints by relying on a client's commonName fallback.
 *
 * dNSName semantics (Chrome's, where the RFC is vague): a constraint matches itself and any name
 * built by adding labels to its left; ".example.com" matches only subdomains; "" matches
 * everything. A wildcard SAN is excluded if any expansion could be excluded ("*.a.com" vs
 * excluded "b.a.com"), but permitted only if every expansion is.
 *
 * Name forms we do not evaluate (URI, otherName, x400Address, ediPartyName, registeredID): a
 * certificate that carries such a name under a CA that constrains that form is refused — the
 * fail-closed reading of "MUST either process the constraint or reject the certificate".
 */
import type { Certificate } from './certificate.js';
import type { NameConstraints } from './extensions.js';
import type { GeneralName } from './general-name.js';
import { commonNames, rdnKey, type Name } from './name.js';
import { normalizeDnsName } from './hostname.js';
import { formatIp, parseIpv4 } from './ip.js';
import { Oid } from './oids.js';

/** Why `cert` violates `nc`, or undefined if it does not. `isLeaf` enables the commonName rule. */
export function nameConstraintViolation(nc: NameConstraints, cert: Certificate, isLeaf: boolean): string | undefined {
  const sans = cert.extensions.subjectAltName;
  for (const name of sans ?? []) {
    const why = checkName(nc, name);
    if (why) return why;
  }
  if (cert.subject.rdns.length > 0) {
    const why = checkName(nc, { type: 'directory', name: cert.subject });
    if (why) return why;
  }
  if (!sans) {
    for (const email of attributeValues(cert.subject, Oid.emailAddress)) {
      const why = checkName(nc, { type: 'email', value: email });
      if (why) return why;
    }
    if (isLeaf) {
      for (const cn of commonNames(cert.subject)) {
        const name = commonNameAsGeneralName(cn);
        const why = name && checkName(nc, name);
        if (why) return `${why} (subject commonName)`;
      }
    }
  }
  return undefined;
}

function checkName(nc: NameConstraints, name: GeneralName): string | undefined {
  const sameForm = (c: GeneralName): boolean => c.type === name.type && (name.type !== 'other' || (c.type === 'other' && c.tagNumber === name.tagNumber));
  const permitted = nc.permitted.filter(sameForm);
  const excluded = nc.excluded.filter(sameForm);
  if (permitted.length === 0 && excluded.length === 0) return undefined;
  const label = describe(name);
  if (name.type === 'uri' || name.type === 'other') return `${label}: name form is constrained but not supported`;
  if (excluded.some((c) => matches(c, name, 'excluded'))) return `${label} is in an excluded subtree`;
  if (permitted.length > 0 && !permitted.some((c) => matches(c, name, 'permitted'))) return `${label} is outside the permitted subtrees`;
  return undefined;
}

function matches(constraint: GeneralName, name: GeneralName, mode: 'permitted' | 'excluded'): boolean {
  if (constraint.type === 'dns' && name.type === 'dns') return dnsWithin(name.value, constraint.value, mode);
  if (constraint.type === 'ip' && name.type === 'ip') return ipWithin(name.address, constraint.address, constraint.mask);
  if (constraint.type === 'email' && name.type === 'email') return emailWithin(name.value, constraint.value);
  if (constraint.type === 'directory' && name.type === 'directory') return directoryWithin(name.name, constraint.name);
  return false;
}

export function dnsWithin(nameIn: string, constraintIn: string, mode: 'permitted' | 'excluded'): boolean {
  const name = normalizeDnsName(nameIn);
  const constraint = normalizeDnsName(constraintIn);
  if (constraint === '') return true;
  // "*.a.com" could expand to any "x.a.com": for exclusion, it clashes with any constraint one label below a.com.
  if (mode === 'excluded' && name.startsWith('*.')) {
    const dot = constraint.indexOf('.');
    if (dot >= 0 && constraint.slice(dot + 1) === name.slice(2)) return true;
  }
  if (!name.endsWith(constraint)) return false;
  if (name.length === constraint.length) return true;
  if (constraint.startsWith('.')) return true;
  return name[name.length - constraint.length - 1] === '.';
}

function ipWithin(address: Uint8Array, base: Uint8Array, mask: Uint8Array | undefined): boolean {
  if (!mask || address.length !== base.length) return false;
  for (let i = 0; i < address.length; i++) if ((address[i]! & mask[i]!) !== (base[i]! & mask[i]!)) return false;
  return true;
}

/** RFC 5280 §4.2.1.10: "user@host" is one mailbox, "host" all mailboxes there, ".host" all below it. */
function emailWithin(email: string, constraint: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email.slice(at + 1).toLowerCase();
  if (constraint.includes('@')) {
    const cAt = constraint.lastIndexOf('@');
    // The local part is case-sensitive, the domain is not.
    return email.slice(0, at) === constraint.slice(0, cAt) && domain === constraint.slice(cAt + 1).toLowerCase();
  }
  const c = constraint.toLowerCase();
  if (c.startsWith('.')) return domain.endsWith(c);
  return domain === c;
}

/** A name is within a directoryName subtree when the constraint's RDNs are a prefix of its own. */
function directoryWithin(name: Name, constraint: Name): boolean {
  if (constraint.rdns.length > name.rdns.length) return false;
  return constraint.rdns.every((rdn, i) => rdnKey(rdn) === rdnKey(name.rdns[i]!));
}

function attributeValues(name: Name, type: string): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type && a.text !== undefined) out.push(a.text);
  return out;
}

/** A commonName read as the name a legacy client would match it as: IPv4 literal, host name, or nothing. */
function commonNameAsGeneralName(cn: string): GeneralName | undefined {
  const v4 = parseIpv4(cn);
  if (v4) return { type: 'ip', address: v4 };
  if (/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(cn)) return { type: 'dns', value: cn };
  return undefined;
}

function describe(name: GeneralName): string {
  switch (name.type) {
    case 'dns':
      return `DNS:${name.value}`;
    case 'ip':
      return `IP:${formatIp(name.address)}`;
    case 'email':
      return `email:${name.value}`;
    case 'uri':
      return `URI:${name.value}`;
    case 'directory':
      return `DirName:${name.name.text}`;
    case 'other':
      return `GeneralName[${name.tagNumber}]`;
  }
}
