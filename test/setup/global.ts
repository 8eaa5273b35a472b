// Checks that the external test servers exist; a missing one fails the run with the command that installs it.
// Only a PATH lookup per tool: this runs before every test run, so it must stay cheap.
import { removeStalePkiDirs } from '../helpers/pki.js';
import { removeStaleServerDirs, requireBinary } from '../helpers/servers.js';

/** [binary, Debian package]; add a tool here when a test starts depending on it. */
const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['openssl', 'openssl'],
  ['tshark', 'tshark'],
  ['nginx', 'nginx'],
  ['gnutls-serv', 'gnutls-bin'],
  ['nghttpd', 'nghttp2-server'],
  ['tinyproxy', 'tinyproxy'],
  ['microsocks', 'microsocks'],
  ['curl', 'curl'],
  ['haproxy', 'haproxy'],
  ['go', 'golang-go'],
];

export default function setup(): () => void {
  for (const [binary, debianPackage] of REQUIRED) requireBinary(binary, debianPackage);
  // Directories of test processes that died by SIGKILL or a crash (the helpers clean up after
  // a normal exit and after SIGTERM, which is how vitest ends its fork workers).
  return () => {
    removeStalePkiDirs();
    removeStaleServerDirs();
  };
}
