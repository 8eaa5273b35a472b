/**
 * `tls-requests profiles`: every shipped browser profile, the names that select it, and the
 * fingerprints a server sees from it: JA4 of its ClientHello (built here, deterministically) and
 * Akamai of its HTTP/2 opening.
 */
import { Command } from 'commander';
import { parseClientHello } from '../fingerprint/clienthello.js';
import { DEFAULT_PROFILE, findProfile, listProfiles, profileNames } from '../profiles/registry.js';
import type { Profile } from '../profiles/types.js';
import { helloFingerprints, profileAkamai } from './fingerprints.js';
import { buildProfileHello } from './profile-hello.js';
import { formatTable } from './table.js';

export interface ProfileRow {
  id: string;
  browser: string;
  aliases: string[];
  isDefault: boolean;
  /** Null when the hello could not be built (see `error`). */
  ja4: string | null;
  akamai: string;
  error?: string;
}

/** Every name that selects the profile besides its identifier: its own aliases and, for the newest of a family, the family name. */
function aliasesOf(profile: Profile): string[] {
  return profileNames().filter((name) => name !== profile.id && findProfile(name) === profile);
}

export function profileRows(): ProfileRow[] {
  const defaultProfile = findProfile(DEFAULT_PROFILE);
  return listProfiles().map((profile) => ({
    id: profile.id,
    browser: browserLabel(profile),
    aliases: aliasesOf(profile),
    isDefault: profile === defaultProfile,
    akamai: profileAkamai(profile.http2).akamai,
    ...profileJa4(profile),
  }));
}

/** "Chrome 156"; an app's profile (version 0: not a browser release) is its family alone. */
function browserLabel(profile: Profile): string {
  const family = `${profile.browser[0]!.toUpperCase()}${profile.browser.slice(1)}`;
  return profile.version > 0 ? `${family} ${profile.version}` : family;
}

/** One profile the engine cannot build a hello for must not hide the others: its row says why. */
function profileJa4(profile: Profile): { ja4: string | null; error?: string } {
  try {
    return { ja4: helloFingerprints(parseClientHello(buildProfileHello(profile).message)).ja4 };
  } catch (error) {
    return { ja4: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export function profilesCommand(): Command {
  return new Command('profiles')
    .description('list the browser profiles, their aliases, and their JA4 and Akamai fingerprints')
    .option('--json', 'print JSON instead of a table')
    .action((flags: { json?: boolean }) => {
      const rows = profileRows();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = formatTable(
        ['PROFILE', 'BROWSER', 'ALIASES', 'JA4', 'AKAMAI'],
        rows.map((r) => [r.id, r.browser, [...r.aliases, ...(r.isDefault ? ['(default)'] : [])].join(', '), r.ja4 ?? `(cannot build: ${r.error})`, r.akamai]),
      );
      process.stdout.write(`${table}\n`);
    });
}
