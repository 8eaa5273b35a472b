/**
 * Streaming a response (tls_requests has no streaming): `client.stream()` resolves as soon as the
 * headers are in; the body is then read chunk by chunk as it arrives (`for await`), or line by
 * line with `iterLines()` (SSE, NDJSON). `await using` closes the stream, which tells the worker
 * to stop sending if the body was left unread.
 */
import { AsyncClient } from '../src/index.js';
import { startEchoServer } from '../src/fingerprint/echo/index.js';

await using server = await startEchoServer();
await using client = new AsyncClient({ ca: server.ca });

{
  await using response = await client.stream('GET', server.url);
  console.log(`headers first: ${response.status}, ${response.headers.get('content-type')}`);
  let chunks = 0;
  let bytes = 0;
  for await (const chunk of response) {
    chunks++;
    bytes += chunk.length;
  }
  console.log(`body: ${bytes} bytes in ${chunks} chunk(s)`);
}

{
  // The echo server answers with one line of JSON: iterLines() yields it without its newline.
  await using response = await client.stream('GET', new URL('/lines', server.url));
  for await (const line of response.iterLines()) {
    const report = JSON.parse(line) as { path: string; httpVersion: string };
    console.log(`line: path ${report.path} over ${report.httpVersion}`);
  }
}
