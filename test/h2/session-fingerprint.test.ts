/**
 * THE FINGERPRINT: what our session writes, decrypted by a TLS server that records the client's
 * plaintext, against the real browsers' decrypted streams in fixtures/captures (*.h2-client.hex).
 * The same requests are replayed (header values injected from the capture's decoded header list,
 * request after request on one connection), and the whole client byte stream must come out
 * identical: preface, SETTINGS, WINDOW_UPDATE, the SETTINGS ACK in the browser's place, HEADERS
 * flags and priority, stream ids, pseudo-header order, HPACK bytes (dynamic table state of a
 * second request included), stream WINDOW_UPDATE, and Firefox's closing GOAWAY.
 *
 * Chrome and Firefox run from their profile data files; curl, which has no profile, runs from a
 * Profile-shaped value built here from its capture JSON.
 */
import { profileGoodbye } from '../../src/profiles/behavior.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameReader, type Frame, type HeaderField, type Priority } from '../../src/http/h2/index.js';
import type { Http2Request } from '../../src/http/h2/session.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import type { Http2Profile } from '../../src/profiles/types.js';
import { captureFiles, labelOf, readCapture } from '../fingerprint/captures.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, openSession, readBody, responseHeaders, startRawH2Server, waitFor, type RawConnection, type RawH2Server, type SessionProfile } from './session-harness.js';
import { fromHex, toHex } from './support.js';

interface JsonFrame {
  type: string;
  flags: string;
  stream_id: number;
  length: number;
  settings?: { id: number; value: number }[];
  ack?: boolean;
  increment?: number;
  priority_flag?: boolean;
  exclusive?: boolean;
  depends_on?: number;
  weight?: number;
}

interface H2Json {
  h2?: { frames: JsonFrame[]; headers_frames: { stream_id: number; headers: { name: string; value: string }[] }[] };
}

interface Capture {
  label: string;
  bytes: Uint8Array;
  frames: JsonFrame[];
  requests: { streamId: number; fields: HeaderField[] }[];
}

function loadCapture(label: string): Capture | undefined {
  const json = JSON.parse(readCapture(`${label}.json`)) as H2Json;
  if (!json.h2) return undefined;
  return {
    label,
    bytes: fromHex(readCapture(`${label}.h2-client.hex`)),
    frames: json.h2.frames,
    requests: json.h2.headers_frames.map((h) => ({ streamId: h.stream_id, fields: h.headers.map((f) => [f.name, f.value] as const) })),
  };
}

/** curl has no profile: its HTTP/2 shape read off its capture (nghttp2's HPACK choices happen to be Chrome's here). */
function profileFromCapture(capture: Capture): SessionProfile {
  const f = capture.frames;
  const settingsAt = f.findIndex((x) => x.type === 'SETTINGS' && !x.ack);
  const ackAt = f.findIndex((x) => x.type === 'SETTINGS' && x.ack);
  const headersAt = f.findIndex((x) => x.type === 'HEADERS');
  const headers = f[headersAt]!;
  const http2: Http2Profile = {
    settings: f[settingsAt]!.settings!.map(({ id, value }) => [id, value]),
    connectionWindowUpdate: f.find((x) => x.type === 'WINDOW_UPDATE' && x.stream_id === 0)?.increment ?? null,
    priorityFrames: [],
    headersPriority: headers.priority_flag ? { exclusive: headers.exclusive!, dependsOn: headers.depends_on!, weight: headers.weight! } : null,
    pseudoHeaderOrder: capture.requests[0]!.fields.map(([name]) => name).filter((name) => name.startsWith(':')),
    settingsAckBeforeHeaders: ackAt >= 0 && ackAt < headersAt,
    streamWindowUpdate: f.find((x) => x.type === 'WINDOW_UPDATE' && x.stream_id !== 0)?.increment ?? null,
    firstStreamId: headers.stream_id,
    hpack: chrome156.http2.hpack,
    trailingHeaders: [],
  };
  return { http2 };
}

