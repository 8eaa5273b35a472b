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
  ja4: string;
  akamai: string;
}

/** Every name that selects the profile besides its identifier: its own aliases and, for the newest of a family, the family name. */
function aliasesOf(profile: Profile): string[] {
  return profileNames().filter((name) => name !== profile.id && findProfile(name) === profile);
}

export function profileRows(): ProfileRow[] {
  const defaultProfile = findProfile(DEFAULT_PROFILE);
  return listProfiles().map((profile) => ({
    id: profile.id,
    browser: `${profile.browser[0]!.toUpperCase()}${profile.browser.slice(1)} ${profile.version}`,
    aliases: aliasesOf(profile),
    isDefault: profile === defaultProfile,
    ja4: helloFingerprints(parseClientHello(buildProfileHello(profile).message)).ja4,
    akamai: profileAkamai(profile.http2).akamai,
  }));
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
        rows.map((r) => [r.id, r.browser, [...r.aliases, ...(r.isDefault ? ['(default)'] : [])].join(', '), r.ja4, r.akamai]),
      );
      process.stdout.write(`${table}\n`);
    });
}
