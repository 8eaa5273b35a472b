/**
 * Text from a body: the charset the Content-Type names, else the client's default (utf-8). A
 * list such as "utf-8,gbk" (seen in the wild; tls_requests handles it) takes the first label
 * the decoder knows; an unknown label falls back to the default rather than failing.
 */
export function charsetOf(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";]*)\1/i.exec(contentType);
  if (!match) return null;
  for (const label of match[2]!.split(',')) {
    const trimmed = label.trim();
    if (trimmed && isKnownEncoding(trimmed)) return trimmed.toLowerCase();
  }
  return null;
}

export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(isKnownEncoding(encoding) ? encoding : 'utf-8').decode(bytes);
}
