/**
 * Does a certificate name the host we connected to? The rules browsers apply (RFC 6125 as
 * narrowed by the CA/Browser Forum and Chrome):
 *
 * - an IP literal matches only iPAddress SAN entries, byte for byte — never a dNSName, even one
 *   spelled "127.0.0.1";
 * - a DNS name matches dNSName entries case-insensitively, ignoring one trailing dot;
 * - a wildcard is only ever the whole left-most label ("*.example.com"), stands for exactly one
 *   non-empty label, and needs at least two labels after it, so "*.com" matches nothing;
 * - the subject commonName is never consulted (Chrome 58 and Firefox 48 dropped that fallback).
 *
 * Known gap: without the Public Suffix List, "*.co.uk" is accepted like "*.example.com".
 */
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
  if (!suffix.includes('.') || suffix.includes('*')) return false;
  const dot = reference.indexOf('.');
  return dot > 0 && reference.slice(dot + 1) === suffix;
}

/** ASCII lowercase without one trailing dot: "Example.COM." and "example.com" are one name. */
export function normalizeDnsName(name: string): string {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
