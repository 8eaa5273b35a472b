/**
 * tls_requests' "Basic Example" in TypeScript: one client, one GET, status and JSON. The echo
 * server stands in for https://httpbin.org/get, so this runs offline; in your own code, drop the
 * server and the `ca` option, and import from 'tls-requests'.
 */
import { AsyncClient } from '../src/index.js';
import { startEchoServer, type EchoReport } from '../src/fingerprint/echo/index.js';

await using server = await startEchoServer();

// `await using` is Python's `async with`: the client is closed when the block ends.
await using client = new AsyncClient({ ca: server.ca });
const response = await client.get(new URL('/get', server.url));
console.log(`Status: ${response.status}`);
const data = response.json<EchoReport>();
console.log(`Data: ${data.method} ${data.path} over ${data.httpVersion}, JA4 ${data.tls.ja4}`);
