/**
 * Fuzzing the fingerprint toolkit's parsers (src/fingerprint), which read what a client sent:
 * parseClientHello (handshake message, records, hex text) followed by JA3 and JA4 on whatever
 * parses, the Akamai HTTP/2 fingerprint of a client stream, and the echo server's ClientHello
 * scanner, HTTP/1.1 request parser and HTTP/2 frame splitter. Seeds: every capture in
 * fixtures/captures (real Chromium, Firefox, curl and Node ClientHellos and client streams).
 * Property: a value or a typed error (TLSError, RemoteProtocolError; the echo server's own
 * Http1ParseError, which it answers with a 4xx), in bounded time and memory.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akamaiFromClientStream } from '../../src/fingerprint/akamai-stream.js';
import { parseClientHello } from '../../src/fingerprint/clienthello.js';
import { FrameSplitter } from '../../src/fingerprint/echo/frame-splitter.js';
import { Http1ParseError, Http1RequestParser } from '../../src/fingerprint/echo/h1-parser.js';
import { scanClientHello } from '../../src/fingerprint/echo/hello-scanner.js';
import { ja3 } from '../../src/fingerprint/ja3.js';
import { ja4 } from '../../src/fingerprint/ja4.js';
import { MAX_ALLOWED_FRAME_SIZE } from '../../src/http/h2/index.js';
import { captureFiles, readCapture } from '../fingerprint/captures.js';
import { bytesArb, chunked, cutsArb, fromHex, fuzzSync, runs, summaryTable } from './harness.js';

let hellos: Uint8Array[] = [];
let helloRecords: Uint8Array[] = [];
let clientStreams: Uint8Array[] = [];
beforeAll(() => {
  hellos = captureFiles('.clienthello.hex').map((f) => fromHex(readCapture(f)));
  helloRecords = captureFiles('.clienthello-record.hex').map((f) => fromHex(readCapture(f)));
  clientStreams = captureFiles('.h2-client.hex').map((f) => fromHex(readCapture(f)));
});
afterAll(() => console.log(summaryTable('fingerprint toolkit')));

describe('fingerprint parsers', () => {
  it('has the captures', () => {
    expect(hellos.length).toBeGreaterThanOrEqual(10);
    expect(helloRecords.length).toBe(hellos.length);
    expect(clientStreams.length).toBeGreaterThanOrEqual(7);
  });

  it('parseClientHello + JA3 + JA4 over mutated ClientHellos (messages and records)', () => {
    fuzzSync(
      'parseClientHello (+ja3, ja4)',
      bytesArb([...hellos, ...helloRecords], { randomWeight: 1, mutatedWeight: 8, maxEdits: 3 }),
      (bytes) => {
        const hello = parseClientHello(bytes);
        return [ja3(hello).ja3Hash, ja4(hello).ja4];
      },
      { numRuns: runs(6000), sizeOf: (b) => b.length },
    );
  });

  it('parseClientHello over hex text (what the CLI and pcap paths hand it)', () => {
    const hexArb = fc.oneof(
      fc.constantFrom(...hellos).map((b) => Buffer.from(b).toString('hex')),
      fc.string({ maxLength: 64 }),
      fc.constantFrom(...hellos).chain((b) => fc.tuple(fc.nat({ max: b.length * 2 }), fc.string({ maxLength: 4 })).map(([at, s]) => Buffer.from(b).toString('hex').slice(0, at) + s)),
    );
    fuzzSync('parseClientHello (hex text)', hexArb, (text) => parseClientHello(text), { numRuns: runs(1500), sizeOf: (s) => s.length });
  });

  it('Akamai fingerprint of mutated client streams', () => {
    fuzzSync('akamaiFromClientStream', bytesArb(clientStreams, { maxLength: 512 }), akamaiFromClientStream, { numRuns: runs(3000), sizeOf: (b) => b.length });
  });

  it('echo server: ClientHello scanner over mutated records', () => {
    fuzzSync(
      'scanClientHello (echo)',
      fc.tuple(bytesArb(helloRecords), fc.constantFrom(512, 4096, 64 * 1024)),
      ([bytes, max]) => {
        const result = scanClientHello(bytes, max);
        // Its contract: a status, never an exception (the server answers 'invalid' with an alert).
        expect(['incomplete', 'complete', 'invalid']).toContain(result.status);
        return result;
      },
      { numRuns: runs(3000), sizeOf: ([b]) => b.length },
    );
  });

  it('echo server: HTTP/1.1 request parser over mutated requests, cut anywhere', () => {
    const requests = [
      'GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: x\r\n\r\n',
      'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello',
      'POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n',
    ].map((s) => new Uint8Array(Buffer.from(s, 'latin1')));
    const node = clientStreams.filter((b) => b[0] === 0x47); // the HTTP/1.1 capture ("GET ")
    fuzzSync(
      'Http1RequestParser (echo)',
      fc.tuple(bytesArb([...requests, ...node], { maxLength: 512 }), cutsArb),
      ([bytes, cuts]) => {
        const parser = new Http1RequestParser();
        let n = 0;
        for (const piece of chunked(bytes, cuts)) n += parser.push(piece).length;
        return n;
      },
      { numRuns: runs(3000), sizeOf: ([b]) => b.length, alsoAccept: (e) => e instanceof Http1ParseError },
    );
  });

  it('echo server: HTTP/2 frame splitter over mutated client streams', () => {
    fuzzSync(
      'FrameSplitter (echo)',
      fc.tuple(bytesArb(clientStreams, { maxLength: 512 }), cutsArb, fc.constantFrom(16_384, MAX_ALLOWED_FRAME_SIZE)),
      ([bytes, cuts, max]) => {
        const splitter = new FrameSplitter(max);
        let n = 0;
        for (const piece of chunked(bytes, cuts)) n += splitter.push(piece).length;
        return n;
      },
      { numRuns: runs(2000), sizeOf: ([b]) => b.length },
    );
  });
});
