/**
 * Lifecycle with `await using` (Python's `async with`): the client closes itself when the block
 * ends, even when the block throws. A closed client refuses new requests.
 */
import { AsyncClient, ClientClosedError } from '../src/index.js';
import { startEchoServer } from '../src/fingerprint/echo/index.js';

await using server = await startEchoServer();

let kept: AsyncClient;
{
  await using client = new AsyncClient({ ca: server.ca });
  kept = client;
  const response = await client.get(server.url);
  console.log(`inside the block: ${response.status}, closed=${client.closed}`);
}
// The session is closed here.
console.log(`after the block: closed=${kept.closed}`);
try {
  await kept.get(server.url);
} catch (error) {
  console.log(`a request on a closed client fails: ${error instanceof ClientClosedError ? 'ClientClosedError' : String(error)}`);
}
