/**
 * `tls-requests fingerprint PROFILE | --hex HEX | --file CAPTURE`: JA3, JA3n, JA4, JA4_r and
 * Akamai. For a profile, the hello is built here exactly as a connection builds it (with a fixed
 * seed) and `--explain` prints the annotated dump of the writer that built it, so the dump and
 * the bytes cannot disagree. For a hello from elsewhere, `--explain` goes through the parser.
 */
import { Command } from 'commander';
import { akamaiFromClientStream } from '../fingerprint/akamai-stream.js';
import { akamaiHash } from '../fingerprint/akamai.js';
import { parseClientHello } from '../fingerprint/clienthello.js';
import { getProfile } from '../profiles/registry.js';
import { explainParsedHello } from './explain-parsed.js';
import { explainBehavior } from './profile-behavior.js';
import { readFileFor } from './files.js';
import { helloFingerprints, profileAkamai, type AkamaiFingerprint, type HelloFingerprints } from './fingerprints.js';
import { helloBytesFromFile, helloBytesFromHex } from './hello-input.js';
import { DEFAULT_SERVER_NAME, buildProfileHello } from './profile-hello.js';
import { formatFields } from './table.js';
import { UsageError } from './usage-error.js';

interface FingerprintFlags {
  hex?: string;
  file?: string;
  h2?: string;
  sni?: string;
  explain?: boolean;
  json?: boolean;
}

interface FingerprintReport {
  source: string;
  tls: HelloFingerprints;
  http2: AkamaiFingerprint | null;
  notes: string[];
  /** A profile's wire behaviour beyond the hello (record boundaries, goodbye, key reuse, request kinds), with --explain. */
  behavior?: string;
  explain?: string;
}

export function fingerprintCommand(): Command {
  return new Command('fingerprint')
    .description("fingerprints of a profile's ClientHello, or of a captured one")
    .argument('[profile]', "a profile name or alias (see 'tls-requests profiles')")
    .option('--hex <hex>', 'a ClientHello in hex: the handshake message (01...) or its TLS record (16 03...)')
    .option('--file <path>', 'a file holding a ClientHello: hex text, raw bytes, or a pcap capture')
    .option('--h2 <path>', "the client's decrypted HTTP/2 stream (hex or raw), for the Akamai fingerprint of --hex/--file")
    .option('--sni <name>', `server name in a profile's hello (default ${DEFAULT_SERVER_NAME})`)
    .option('--explain', 'also print the ClientHello field by field')
    .option('--json', 'print JSON')
    .action((profile: string | undefined, flags: FingerprintFlags) => {
      const report = fingerprintReport(profile, flags);
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    });
}

function fingerprintReport(profileName: string | undefined, flags: FingerprintFlags): FingerprintReport {
  const sources = [profileName !== undefined, flags.hex !== undefined, flags.file !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('fingerprint: give exactly one of PROFILE, --hex HEX or --file CAPTURE');
  if (profileName !== undefined) {
    if (flags.h2 !== undefined) throw new UsageError("--h2 goes with --hex or --file: a profile's HTTP/2 fingerprint comes from the profile");
    const profile = getProfile(profileName);
    const built = buildProfileHello(profile, flags.sni !== undefined ? { serverName: flags.sni } : {});
    const notes = [`hello built from ${profile.id} with a fixed seed and SNI ${flags.sni ?? DEFAULT_SERVER_NAME}`];
    if (profile.tls.permuteExtensions) notes.push('this profile shuffles its extensions on every connection: JA3 changes each time, JA3n and JA4 do not');
    return {
      source: profile.id,
      tls: helloFingerprints(parseClientHello(built.message)),
      http2: profileAkamai(profile.http2),
      notes,
      ...(flags.explain ? { behavior: explainBehavior(profile), explain: built.writer.explain() } : {}),
    };
  }
  const bytes = flags.hex !== undefined ? helloBytesFromHex(flags.hex) : helloBytesFromFile(flags.file!);
  const hello = parseClientHello(bytes);
  const http2 = flags.h2 !== undefined ? akamaiOfStream(flags.h2) : null;
  return {
    source: flags.file ?? 'hex',
    tls: helloFingerprints(hello),
    http2,
    notes: http2 ? [] : ['no Akamai fingerprint: a ClientHello carries no HTTP/2 frames (give --h2 with the decrypted client stream)'],
    ...(flags.explain ? { explain: explainParsedHello(hello) } : {}),
  };
}

function akamaiOfStream(path: string): AkamaiFingerprint {
  const bytes = readFileFor('--h2', path);
  // A preface in the clear means raw bytes; anything else is read as hex text.
  const input = bytes.subarray(0, 3).toString('latin1') === 'PRI' ? new Uint8Array(bytes) : bytes.toString('latin1');
  const akamai = akamaiFromClientStream(input);
  return { akamai, akamaiHash: akamaiHash(akamai) };
}

function formatReport(report: FingerprintReport): string {
  const fields: [string, string][] = [
    ['source', report.source],
    ['JA3', report.tls.ja3],
    ['JA3 hash', report.tls.ja3Hash],
    ['JA3n', report.tls.ja3n],
    ['JA3n hash', report.tls.ja3nHash],
    ['JA4', report.tls.ja4],
    ['JA4_r', report.tls.ja4_r],
    ['Akamai', report.http2?.akamai ?? 'n/a'],
    ['Akamai hash', report.http2?.akamaiHash ?? 'n/a'],
  ];
  const parts = [formatFields(fields), ...report.notes.map((n) => `note: ${n}`)];
  if (report.behavior !== undefined) parts.push('', 'On the wire besides the hello:', report.behavior);
  if (report.explain !== undefined) parts.push('', 'ClientHello, field by field:', report.explain);
  return parts.join('\n');
}
