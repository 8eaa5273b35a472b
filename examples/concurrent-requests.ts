/**
 * tls_requests' "Concurrent Requests" in TypeScript: `Promise.all` where Python has
 * `asyncio.gather`. The requests really run at once: TLS and HTTP work happens on worker threads,
 * and requests to one origin share its connection (HTTP/2 multiplexing), as in a browser.
 */
import { AsyncClient } from '../src/index.js';
import { startEchoServer } from '../src/fingerprint/echo/index.js';

await using server = await startEchoServer();

async function fetchUrl(client: AsyncClient, url: string | URL): Promise<number> {
  const response = await client.get(url);
  return response.status;
}

// httpbin.org/get, /ip and /user-agent in the Python example; the echo server answers any path.
const urls = ['/get', '/ip', '/user-agent'].map((path) => new URL(path, server.url));

await using client = new AsyncClient({ ca: server.ca });
const results = await Promise.all(urls.map((url) => fetchUrl(client, url)));
console.log(`Results: ${JSON.stringify(results)}`);
