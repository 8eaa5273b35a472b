import { ExtensionType } from '../../vocabulary/extension-types.js';
import type { ByteWriter } from '../wire/writer.js';
import type { HelloContext } from './context.js';
import { GREASE, type ExtensionSpec, type ExtensionKind, type Grease } from '../../vocabulary/hello-spec.js';

/** Writes one extension's body (the type and length are written around it by `writeExtension`). */
type Encoder<K extends ExtensionKind> = (w: ByteWriter, ext: Extract<ExtensionSpec, { type: K }>, ctx: HelloContext) => void;

const textEncoder = new TextEncoder();

function groupValue(g: number | Grease, ctx: HelloContext): number {
  return g === GREASE ? ctx.grease.group : g;
}

function hexName(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

function writeProtocols(w: ByteWriter, protocols: string[]): void {
  w.vector(
    2,
    () => {
      for (const p of protocols) {
        const bytes = textEncoder.encode(p);
        w.vector(1, () => w.bytes(bytes, `"${p}"`), 'protocol');
      }
    },
    'protocol list',
  );
}

function u16List(w: ByteWriter, prefix: 1 | 2, values: number[], label: string, name?: (v: number) => string): void {
  w.vector(prefix, () => values.forEach((v) => w.u16(v, name ? name(v) : hexName(v))), label);
}

/** ALPS goes out only for protocols also offered in ALPN, as Chromium configures it. */
export function alpsProtocols(ext: Extract<ExtensionSpec, { type: 'application_settings' }>, ctx: HelloContext): string[] {
  return ctx.alpn ? ext.protocols.filter((p) => ctx.alpn!.includes(p)) : ext.protocols;
}

export const encoders: { [K in ExtensionKind]: Encoder<K> } = {
  grease: (w, ext) => {
    if ((ext.body ?? (ext.slot === 2 ? 'zero-byte' : 'empty')) === 'zero-byte') w.u8(0, 'GREASE body');
  },
  server_name: (w, _ext, ctx) => {
    if (!ctx.serverName) return;
    const name = textEncoder.encode(ctx.serverName);
    w.vector(
      2,
      () => {
        w.u8(0, 'name type host_name');
        w.vector(2, () => w.bytes(name, `"${ctx.serverName}"`), 'host name');
      },
      'server name list',
    );
  },
  extended_master_secret: () => {},
  renegotiation_info: (w) => {
    w.u8(0, 'empty renegotiated_connection');
  },
  supported_groups: (w, ext, ctx) => u16List(w, 2, ext.groups.map((g) => groupValue(g, ctx)), 'named groups'),
  ec_point_formats: (w, ext) => w.vector(1, () => ext.formats.forEach((f) => w.u8(f, `point format ${f}`)), 'formats'),
  session_ticket: (w, _ext, ctx) => {
    if (ctx.sessionTicket) w.bytes(ctx.sessionTicket, 'ticket');
  },
  alpn: (w, ext, ctx) => writeProtocols(w, ctx.alpn ?? ext.protocols),
  status_request: (w) => {
    w.u8(1, 'status type ocsp');
    w.u16(0, 'no responder ids');
    w.u16(0, 'no request extensions');
  },
  signature_algorithms: (w, ext, ctx) =>
    u16List(
      w,
      2,
      ext.schemes.map((s) => (s === GREASE ? ctx.grease.signatureAlgorithm : s)),
      'signature schemes',
    ),
  signature_algorithms_cert: (w, ext) => u16List(w, 2, ext.schemes, 'signature schemes'),
  signed_certificate_timestamp: () => {},
  key_share: (w, ext, ctx) => {
    w.vector(
      2,
      () => {
        const groups = ctx.retryGroup !== undefined ? [ctx.retryGroup] : ext.groups;
        for (const g of groups) {
          if (g === GREASE) {
            w.u16(ctx.grease.group, 'GREASE group');
            w.vector(2, () => w.u8(0, 'GREASE share'), 'key exchange');
            continue;
          }
          const share = ctx.keyShares.get(g);
          if (!share) throw new Error(`no key share generated for group ${hexName(g)}`);
          w.u16(g, `group ${hexName(g)}`);
          w.vector(2, () => w.bytes(share.publicKey, 'public key'), 'key exchange');
        }
      },
      'client shares',
    );
  },
  psk_key_exchange_modes: (w, ext) => w.vector(1, () => ext.modes.forEach((m) => w.u8(m, m === 1 ? 'psk_dhe_ke' : 'psk_ke')), 'modes'),
  supported_versions: (w, ext, ctx) =>
    u16List(
      w,
      1,
      ext.versions.map((v) => (v === GREASE ? ctx.grease.version : v)),
      'versions',
    ),
  compress_certificate: (w, ext) =>
    w.vector(1, () => ext.algorithms.forEach((a) => w.u16(a, ['', 'zlib', 'brotli', 'zstd'][a] ?? hexName(a))), 'algorithms'),
  application_settings: (w, ext, ctx) => writeProtocols(w, alpsProtocols(ext, ctx)),
  record_size_limit: (w, ext) => {
    w.u16(ext.limit, 'record size limit');
  },
  delegated_credentials: (w, ext) => u16List(w, 2, ext.schemes, 'signature schemes'),
  ech_grease: (w, _ext, ctx) => {
    const ech = ctx.ech;
    if (!ech) throw new Error('ECH GREASE needs a per-connection choice');
    w.u8(0, 'ECHClientHello type outer');
    w.u16(ech.kdf, 'HPKE KDF');
    w.u16(ech.aead, 'HPKE AEAD');
    w.u8(ech.configId, 'config id');
    w.vector(2, () => w.bytes(ech.enc, 'enc'), 'enc');
    w.vector(2, () => w.bytes(ech.payload, 'payload'), 'payload');
  },
  padding: () => {
    // Filled by the builder, which alone knows the final length.
  },
  pre_shared_key: (w, _ext, ctx) => {
    const psk = ctx.psk;
    if (!psk) return;
    w.vector(
      2,
      () => {
        w.vector(2, () => w.bytes(psk.identity, 'ticket'), 'identity');
        w.u32(psk.obfuscatedTicketAge, 'obfuscated ticket age');
      },
      'identities',
    );
    // Zero binders as placeholders; the handshake overwrites them (RFC 8446 §4.2.11.2).
    w.vector(2, () => w.vector(1, () => w.bytes(new Uint8Array(psk.binderLength), 'binder'), 'binder'), 'binders');
  },
  early_data: () => {},
  cookie: (w, _ext, ctx) => {
    if (ctx.cookie) w.vector(2, () => w.bytes(ctx.cookie!, 'cookie'), 'cookie');
  },
  raw: (w, ext) => {
    w.bytes(Uint8Array.from(Buffer.from(ext.data, 'hex')), 'data');
  },
};

/** The codepoint an extension spec is sent under: the registry's, by the spec's type name. */
export function extensionCodepoint(ext: ExtensionSpec, ctx: HelloContext): number {
  switch (ext.type) {
    case 'grease':
      return ext.slot === 1 ? ctx.grease.extension1 : ctx.grease.extension2;
    case 'application_settings':
      return ext.codepoint;
    case 'ech_grease':
      return ExtensionType.encrypted_client_hello;
    case 'raw':
      return ext.id;
    default:
      return ExtensionType[ext.type];
  }
}

/** Whether an extension is left out of this particular hello (no SNI for IPs, no PSK without a ticket...). */
export function extensionOmitted(ext: ExtensionSpec, ctx: HelloContext, retry: boolean): boolean {
  switch (ext.type) {
    case 'server_name':
      return !ctx.serverName;
    case 'pre_shared_key':
      return !ctx.psk;
    case 'early_data':
      // RFC 8446 §4.2.10: only with a ticket that allows it, and never after a HelloRetryRequest.
      return retry || !ctx.psk?.earlyData;
    case 'cookie':
      return !ctx.cookie;
    case 'application_settings':
      return alpsProtocols(ext, ctx).length === 0;
    default:
      return false;
  }
}

export function writeExtension(w: ByteWriter, ext: ExtensionSpec, ctx: HelloContext, name: string): void {
  const code = extensionCodepoint(ext, ctx);
  w.u16(code, `extension ${name} (${hexName(code)})`);
  const close = w.openLength(2, `${name} data`);
  (encoders[ext.type] as Encoder<typeof ext.type>)(w, ext as never, ctx);
  close();
}
