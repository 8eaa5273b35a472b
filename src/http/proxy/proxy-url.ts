import { InvalidURL } from '../../errors.js';

export type ProxyKind = 'http' | 'https' | 'socks5' | 'socks5h';

export interface ProxyConfig {
  kind: ProxyKind;
  host: string;
  port: number;
  /** From the URL's userinfo, percent-decoded; empty when none. */
  username: string;
  password: string;
}

const DEFAULT_PORTS: Record<ProxyKind, number> = { http: 80, https: 443, socks5: 1080, socks5h: 1080 };

/** `http://user:pass@host:port`, `https://...`, `socks5://...`, `socks5h://...`. */
export function parseProxyUrl(text: string): ProxyConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidURL(`invalid proxy URL: ${redact(text)}`);
  }
  const kind = url.protocol.slice(0, -1).toLowerCase();
  if (!(kind in DEFAULT_PORTS)) throw new InvalidURL(`unsupported proxy scheme "${kind}" (http, https, socks5, socks5h)`);
  const proxyKind = kind as ProxyKind;
  if (!url.hostname) throw new InvalidURL(`proxy URL without a host: ${redact(text)}`);
  return {
    kind: proxyKind,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : DEFAULT_PORTS[proxyKind],
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** A proxy URL fit for an error message: credentials never leave in one. */
export function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

/** `Basic base64(user:pass)` (RFC 7617), or null without credentials. */
export function basicAuthorization(proxy: ProxyConfig): string | null {
  if (!proxy.username && !proxy.password) return null;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`, 'utf8').toString('base64')}`;
}

/** `host:port` with IPv6 literals bracketed, as CONNECT's request target and Host need. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
