/**
 * A streamed response in Crawlee's shape: the body as a Node Readable of Buffers (what got's
 * stream gives and what Crawlee's parsers concatenate), with download progress as it flows.
 */
import { Readable } from 'node:stream';
import type { Response } from '../client/response.js';
import type { HttpRequest, StreamingHttpResponse } from './crawlee-types.js';
import { responseData } from './response-map.js';

export function streamingResponse(response: Response, redirectUrls: readonly URL[], request: HttpRequest, release: () => void): StreamingHttpResponse & { httpVersion: string } {
  const { complete: _unused, ...data } = responseData(response, redirectUrls);
  const length = Number(response.headers.get('content-length') ?? NaN);
  // Content-Length counts encoded bytes and we count decoded ones: only a hint, as in got.
  const total = Number.isFinite(length) && response.headers.get('content-encoding') === null ? length : undefined;
  let transferred = 0;
  let complete = false;

  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of response.iterBytes()) {
      transferred += chunk.byteLength;
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    complete = true;
  }

  const stream = Readable.from(chunks(), { objectMode: false });
  // Destroyed before it was read (the crawler skipping a page it does not want): stop the transfer too.
  stream.once('close', () => {
    void response.close();
    release();
  });

  return {
    ...data,
    httpVersion: response.httpVersion,
    request,
    stream,
    get complete(): boolean {
      return complete;
    },
    get downloadProgress() {
      const percent = complete ? 1 : total ? Math.min(transferred / total, 1) : 0;
      return total === undefined ? { percent, transferred } : { percent, transferred, total };
    },
    // The request body has been sent in full before the response head arrives.
    get uploadProgress() {
      return { percent: 1, transferred: 0 };
    },
  };
}
