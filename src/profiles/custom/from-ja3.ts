/**
 * `profileFromJa3`: a browser profile whose ClientHello shows the given JA3, as tls-client's
 * `ja3String` builds one: the JA3's cipher suites and extensions in its exact order, each
 * extension with the data a browser sends, the base profile (default Chrome) for everything a JA3
 * does not say. A JA3 that cannot be honoured is refused with a RequestError saying why.
 *
 * Some extensions show only on some connections, as they did for the client the JA3 came from:
 * padding (21) when the hello is 256..511 bytes long (BoringSSL's rule), pre_shared_key (41) and
 * early_data (42) when resuming, cookie (44) after a HelloRetryRequest.
 */
import { createHash } from 'node:crypto';
import type { Profile } from '../types.js';
import { assembleProfile, resolveBase } from './assemble.js';
import { helloFromJa3 } from './ja3-hello.js';
import { parseJa3 } from './ja3-text.js';
import type { Ja3ProfileOptions } from './options.js';

export function profileFromJa3(ja3: string, options: Ja3ProfileOptions = {}): Profile {
  const text = ja3.trim();
  const fields = parseJa3(text);
  const base = resolveBase(options.base);
  const tls = helloFromJa3(fields, base.tls, options);
  const id = options.id ?? `ja3_${createHash('md5').update(text).digest('hex')}`;
  return assembleProfile(base, tls, id, `ClientHello built from the JA3 ${text}`, options);
}
