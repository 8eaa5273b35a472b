/**
 * `-v`: what curl -v shows, on stderr: for every hop, `>` the request head as sent and `<` the
 * response head, then `*` lines with the TLS summary (version, cipher suite, key-exchange group,
 * ALPN) and the JA4 of the ClientHello the profile sends. stdout keeps the body alone, as in curl.
 */
import type { Response } from '../client/response.js';
import { parseClientHello } from '../fingerprint/clienthello.js';
import { ja4 } from '../fingerprint/ja4.js';
import { getProfile } from '../profiles/registry.js';
import { Group } from '../tls/crypto/provider.js';
import { buildProfileHello } from './profile-hello.js';
import { statusLine } from './response-output.js';

const GROUP_NAMES = new Map<number, string>(Object.entries(Group).map(([name, code]) => [code, name]));

/** The trace of a response and the redirects before it, oldest first. */
export function verboseTrace(response: Response, options: { ja3?: string | undefined } = {}): string {
  const lines: string[] = [];
  for (const hop of [...response.history, response]) {
    const url = new URL(hop.url);
    if (hop.tls) lines.push(...tlsLines(hop, url, options.ja3));
    const request = hop.request;
    const target = `${url.pathname}${url.search}`;
    lines.push(`> ${request.method} ${target} ${hop.httpVersion}`, `> Host: ${url.host}`);
    for (const [name, value] of request.headers) if (name.toLowerCase() !== 'host') lines.push(`> ${name}: ${value}`);
    lines.push('>');
    lines.push(`< ${statusLine(hop)}`);
    for (const [name, value] of hop.headers) lines.push(`< ${name}: ${value}`);
    lines.push('<');
  }
  return lines.map((l) => `${l}\n`).join('');
}

function tlsLines(hop: Response, url: URL, ja3: string | undefined): string[] {
  const tls = hop.tls!;
  const group = tls.group === null ? 'no group' : (GROUP_NAMES.get(tls.group) ?? `0x${tls.group.toString(16).padStart(4, '0')}`);
  return [
    `* TLS connection using ${tls.version} / ${tls.cipher} / ${group}${tls.resumed ? ' (resumed)' : ''}`,
    `* ALPN: server accepted ${tls.alpn === false ? 'nothing' : tls.alpn}`,
    `* JA4: ${ja3 !== undefined ? 'not computed (the hello came from --ja3)' : profileJa4(tls.profile, url.hostname)} (profile ${tls.profile})`,
  ];
}

/** JA4 of the hello this profile sends to this host (SNI or none for an IP literal: JA4's d/i). */
function profileJa4(profile: string, hostname: string): string {
  try {
    const isIp = /^[\d.]+$/.test(hostname) || hostname.startsWith('[');
    const hello = buildProfileHello(getProfile(profile), { serverName: isIp ? '' : hostname });
    return ja4(parseClientHello(hello.message)).ja4;
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}
