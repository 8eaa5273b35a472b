/**
 * What a browser family does that its profiles need not spell out, each with its source. A
 * profile's own field, when it has one, wins (`profileGoodbye` and friends read it first).
 */
import type { GoodbyeSpec, HeaderList, Http2Profile, Profile, RequestKind, RequestKindSpec } from './types.js';

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

/**
 * How HEADERS priority follows a request's `priority` field (Http2Profile.priorityByUrgency): the
 * profile's own rule, else Chromium's for a Chrome profile whose HEADERS priority is Chromium's
 * (exclusive, on stream 0, weight 256: Http2PriorityDependencies with a HIGHEST navigation), else
 * none (the profile's fixed priority for every request).
 */
export function profilePriorityByUrgency(profile: Partial<Pick<Profile, 'browser'>> & { http2: Pick<Http2Profile, 'priorityByUrgency' | 'headersPriority'> }): Http2Profile['priorityByUrgency'] {
  if (profile.http2.priorityByUrgency) return profile.http2.priorityByUrgency;
  const p = profile.http2.headersPriority;
  if (profile.browser === 'chrome' && p?.exclusive === true && p.dependsOn === 0 && p.weight === 256) return 'chromium';
  return undefined;
}

type KindTable = Partial<Record<Exclude<RequestKind, 'navigate'>, RequestKindSpec>>;

/**
 * Chromium's subresource and fetch() headers. Order and values from the chromium-156-* captures'
 * second request (the favicon: no-cors, destination image): sec-ch-ua-platform, user-agent,
 * sec-ch-ua, sec-ch-ua-mobile, accept, sec-fetch-site/mode/dest, (referer), accept-encoding,
 * accept-language, priority; no upgrade-insecure-requests or sec-fetch-user, which only
 * navigations carry (services/network/sec_header_helpers.cc). Accept per destination: Blink
 * (third_party/blink/renderer/platform/loader/fetch/fetch_utils / FetchParameters:
 * image_accept_header "image/avif,image/webp,image/apng,image/svg+xml,image/*,*\/*;q=0.8", CSS
 * "text/css,*\/*;q=0.1", everything else "*\/*"). Priority: Blink's ResourceLoadPriority per type
 * (main resource and CSS kVeryHigh, script and fetch/XHR kHigh, image kLow) mapped to net
 * (HIGHEST 0, MEDIUM 1, LOWEST 3), incremental as blink ShouldLoadIncremental (CSS and scripts not;
 * images and fetch yes), serialized as quiche SerializePriorityFieldValue does (urgency 3 and
 * non-incremental left out): fetch "u=1, i", script "u=1", style "u=0", image "i". sec-fetch-site
 * says same-origin (a page's own resources); pass the header to say otherwise.
 */
const CHROMIUM_KINDS: KindTable = {
  fetch: { headers: chromiumSubresource('*/*', 'cors', 'empty', 'u=1, i') },
  image: { headers: chromiumSubresource('image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', 'no-cors', 'image', 'i') },
  script: { headers: chromiumSubresource('*/*', 'no-cors', 'script', 'u=1') },
  style: { headers: chromiumSubresource('text/css,*/*;q=0.1', 'no-cors', 'style', 'u=0') },
};

export function chromiumSubresource(accept: string, mode: string, dest: string, priority: string): [string, string | null][] {
  return [
    ['sec-ch-ua-platform', null],
    ['user-agent', null],
    ['sec-ch-ua', null],
    ['sec-ch-ua-mobile', null],
    ['accept', accept],
    ['sec-fetch-site', 'same-origin'],
    ['sec-fetch-mode', mode],
    ['sec-fetch-dest', dest],
    ['accept-encoding', null],
    ['accept-language', null],
    ['priority', priority],
  ];
}

/**
 * Firefox's: the navigation order without upgrade-insecure-requests and sec-fetch-user (Necko
 * nsHttpChannel::OnBeforeConnect sets Upgrade-Insecure-Requests for documents only;
 * dom/security/SecFetch.cpp AddSecFetchUser for navigations only). Accept per destination: Gecko's
 * network.http.accept (documents), image.http.accept "image/avif,image/webp,image/png,image/svg+xml,
 * image/*;q=0.8,*\/*;q=0.5", CSS "text/css,*\/*;q=0.1", others "*\/*" (nsContentSecurityManager /
 * Loader). Priority: nsHttpChannel::SetPriorityHeader from nsHttpHandler::UrgencyFromCoSFlags
 * (default class of service 4; Leader, for render-blocking scripts and styles, 2; a LOW
 * nsISupportsPriority, as images load, adds 1; urgency 3 is left out), incremental for images.
 */
const FIREFOX_KINDS: KindTable = {
  fetch: { headers: firefoxSubresource('*/*', 'empty', 'cors', 'u=4') },
  image: { headers: firefoxSubresource('image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5', 'image', 'no-cors', 'u=5, i') },
  script: { headers: firefoxSubresource('*/*', 'script', 'no-cors', 'u=2') },
  style: { headers: firefoxSubresource('text/css,*/*;q=0.1', 'style', 'no-cors', 'u=2') },
};

export function firefoxSubresource(accept: string, dest: string, mode: string, priority: string): [string, string | null][] {
  return [
    ['user-agent', null],
    ['accept', accept],
    ['accept-language', null],
    ['accept-encoding', null],
    ['sec-fetch-dest', dest],
    ['sec-fetch-mode', mode],
    ['sec-fetch-site', 'same-origin'],
    ['priority', priority],
  ];
}

/** Each family's request kinds; Safari and OkHttp have none here (their requests keep the navigation headers). */
export const FAMILY_REQUEST_KINDS: Readonly<Record<Profile['browser'], KindTable>> = {
  chrome: CHROMIUM_KINDS,
  firefox: FIREFOX_KINDS,
  safari: {},
  okhttp: {},
};

/** The default headers of a request of `kind`, in send order (`navigate`: the profile's headers). */
export function kindHeaders(profile: Pick<Profile, 'browser' | 'headers' | 'requestKinds'>, kind: RequestKind): HeaderList {
  if (kind === 'navigate') return profile.headers;
  const spec = profile.requestKinds?.[kind] ?? FAMILY_REQUEST_KINDS[profile.browser][kind];
  if (!spec) return profile.headers;
  const own = new Map(profile.headers.map(([n, v]) => [n.toLowerCase(), v]));
  return spec.headers.flatMap(([name, value]): HeaderList => {
    if (value !== null) return [[name, value]];
    const mine = own.get(name);
    return mine === undefined ? [] : [[name, mine]];
  });
}

export const REQUEST_KINDS: readonly RequestKind[] = ['navigate', 'fetch', 'image', 'script', 'style'];

/**
 * How a profile's HTTP/2 frames share TLS records (Http2Profile.recordGrouping): its own, else its
 * family's. Chrome: the opening in one record (87 bytes in the chromium-156-* captures), then one
 * record per frame (the 462-byte HEADERS; the SETTINGS ACK alone, 26). Firefox: the opening (87),
 * the SETTINGS ACK (26), HEADERS with its stream WINDOW_UPDATE (300), as the firefox-153-* captures
 * show. Safari and OkHttp: not known here, what one turn writes shares a record.
 */
export function profileRecordGrouping(profile: Partial<Pick<Profile, 'browser'>> & { http2: Pick<Http2Profile, 'recordGrouping'> }): Http2Profile['recordGrouping'] {
  if (profile.http2.recordGrouping) return profile.http2.recordGrouping;
  if (profile.browser === 'chrome') return 'frame';
  if (profile.browser === 'firefox') return 'burst';
  return undefined;
}
