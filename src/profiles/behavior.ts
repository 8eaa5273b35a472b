/**
 * What a browser family does that its profiles need not spell out, each with its source. A
 * profile's own field, when it has one, wins (`profileGoodbye` and friends read it first).
 */
import type { GoodbyeSpec, Profile } from './types.js';

/**
 * How each family closes a connection it no longer wants.
 *
 * - chrome: a plain FIN. Chromium's SpdySession::DoDrainSession sends GOAWAY only for errors ("Don't
 *   GOAWAY on a graceful or idle close"; idle sessions close with ERR_ABORTED, which it exempts), and
 *   SSLClientSocketImpl::Disconnect drops the TLS state without SSL_shutdown, so no close_notify.
 *   The chromium-156-* captures end that way (fixtures/captures/*.pcap: FIN, nothing before it).
 * - firefox: GOAWAY (NO_ERROR, last-stream-id 0) then close_notify, then the FIN. Necko
 *   Http2Session::Close calls GenerateGoAway(NO_HTTP_ERROR) for a successful close; NSS
 *   ssl_SecureClose (sslsecur.c) sends the close_notify alert when the socket is closed. The
 *   firefox-153-* captures show the 34-byte GOAWAY record and the 19-byte alert record in two
 *   TCP segments.
 * - safari, okhttp: not checked against a capture or source here; they keep what this client
 *   always did, GOAWAY and close_notify.
 */
export const FAMILY_GOODBYE: Readonly<Record<Profile['browser'], GoodbyeSpec>> = {
  chrome: { goaway: false, closeNotify: false },
  firefox: { goaway: true, closeNotify: true },
  safari: { goaway: true, closeNotify: true },
  okhttp: { goaway: true, closeNotify: true },
};

/** The profile's goodbye: its own, else its family's, else GOAWAY and close_notify (a bare HTTP/2 profile). */
export function profileGoodbye(profile: Partial<Pick<Profile, 'browser' | 'goodbye'>>): GoodbyeSpec {
  return profile.goodbye ?? (profile.browser ? FAMILY_GOODBYE[profile.browser] : { goaway: true, closeNotify: true });
}
