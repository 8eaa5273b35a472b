/**
 * IP literals as bytes: a dotted-quad IPv4 address (4 bytes) or an RFC 4291 §2.2 IPv6 address
 * (16 bytes, "::" compression and a trailing dotted quad allowed, brackets and zone id stripped).
 * Anything else is not an IP literal, and is matched as a DNS name instead.
 */

export function parseIpLiteral(host: string): Uint8Array | undefined {
  let h = host;
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.includes(':')) return parseIpv6(h.replace(/%.*$/, ''));
  return parseIpv4(h);
}

/** Exactly four decimal octets, no leading zeros: the canonical form a URL parser produces. */
export function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIpv6(s: string): Uint8Array | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const words: number[] = [];
  const pushGroups = (groups: string[], isLast: boolean): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (isLast && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return false;
        words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        words.push(parseInt(g, 16));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!pushGroups(head, halves.length === 1)) return undefined;
  const headCount = words.length;
  if (!pushGroups(tail, true)) return undefined;
  const tailWords = words.splice(headCount);
  if (halves.length === 1) {
    if (words.length !== 8) return undefined;
  } else {
    // "::" stands for at least one zero group.
    const zeros = 8 - words.length - tailWords.length;
    if (zeros < 1) return undefined;
    words.push(...new Array<number>(zeros).fill(0), ...tailWords);
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** Readable form of an address from a certificate (4 or 16 bytes). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const words: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) words.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return words.join(':');
}
