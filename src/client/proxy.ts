/**
 * A proxy with the health figures tls_requests keeps for weighted rotation: a success raises its
 * weight by 5% (up to 10), a failure lowers it by 15% (down to 0.1), so a bad proxy is picked
 * less and less but never ruled out.
 */
import { RequestError } from '../errors.js';
import { redactUrls } from './redact.js';

const SCHEMES = new Set(['http', 'https', 'socks5', 'socks5h']);
const MAX_WEIGHT = 10;
const MIN_WEIGHT = 0.1;

export interface ProxyInit {
  weight?: number;
  region?: string | null;
}

export interface ProxyDict extends ProxyInit {
  url: string;
}

export class Proxy {
  readonly url: string;
  weight: number;
  region: string | null;
  successes = 0;
  failures = 0;
  /** Milliseconds of the last successful request through this proxy, or null. */
  latency: number | null = null;
  /** When the proxy was last handed out (epoch ms), or null. */
  lastUsed: number | null = null;

  constructor(url: string | URL, init: ProxyInit = {}) {
    this.url = normalizeProxyUrl(String(url));
    this.weight = init.weight ?? 1;
    this.region = init.region ?? null;
    if (!(this.weight > 0)) throw new RequestError(`proxy weight must be positive, not ${this.weight}`);
  }

  /** tls_requests' text form: "scheme://user:pass@host:port|weight|region" (weight and region optional). */
  static fromString(text: string): Proxy {
    const [url, weight, region] = text.trim().split('|').map((s) => s.trim());
    return new Proxy(url!, { weight: weight ? Number(weight) : 1, region: region || null });
  }

  static fromDict(dict: ProxyDict): Proxy {
    return new Proxy(dict.url, { weight: dict.weight ?? 1, region: dict.region ?? null });
  }

  toDict(): Required<ProxyDict> {
    return { url: this.url, weight: this.weight, region: this.region };
  }

  get scheme(): string {
    return new URL(this.url).protocol.slice(0, -1);
  }

  get successRate(): number | null {
    const total = this.successes + this.failures;
    return total === 0 ? null : this.successes / total;
  }

  markSuccess(latencyMs?: number): void {
    this.successes++;
    if (latencyMs !== undefined) this.latency = latencyMs;
    this.weight = Math.min(this.weight * 1.05, MAX_WEIGHT);
  }

  markFailed(): void {
    this.failures++;
    this.weight = Math.max(this.weight * 0.85, MIN_WEIGHT);
  }

  toString(): string {
    return this.url;
  }
}

/** "host:port" means an HTTP proxy (tls_requests' rule); other schemes than ours are refused. */
export function normalizeProxyUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new RequestError(`invalid proxy URL: ${JSON.stringify(redactUrls(withScheme))}`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!SCHEMES.has(scheme)) throw new RequestError(`unsupported proxy scheme "${scheme}": use http, https, socks5 or socks5h`);
  if (!url.hostname) throw new RequestError(`proxy URL without a host: ${redactUrls(withScheme)}`);
  // The proxy is a host and port: a path would be meaningless.
  return `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}`;
}
