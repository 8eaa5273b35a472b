/**
 * The refusal for input that offers what the engine cannot finish, shared by the JA3 and the
 * clone builders: everything at fault at once, with the way to offer it anyway.
 */
import { RequestError } from '../../errors.js';
import { FIDELITY_ONLY, UNSYNTHESIZABLE, extensionLabel } from './extension-catalog.js';

export function unimplementedError(what: string, suites: string[], extensions: number[], remedy: string): RequestError {
  const parts: string[] = [];
  if (suites.length) parts.push(`cipher suites the engine does not implement: ${suites.join(', ')}`);
  for (const id of extensions) parts.push(`extension ${extensionLabel(id)}: ${FIDELITY_ONLY.get(id) ?? UNSYNTHESIZABLE.get(id) ?? 'the engine does not implement it'}`);
  return new RequestError(
    `${what} offers what the engine cannot complete if a server takes it up: ${parts.join('; ')}. ` +
      `To offer them anyway for fidelity, build the profile with ${remedy}; a server that picks one then fails the handshake with a TLSError naming it.`,
  );
}
