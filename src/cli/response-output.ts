/**
 * Writing a response the way curl does: with `-i`, the status line (`HTTP/1.1 200 OK`,
 * `HTTP/2 200`: HTTP/2 has no reason phrase) and the header lines, CRLF-terminated as on the wire,
 * then a blank line; then the body. The body is written as it arrives, never held whole, and as
 * bytes: only a terminal gets text (see terminal-text.ts).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Response } from '../client/response.js';
import { terminalText } from './terminal-text.js';

export function statusLine(response: Pick<Response, 'httpVersion' | 'status' | 'reason'>): string {
  if (response.httpVersion === 'HTTP/2') return `HTTP/2 ${response.status}`;
  return `${response.httpVersion} ${response.status} ${response.reason}`.trimEnd();
}

export function headBlock(response: Pick<Response, 'httpVersion' | 'status' | 'reason' | 'headers'>): string {
  const lines = [statusLine(response), ...[...response.headers].map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface OutputTarget {
  /** Where the bytes go. */
  stream: Writable;
  /**
   * `bytes`: the body exactly as received (a file, a pipe, `-o -`). `terminal`: stdout is a
   * terminal, so text decoded by the response's charset, and a binary body refused.
   */
  mode: 'bytes' | 'terminal';
  /** Flushes and closes what this target opened (not stdout). */
  close(): Promise<void>;
}

/**
 * `-o FILE` is a file; `-o -` is stdout as bytes whatever it is (curl's override); no `-o` is
 * stdout as bytes too (`> file`, `| tool` get the body exactly), unless stdout is a terminal.
 */
export function outputTarget(output: string | undefined, stdout: Writable = process.stdout): OutputTarget {
  if (output === undefined) return { stream: stdout, mode: isTerminal(stdout) ? 'terminal' : 'bytes', close: async () => {} };
  if (output === '-') return { stream: stdout, mode: 'bytes', close: async () => {} };
  const file = createWriteStream(output);
  return {
    stream: file,
    mode: 'bytes',
    close: async () => {
      file.end();
      await once(file, 'finish');
    },
  };
}

function isTerminal(stream: Writable): boolean {
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

export interface WriteOptions {
  /** -i/-I: the heads first, each redirect's too (as curl -iL prints every hop). */
  include: boolean;
  /** Called with each body chunk's size as received (for -w size_download and the progress bar). */
  onBytes?: (bytes: number) => void;
}

/** Writes the heads and the body; resolves to the number of body bytes received. */
export async function writeResponse(response: Response, target: OutputTarget, options: WriteOptions): Promise<number> {
  const fileError = new Promise<never>((_, reject) => target.stream.once('error', reject));
  // A failed open (no such directory) surfaces as an 'error' event; race it with the writes.
  fileError.catch(() => {});
  let received = 0;
  const counted: Pick<Response, 'encoding' | 'iterBytes'> = {
    encoding: response.encoding,
    iterBytes: async function* () {
      for await (const chunk of response.iterBytes()) {
        received += chunk.length;
        options.onBytes?.(chunk.length);
        yield chunk;
      }
    },
  };
  const work = (async (): Promise<void> => {
    if (options.include) for (const hop of [...response.history, response]) await write(target.stream, headBlock(hop));
    if (response.request.method !== 'HEAD') {
      const chunks: AsyncIterable<Uint8Array | string> = target.mode === 'bytes' ? counted.iterBytes() : terminalText(counted);
      for await (const chunk of chunks) await write(target.stream, chunk);
    }
    await target.close();
  })();
  await Promise.race([work, fileError]);
  return received;
}

async function write(stream: Writable, chunk: Uint8Array | string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}
