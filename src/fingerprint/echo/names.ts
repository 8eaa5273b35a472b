/**
 * Readable names for the code points a ClientHello lists, for the echo report. Unknown values
 * print as hex: a report must show whatever a client sent, including what we cannot name.
 */
import { cipherSuiteName } from '../../vocabulary/cipher-suites.js';
import { Group } from '../../tls/crypto/provider.js';
import { SignatureScheme } from '../../tls/signature-schemes.js';
import { ExtensionType } from '../extension-types.js';
import { isGrease } from '../../vocabulary/grease.js';
import { hex4 } from '../hex.js';

const invert = (table: Record<string, number>): Map<number, string> => new Map(Object.entries(table).map(([name, id]) => [id, name]));

const GROUPS = invert(Group);
const SCHEMES = invert(SignatureScheme);
const EXTENSIONS = invert(ExtensionType);
/** Suites the engine does not implement but common clients (OpenSSL's defaults) offer. */
const OTHER_SUITES = new Map<number, string>([[0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']]);

function named(table: Map<number, string>, id: number): string {
  return isGrease(id) ? 'GREASE' : (table.get(id) ?? `0x${hex4(id)}`);
}

export const cipherName = (id: number): string => (isGrease(id) ? 'GREASE' : (OTHER_SUITES.get(id) ?? cipherSuiteName(id)));
export const groupName = (id: number): string => named(GROUPS, id);
export const schemeName = (id: number): string => named(SCHEMES, id);
export const extensionName = (id: number): string => named(EXTENSIONS, id);
