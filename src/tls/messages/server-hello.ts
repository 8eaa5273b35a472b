import { fatal } from '../alerts.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../constants.js';
import { ExtensionType } from '../../vocabulary/extension-types.js';
import { ByteReader } from '../wire/reader.js';
import { equalBytes } from '../wire/writer.js';
import { readExtensions } from './extensions.js';

export interface ServerHello {
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuite: number;
  compressionMethod: number;
  extensions: Map<number, Uint8Array>;
  /** The version the server picked: supported_versions if present, else legacy_version. */
  version: number;
  isHelloRetryRequest: boolean;
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body, 'ServerHello');
  const legacyVersion = r.u16('legacy_version');
  const random = r.bytesN(32, 'random');
  const sessionId = r.vec(1, 'session id', 0, 32);
  const cipherSuite = r.u16('cipher suite');
  const compressionMethod = r.u8('compression method');
  const extensions = r.remaining ? readExtensions(r, 'ServerHello') : new Map<number, Uint8Array>();
  r.end();
  let version = legacyVersion;
  const sv = extensions.get(ExtensionType.supported_versions);
  if (sv) {
    const v = new ByteReader(sv, 'supported_versions');
    version = v.u16('selected version');
    v.end();
  }
  if (compressionMethod !== 0) throw fatal('illegal_parameter', `server chose compression method ${compressionMethod}`);
  return {
    legacyVersion,
    random,
    sessionId,
    cipherSuite,
    compressionMethod,
    extensions,
    version,
    isHelloRetryRequest: equalBytes(random, HELLO_RETRY_REQUEST_RANDOM),
  };
}
