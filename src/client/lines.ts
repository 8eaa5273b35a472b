/**
 * Lines from a stream of text, for SSE and NDJSON: "\n", "\r\n" and "\r" all end a line (as
 * httpx's LineDecoder and the SSE spec read them), a "\r\n" split across two chunks included.
 * Lines come without their terminator; a last line without one comes at the end.
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  let pending = '';
  let trailingCR = false;
  for await (const text of texts) {
    let chunk = text;
    if (trailingCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    trailingCR = false;
    if (chunk === '') continue;
    const parts = (pending + chunk).split(/\r\n|\r|\n/);
    pending = parts.pop()!;
    if (chunk.endsWith('\r')) trailingCR = true;
    yield* parts;
  }
  if (pending !== '') yield pending;
}