function profileFor(capture: Capture): SessionProfile {
  if (capture.label.startsWith('chromium-156')) return chrome156;
  if (capture.label.startsWith('firefox-153')) return firefox153;
  if (capture.label.startsWith('curl-')) return profileFromCapture(capture);
  throw new Error(`no profile for capture ${capture.label}: add one to this test`);
}

function requestFrom(fields: HeaderField[], priority: Priority | undefined): Http2Request {
  const pseudo = new Map(fields.filter(([n]) => n.startsWith(':')));
  return {
    method: pseudo.get(':method')!,
    scheme: pseudo.get(':scheme') as 'https',
    authority: pseudo.get(':authority')!,
    path: pseudo.get(':path')!,
    headers: fields.filter(([n]) => !n.startsWith(':')).map(([n, v]) => [n, v]),
    body: null,
    ...(priority ? { priority } : {}),
  };
}

function parse(bytes: Uint8Array): Frame[] {
  const reader = new FrameReader({ expectPreface: true, maxFrameSize: 16_777_215 });
  const frames = reader.push(bytes);
  reader.end();
  return frames;
}

/** The fields the capture JSON records, from one of our frames (for a readable diff before the bytes). */
function summary(frame: Frame): Record<string, unknown> {
  const out: Record<string, unknown> = { type: frame.type, flags: frame.flags, stream: frame.streamId };
  if (frame.type === 'SETTINGS') Object.assign(out, { ack: frame.ack, settings: frame.settings });
  if (frame.type === 'WINDOW_UPDATE') out.increment = frame.increment;
  if (frame.type === 'HEADERS') out.priority = frame.priority ?? null;
  return out;
}

function jsonSummary(frame: JsonFrame): Record<string, unknown> {
  const out: Record<string, unknown> = { type: frame.type, flags: Number(frame.flags), stream: frame.stream_id };
  if (frame.type === 'SETTINGS') Object.assign(out, { ack: frame.ack, settings: frame.settings!.map(({ id, value }) => ({ id, value })) });
  if (frame.type === 'WINDOW_UPDATE') out.increment = frame.increment;
  if (frame.type === 'HEADERS')
    out.priority = frame.priority_flag ? { exclusive: frame.exclusive, dependsOn: frame.depends_on, weight: frame.weight } : null;
  return out;
}

/** Answers every request with 200 "ok" (decoding each block keeps the server's HPACK table in step). */
function answerRequests(conn: RawConnection): void {
  conn.onFrame = (frame) => {
    if (frame.type !== 'HEADERS') return;
    conn.decoder.decode(frame.headerBlock);
    if (!frame.endStream) return;
    conn.send(
      responseHeaders(conn, frame.streamId, [
        [':status', '200'],
        ['content-length', '2'],
      ], false),
      { type: 'DATA', streamId: frame.streamId, endStream: true, data: new TextEncoder().encode('ok') },
    );
  };
}

const captures = captureFiles('.h2-client.hex')
  .map(labelOf)
  .map((label) => [label, loadCapture(label)] as const);

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

describe('captures to replay', () => {
  it('covers Chromium (two requests on one connection), Firefox (with a request-less connection) and curl; only Node is HTTP/1.1', () => {
    const h2 = captures.filter(([, c]) => c).map(([label]) => label);
    expect(h2).toEqual(expect.arrayContaining(['chromium-156-1', 'chromium-156-2', 'firefox-153-1', 'firefox-153-2.c2', 'curl-7.88.1-1']));
    expect(captures.filter(([, c]) => !c).map(([label]) => label)).toEqual(['node-20-1']);
    expect(captures.some(([, c]) => c && c.requests.length >= 2)).toBe(true);
  });
});

