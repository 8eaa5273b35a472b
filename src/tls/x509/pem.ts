/** PEM (RFC 7468): the base64 between "-----BEGIN CERTIFICATE-----" lines, decoded to DER. */
import { CertificateError } from '../../errors.js';

const block = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** Every certificate in `text`, in order; text outside the blocks (comments, other PEM types) is ignored. */
export function parsePem(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const match of text.matchAll(block)) {
    const body = match[1]!.replace(/\s+/g, '');
    // Buffer.from(…, 'base64') skips garbage silently; a damaged PEM should fail loudly instead.
    if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
      throw new CertificateError('malformed certificate: bad base64 in PEM block', 'malformed');
    }
    out.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return out;
}

/** DER back to PEM, 64 columns, for logs and for handing a certificate to other tools. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
