/**
 * Closing by hand, as tls_requests' "Manual Closing": `try`/`finally` and `aclose()` (or its
 * TypeScript name, `close()`). And the module-level functions, which need no client at all.
 */
import { AsyncClient, get } from '../src/index.js';
import { startEchoServer } from '../src/fingerprint/echo/index.js';

await using server = await startEchoServer();

async function fetch(url: string): Promise<number> {
  const client = new AsyncClient({ ca: server.ca });
  try {
    const response = await client.get(url);
    return response.status;
  } finally {
    await client.aclose();
  }
}

console.log(`with a client, closed by hand: ${await fetch(server.url)}`);

// tls_requests.get(...): a throw-away client per call.
const response = await get(server.url, { ca: server.ca });
console.log(`module-level get(): ${response.status} ${response.reason}`);
