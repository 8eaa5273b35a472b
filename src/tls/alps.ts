import { fatal } from './alerts.js';
import { HandshakeType } from './constants.js';
import type { HelloContext } from './hello/context.js';
import { alpsProtocols } from './hello/encoders.js';
import type { ClientHelloSpec, ExtensionSpec } from '../vocabulary/hello-spec.js';
import { ByteWriter, fromHex } from './wire/writer.js';

/**
 * ALPS, application-layer protocol settings (draft-vvv-tls-alps; BoringSSL's
 * SSL_add_application_settings). The client offers it per ALPN protocol in its hello; a server that
 * takes it answers in EncryptedExtensions with its own settings for the negotiated protocol, and the
 * client then sends its settings in a client EncryptedExtensions, the first message of its second
 * flight (BoringSSL do_send_client_encrypted_extensions).
 */

type AlpsSpec = Extract<ExtensionSpec, { type: 'application_settings' }>;

/** ALPS as the server negotiated it. */
export interface NegotiatedAlps {
  codepoint: number;
  /** The server's settings, as it sent them. */
  server: Uint8Array;
  /** Ours for the negotiated protocol, from the profile (empty when it names none). */
  client: Uint8Array;
}

/**
 * The ALPS outcome of a server's EncryptedExtensions: null when it carries no application_settings.
 * Like BoringSSL (ext_alps_parse_serverhello), settings without an ALPN, or for a protocol we sent
 * no ALPS for, are an unsupported_extension. The other codepoint than ours never gets here: it was
 * not offered, and checkOffered refuses it first.
 */
export function negotiateAlps(
  extensions: Map<number, Uint8Array>,
  spec: ClientHelloSpec,
  ctx: HelloContext,
  alpn: string | undefined,
): NegotiatedAlps | null {
  const ext = spec.extensions.find((e): e is AlpsSpec => e.type === 'application_settings');
  if (!ext) return null;
  const server = extensions.get(ext.codepoint);
  if (!server) return null;
  if (alpn === undefined) throw fatal('unsupported_extension', 'server sent ALPS without negotiating ALPN');
  if (!alpsProtocols(ext, ctx).includes(alpn)) throw fatal('unsupported_extension', `server sent ALPS for "${alpn}", for which we offered none`);
  return { codepoint: ext.codepoint, server: server.slice(), client: fromHex(ext.settings?.[alpn] ?? '') };
}

/** The client EncryptedExtensions carrying our settings: one application_settings extension, data unprefixed. */
export function clientEncryptedExtensions(alps: NegotiatedAlps): Uint8Array {
  const w = new ByteWriter(16 + alps.client.length);
  w.u8(HandshakeType.encryptedExtensions, 'handshake type EncryptedExtensions');
  w.vector(
    3,
    () =>
      w.vector(
        2,
        () => {
          w.u16(alps.codepoint, `extension application_settings (0x${alps.codepoint.toString(16)})`);
          w.vector(2, () => w.bytes(alps.client, 'settings'), 'application_settings data');
        },
        'extensions',
      ),
    'EncryptedExtensions',
  );
  return w.finish();
}
