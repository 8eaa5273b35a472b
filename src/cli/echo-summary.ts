/**
 * The few facts of an echo report a person reads first (HTTP version, JA4, Akamai, user agent),
 * for the demo's table and the examples.
 */
import type { EchoReport } from '../fingerprint/echo/report.js';

export interface EchoSummary {
  httpVersion: string;
  ja4: string;
  /** Akamai's HTTP/2 fingerprint; "-" over HTTP/1.1, which has none. */
  akamai: string;
  userAgent: string;
}

export function summarizeEcho(report: EchoReport): EchoSummary {
  return {
    httpVersion: report.httpVersion,
    ja4: report.tls.ja4,
    akamai: report.http2?.akamai ?? '-',
    userAgent: userAgentOf(report) ?? '-',
  };
}

export function userAgentOf(report: EchoReport): string | undefined {
  if (report.http2) return report.http2.headers.find((f) => f.name === 'user-agent')?.value;
  const line = report.http1?.headers.find((h) => h.toLowerCase().startsWith('user-agent:'));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** "Windows · Chrome/156.0.0.0" from a full user-agent string: what tells browsers apart at a glance. */
export function shortUserAgent(userAgent: string): string {
  const platform = /\((Windows|Macintosh|X11|Linux|Android|iPhone|iPad)[^)]*\)/.exec(userAgent)?.[1];
  const product = /(Firefox|Edg|OPR|Chrome|Version)\/[\d.]+/.exec(userAgent)?.[0] ?? userAgent.split(' ')[0];
  const name = product === undefined ? userAgent : product.startsWith('Version/') ? `Safari ${product.slice(8)}` : product;
  return platform ? `${platform === 'X11' ? 'Linux' : platform} · ${name}` : name;
}
