/**
 * The adapter's options, and which profile a request goes out with.
 */
import type { ClientOptions } from '../client/options.js';
import type { Profile } from '../profiles/types.js';
import type { HttpRequest } from './crawlee-types.js';

export type ProfileChoice = string | Profile;

export interface TlsRequestsHttpClientOptions
  extends Omit<ClientOptions, 'clientIdentifier' | 'proxy' | 'cookies' | 'followRedirects' | 'maxRedirects' | 'baseUrl' | 'transport'> {
  /**
   * The browser to look like: a profile name ('chrome', 'firefox_153'...) or value. A list gives
   * each Crawlee session one of them (round robin, kept for the session's life, as one person
   * keeps one browser); requests without a session take them in turn. A function decides per
   * request. Default 'chrome'.
   */
  clientIdentifier?: ProfileChoice | readonly ProfileChoice[] | ((request: HttpRequest) => ProfileChoice);
  /** Proxy for requests Crawlee sends without a `proxyUrl` (no proxyConfiguration). Default none. */
  proxy?: string | null;
  /** Clients (one per proxy and profile) kept open at most; the least recently used close first. Default 64. */
  maxClients?: number;
}

/** Picks the profile for each request: fixed, per session, or the caller's function. */
export class ProfilePicker {
  readonly #bySession = new WeakMap<object, ProfileChoice>();
  #next = 0;

  constructor(private readonly choice: TlsRequestsHttpClientOptions['clientIdentifier']) {
    if (Array.isArray(choice) && choice.length === 0) throw new TypeError('tls-requests/crawlee: clientIdentifier is an empty list');
  }

  pick(request: HttpRequest): ProfileChoice {
    const choice = this.choice;
    if (choice === undefined) return 'chrome';
    if (typeof choice === 'function') return choice(request);
    if (!isList(choice)) return choice;
    const session = request.sessionToken;
    const known = session ? this.#bySession.get(session) : undefined;
    if (known !== undefined) return known;
    const picked = choice[this.#next++ % choice.length]!;
    if (session) this.#bySession.set(session, picked);
    return picked;
  }
}

function isList(choice: ProfileChoice | readonly ProfileChoice[]): choice is readonly ProfileChoice[] {
  return Array.isArray(choice);
}
