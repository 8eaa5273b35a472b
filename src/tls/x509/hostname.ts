/**
 * Does a certificate name the host we connected to? The rules browsers apply (RFC 6125 as
 * narrowed by the CA/Browser Forum and Chrome):
 *
 * - an IP literal matches only iPAddress SAN entries, byte for byte — never a dNSName, even one
 *   spelled "127.0.0.1";
 * - a DNS name matches dNSName entries case-insensitively, ignoring one trailing dot;
 * - a wildcard is only ever the whole left-most label ("*.example.com"), stands for exactly one
 *   non-empty label, and needs at least two labels after it, so "*.com" matches nothing;
 * - nor may what follows the wildcard be a public suffix: "*.co.uk" matches nothing. Chrome's
 *   X509Certificate::VerifyHostname asks the registry for ICANN suffixes only (so "*.appspot.com",
 *   a private registry, still works) and treats an unknown TLD as a registry; tldts, with
 *   allowPrivateDomains false, gives the same answer (its default rule "*" covers unknown TLDs).
 * - the subject commonName is never consulted (Chrome 58 and Firefox 48 dropped that fallback).
 * */
import { createRequire } from 'node:module';
import type { Certificate } from './certificate.js';
import type { GeneralName } from './general-name.js';
import { bytesEqual } from './certificate.js';
import { parseIpLiteral } from './ip.js';

export function matchesHost(cert: Certificate, host: string): boolean {
  return sanMatchesHost(cert.extensions.subjectAltName ?? [], host);
}

export function sanMatchesHost(names: readonly GeneralName[], host: string): boolean {
  const ip = parseIpLiteral(host);
  if (ip) return names.some((n) => n.type === 'ip' && bytesEqual(n.address, ip));
  const reference = normalizeDnsName(host);
  if (reference === '' || reference.includes('*')) return false;
  return names.some((n) => n.type === 'dns' && dnsNameMatches(n.value, reference));
}

/** `presented` from a certificate against `reference`, an already normalized host name. */
export function dnsNameMatches(presented: string, reference: string): boolean {
  const pattern = normalizeDnsName(presented);
  if (pattern === '') return false;
  if (!pattern.startsWith('*.')) return !pattern.includes('*') && pattern === reference;
  const suffix = pattern.slice(2);
  // At least two labels after the wildcard, and no second wildcard.
  if (!suffix.includes('.') || suffix.includes('*') || isIcannPublicSuffix(suffix)) return false;
  const dot = reference.indexOf('.');
  return dot > 0 && reference.slice(dot + 1) === suffix;
}

const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false, detectIp: false } as const;

/** "co.uk", "com", "kawasaki.jp": a name under which anyone may register (ICANN section of the PSL). */
function isIcannPublicSuffix(name: string): boolean {
  return publicSuffixList().getPublicSuffix(name, PSL_OPTIONS) === name;
}

let tldts: typeof import('tldts') | null = null;

/** The public-suffix list, loaded at the first wildcard name (most certificates have none). */
function publicSuffixList(): typeof import('tldts') {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof import('tldts');
  return tldts;
}

/** ASCII lowercase without one trailing dot: "Example.COM." and "example.com" are one name. */
export function normalizeDnsName(name: string): string {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
