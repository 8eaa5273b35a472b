import { fatal } from '../alerts.js';
import { ExtensionType } from '../../vocabulary/extension-types.js';
import { ByteReader } from '../wire/reader.js';
import { readExtensions } from './extensions.js';

export interface EncryptedExtensions {
  extensions: Map<number, Uint8Array>;
  alpn?: string;
  recordSizeLimit?: number;
}

export function parseEncryptedExtensions(body: Uint8Array, offeredAlpn: string[]): EncryptedExtensions {
  const r = new ByteReader(body, 'EncryptedExtensions');
  const extensions = readExtensions(r, 'EncryptedExtensions');
  r.end();
  const result: EncryptedExtensions = { extensions };
  const alpn = extensions.get(ExtensionType.alpn);
  if (alpn) result.alpn = parseSelectedAlpn(alpn, offeredAlpn);
  const rsl = extensions.get(ExtensionType.record_size_limit);
  if (rsl) {
    const v = new ByteReader(rsl, 'record_size_limit');
    result.recordSizeLimit = v.u16('limit');
    v.end();
    if (result.recordSizeLimit < 64) throw fatal('illegal_parameter', `record_size_limit ${result.recordSizeLimit} below 64`);
  }
  return result;
}

/** The server's ALPN choice: exactly one protocol, one we offered (RFC 7301 §3.1). */
export function parseSelectedAlpn(data: Uint8Array, offered: string[]): string {
  const r = new ByteReader(data, 'ALPN');
  const list = r.sub(2, 'protocol list', 1);
  r.end();
  const name = new TextDecoder().decode(list.vec(1, 'protocol', 1));
  list.end();
  if (!offered.includes(name)) throw fatal('illegal_parameter', `server selected ALPN "${name}" that we did not offer`);
  return name;
}