describe.each(captures.flatMap(([, c]) => (c ? [c] : [])).map((c) => [c.label, c] as const))('%s', (_label, capture) => {
  let recorder: RawH2Server;
  const hasRequest = capture.requests.length > 0;

  beforeAll(async () => {
    // A connection that sent no request closed before the server's preface reached it: stay silent.
    recorder = await startRawH2Server(pki, (conn) => {
      if (hasRequest) conn.send(...NGINX_PREFACE);
      answerRequests(conn);
    });
  });

  afterAll(async () => {
    await recorder?.stop();
  });

  it('our client bytes equal the browser capture, frame for frame and byte for byte', async () => {
    const profile = profileFor(capture);
    const { session } = await openSession(pki, recorder.port, profile);
    const headersFrames = capture.frames.filter((f) => f.type === 'HEADERS');
    for (const [i, request] of capture.requests.entries()) {
      const captured = headersFrames[i]!;
      // The first request takes the profile's priority (that is under test); later ones are the
      // browser's per-request choice (Chromium's favicon: weight 220), passed in as a browser would.
      const priority =
        i > 0 && captured.priority_flag ? { exclusive: captured.exclusive!, dependsOn: captured.depends_on!, weight: captured.weight! } : undefined;
      const response = await session.request(requestFrom(request.fields, priority));
      expect(response.status).toBe(200);
      expect((await readBody(response.body)).toString()).toBe('ok');
    }
    session.close();
    // TLS 1.3: our side is done before the server has even read our Finished.
    await waitFor(() => recorder.connections.length === 1, 5_000, 'the recorder to accept');
    const conn = recorder.connections[0]!;
    await conn.closed;
    const ours = new Uint8Array(conn.received());

    // Structured first, for a readable failure: every frame the capture lists, in order.
    const ourFrames = parse(ours);
    expect(ourFrames.slice(0, capture.frames.length).map(summary)).toEqual(capture.frames.map(jsonSummary));
    expect(ourFrames.filter((f) => f.type === 'HEADERS').map((f) => f.streamId)).toEqual(capture.requests.map((r) => r.streamId));

    // Then the bytes: the capture's whole decrypted stream (the HPACK blocks included).
    expect(toHex(ours.subarray(0, capture.bytes.length))).toBe(toHex(capture.bytes));
    // After it, close()'s goodbye (issue 17 item 5, profiles/behavior.ts): none when the capture
    // holds the browser's already (Firefox's GOAWAY, NO_ERROR, last stream 0) or when the browser
    // sends none (Chromium: a bare FIN); our GOAWAY for a profile that sends one the capture missed.
    const rest = ours.subarray(capture.bytes.length);
    const goaway = '0000080700000000000000000000000000';
    const expected = capture.frames.at(-1)?.type !== 'GOAWAY' && profileGoodbye(profile).goaway ? goaway : '';
    expect(toHex(rest)).toBe(expected);
    if (capture.label.startsWith('chromium-')) expect(expected).toBe('');
  });
});

describe.each([
  ['chrome_156', chrome156, 16_375],
  ['firefox_153', firefox153, 16_000],
] as const)('%s request body frames', (_name, profile, chunk) => {
  it('HEADERS without END_STREAM, then DATA in the browser chunk size, END_STREAM on the last', async () => {
    await using recorder = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE);
      conn.onFrame = (frame) => {
        if (frame.type === 'HEADERS') conn.decoder.decode(frame.headerBlock);
        if (frame.type === 'DATA' && frame.endStream) conn.send(responseHeaders(conn, frame.streamId, [[':status', '204']], true));
      };
    });
    const { session } = await openSession(pki, recorder.port, profile);
    const body = new Uint8Array(40_000).fill(0x61);
    const response = await session.request({
      method: 'POST',
      scheme: 'https',
      authority: 'localhost',
      path: '/form',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['content-length', String(body.length)],
      ],
      body,
    });
    expect(response.status).toBe(204);
    session.close();
    const conn = recorder.connections[0]!;
    await conn.closed;
    const frames = parse(new Uint8Array(conn.received()));
    const headers = frames.find((f) => f.type === 'HEADERS')!;
    // END_HEADERS | PRIORITY, no END_STREAM (0x24).
    expect(headers.flags).toBe(0x24);
    const data = frames.filter((f): f is Extract<Frame, { type: 'DATA' }> => f.type === 'DATA');
    expect(data.map((f) => f.data.length)).toEqual([chunk, chunk, body.length - 2 * chunk]);
    expect(data.map((f) => f.endStream)).toEqual([false, false, true]);
    expect(data.every((f) => f.streamId === headers.streamId)).toBe(true);
  });
});
