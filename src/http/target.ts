import { InvalidURL } from '../errors.js';

/** Where a request goes, from its URL. */
export interface Target {
  scheme: 'http' | 'https';
  /** Host name or IP, IPv6 without brackets. */
  host: string;
  port: number;
  /** The Host / :authority value: `host[:port]`, the port only when not the scheme's default. */
  authority: string;
  /** origin-form request target: path and query, `/` at least (the fragment never leaves). */
  path: string;
  /** absolute-form, for a plain-http request through an HTTP proxy (RFC 9112 §3.2.2). */
  absolute: string;
}

export function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidURL(`invalid URL: ${text}`);
  }
  const scheme = url.protocol === 'https:' ? 'https' : url.protocol === 'http:' ? 'http' : null;
  if (!scheme) throw new InvalidURL(`unsupported URL scheme "${url.protocol.slice(0, -1)}" in ${text} (http and https are)`);
  if (!url.hostname) throw new InvalidURL(`URL without a host: ${text}`);
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const authority = url.host;
  const path = `${url.pathname || '/'}${url.search}`;
  return {
    scheme,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    authority,
    path,
    absolute: `${scheme}://${authority}${path}`,
  };
}
