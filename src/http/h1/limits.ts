/**
 * Bounds on what a server may make us buffer while parsing HTTP/1.1. A response that exceeds one is
 * a RemoteProtocolError, never unbounded memory: the numbers are those of mainstream clients
 * (Node's llhttp allows 16 KiB lines; Chrome allows a 256 KiB head, Firefox 128 KiB), taken
 * tighter where no legitimate server comes near them.
 */

/** The status line plus every header line of one response head (or of the trailers). */
export const MAX_HEADER_BLOCK_BYTES = 64 * 1024;

/** One line: the status line, a header line, a chunk-size line with its extensions. */
export const MAX_LINE_BYTES = 8 * 1024;

/** Interim (1xx) responses tolerated before the final one: a server that loops on 103 is broken. */
export const MAX_INTERIM_RESPONSES = 32;

/** Bytes buffered from the socket before it is paused (backpressure towards the server). */
export const READ_HIGH_WATER_MARK = 256 * 1024;

/**
 * Chrome writes the request head and a small body in one write (HttpStreamParser's
 * kMaxMergedHeaderAndBodySize), so they share a TCP segment and a TLS record; larger bodies follow
 * in their own writes.
 */
export const MAX_MERGED_HEAD_AND_BODY_BYTES = 1400;
