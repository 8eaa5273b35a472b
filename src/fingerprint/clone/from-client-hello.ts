/**
 * `profileFromClientHello`: a browser profile that sends a captured ClientHello again, byte for
 * byte apart from random, session id, key shares and ECH GREASE bytes (see clone-hello.ts), with
 * the server name and ALPN of each connection. The HTTP side comes from the base profile.
 */
import { createHash } from 'node:crypto';
import { RequestError, TLSError } from '../../errors.js';
import { parseClientHello, type ParsedClientHello } from '../clienthello.js';
import { ja3String } from '../ja3.js';
import type { Profile } from '../../profiles/types.js';
import { isGrease } from '../../vocabulary/grease.js';
import { assembleProfile, inferFamily, resolveBase } from '../../profiles/custom/assemble.js';
import { cloneHelloSpec } from './clone-hello.js';
import type { CustomProfileOptions } from '../../profiles/custom/options.js';

function parse(input: Uint8Array | string): ParsedClientHello {
  try {
    return parseClientHello(input);
  } catch (error) {
    if (error instanceof TLSError) throw new RequestError(`not a ClientHello: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * `input`: the handshake message (starts 01), the TLS record(s) carrying it (start 16 03), or
 * hex text of either.
 */
export function profileFromClientHello(input: Uint8Array | string, options: CustomProfileOptions = {}): Profile {
  const hello = parse(input);
  // Not given, the base is the cloned browser's own family: its HTTP/2 opening and headers go with its hello.
  const greased = hello.cipherSuites.some((c) => isGrease(c.value)) || hello.extensions.some((e) => e.grease);
  const base = resolveBase(
    options.base,
    inferFamily(
      hello.extensions.map((e) => e.type),
      greased,
    ),
  );
  const alps = base.tls.extensions.find((e) => e.type === 'application_settings');
  const psk = base.tls.extensions.find((e) => e.type === 'pre_shared_key');
  const tls = cloneHelloSpec(hello, {
    allowUnimplemented: options.allowUnimplemented ?? false,
    // What a capture cannot show comes from the base: the client's ALPS settings travel
    // encrypted, and its ticket policy is behaviour, not bytes.
    ...(alps?.type === 'application_settings' && alps.settings ? { alpsSettings: alps.settings } : {}),
    ...(psk?.type === 'pre_shared_key' ? { psk } : {}),
  });
  const ja3 = ja3String(hello);
  const id = options.id ?? `clone_${createHash('md5').update(ja3).digest('hex')}`;
  return assembleProfile(base, tls, id, `ClientHello cloned from a capture (JA3 ${ja3})`, options);
}
