/**
 * A parsed ClientHello as the echo report prints it: code points as 4-digit hex with names (the
 * shape of the captures' JSON, so a report and a capture can be compared field by field), in wire
 * order, GREASE kept and marked.
 */
import { findExtension, type ParsedClientHello } from '../clienthello.js';
import type { ClientHelloExtension } from '../extension-types.js';
import { hex4 } from '../hex.js';
import { hex, jsonSafe, type JsonValue } from './json.js';
import { cipherName, extensionName, groupName, schemeName } from './names.js';

export interface NamedId {
  id: string;
  name: string;
}

export interface ExtensionSummary {
  type: string;
  name: string;
  /** Length of extension_data. */
  length: number;
  grease: boolean;
  /** The decoded fields: code-point lists as 4-digit hex, key shares without their keys (the raw hello has them). */
  details: { [field: string]: JsonValue };
}

export interface HelloSummary {
  /** Length of the handshake body. */
  length: number;
  legacyVersion: string;
  random: string;
  sessionId: string;
  ciphers: NamedId[];
  compressionMethods: number[];
  extensions: ExtensionSummary[];
  serverName: string | null;
  alpn: string[];
  supportedVersions: string[];
  supportedGroups: NamedId[];
  signatureAlgorithms: NamedId[];
  keyShares: Array<{ group: NamedId; length: number }>;
  ecPointFormats: number[];
}

export function summarizeHello(hello: ParsedClientHello): HelloSummary {
  const id = (value: number, name: (v: number) => string): NamedId => ({ id: hex4(value), name: name(value) });
  return {
    length: hello.length,
    legacyVersion: hex4(hello.legacyVersion),
    random: hex(hello.random),
    sessionId: hex(hello.sessionId),
    ciphers: hello.cipherSuites.map((c) => id(c.value, cipherName)),
    compressionMethods: hello.compressionMethods,
    extensions: hello.extensions.map(summarizeExtension),
    serverName: findExtension(hello, 'server_name')?.serverNames[0]?.name ?? null,
    alpn: findExtension(hello, 'alpn')?.protocols ?? [],
    supportedVersions: (findExtension(hello, 'supported_versions')?.versions ?? []).map(hex4),
    supportedGroups: (findExtension(hello, 'supported_groups')?.groups ?? []).map((g) => id(g, groupName)),
    signatureAlgorithms: (findExtension(hello, 'signature_algorithms')?.algorithms ?? []).map((s) => id(s, schemeName)),
    keyShares: (findExtension(hello, 'key_share')?.shares ?? []).map((s) => ({ group: id(s.group, groupName), length: s.length })),
    ecPointFormats: findExtension(hello, 'ec_point_formats')?.formats ?? [],
  };
}

/** Fields that list 16-bit code points (groups, signature schemes, versions, compression algorithms). */
const CODE_POINT_LISTS = ['groups', 'algorithms', 'versions'] as const;

function summarizeExtension(ext: ClientHelloExtension): ExtensionSummary {
  // The fields besides the common ones are the decoded value; key material is noise in a report.
  const { kind: _kind, type, grease, data, ...fields } = ext;
  const decoded: Record<string, unknown> =
    ext.kind === 'key_share' ? { shares: ext.shares.map((s) => ({ group: hex4(s.group), grease: s.grease, length: s.length })) } : { ...fields };
  for (const field of CODE_POINT_LISTS) {
    const list = decoded[field];
    if (Array.isArray(list)) decoded[field] = list.map((v) => (typeof v === 'number' ? hex4(v) : v));
  }
  const details = jsonSafe(decoded);
  return {
    type: hex4(type),
    name: extensionName(type),
    length: data.length,
    grease,
    details: details !== null && typeof details === 'object' && !Array.isArray(details) ? details : {},
  };
}
