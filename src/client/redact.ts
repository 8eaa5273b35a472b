/**
 * Secrets kept out of what is printed: the debug log and error messages show that a password,
 * an Authorization or a cookie was there (so the log still explains the request) but not its
 * value. Logs get pasted into issues and CI output; the values never need to be in them.
 */

const MASK = '****';

/** `scheme://user:secret@host` anywhere in the text → `scheme://user:****@host`. */
// Greedy to the last "@" before the path: a raw (unencoded) password may hold an "@" itself.
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#]*@/gi;

export function redactUrls(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${MASK}@`);
}

/** A header value as it may be logged: credentials keep their scheme, cookies their names. */
export function redactHeader(name: string, value: string): string {
  switch (name.toLowerCase()) {
    case 'authorization':
    case 'proxy-authorization': {
      // "Basic dXNlcjpw..." → "Basic ****": the scheme says which auth was used.
      const scheme = /^\S+(?=\s)/.exec(value.trim());
      return scheme ? `${scheme[0]} ${MASK}` : MASK;
    }
    case 'cookie':
      return value
        .split(';')
        .map((pair) => pair.replace(/^(\s*[^=]*=).*$/s, `$1${MASK}`))
        .join(';');
    case 'set-cookie':
      // The first pair is the cookie; the attributes after it (Path, Expires...) are not secret.
      return value.replace(/^(\s*[^=;]*=)[^;]*/, `$1${MASK}`);
    default:
      return value;
  }
}
