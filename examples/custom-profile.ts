/**
 * A custom fingerprint: a profile is plain data, so a new one is a shipped profile, copied and
 * edited. Here Chrome without its CBC cipher suites and with another HTTP/2 connection window.
 * The echo server then shows what changed on the wire, and the fingerprint toolkit, run here on
 * the ClientHello bytes the server received, agrees with it.
 */
import { AsyncClient } from '../src/index.js';
import { startEchoServer, type EchoReport } from '../src/fingerprint/echo/index.js';
import { ja4, parseClientHello } from '../src/fingerprint/index.js';
import { getProfile, type Profile } from '../src/profiles/index.js';

const CBC_SUITES = new Set<number | string>([0xc013, 0xc014, 0x002f, 0x0035]);

const chrome = getProfile('chrome');
// structuredClone: a profile is data only, and the shipped one must stay as it is.
const custom: Profile = structuredClone(chrome);
custom.id = 'chrome_156_no_cbc';
custom.tls.cipherSuites = custom.tls.cipherSuites.filter((suite) => !CBC_SUITES.has(suite));
custom.http2.connectionWindowUpdate = 10_485_760;

await using server = await startEchoServer();
await using client = new AsyncClient({ ca: server.ca });

for (const profile of [chrome, custom]) {
  const response = await client.get(server.url, { clientIdentifier: profile });
  const seen = response.json<EchoReport>();
  // The same computation the server made, on the same bytes: the toolkit is usable on its own.
  const local = ja4(parseClientHello(seen.tls.clientHello)).ja4;
  console.log(`${profile.id.padEnd(18)} JA4 ${seen.tls.ja4} (toolkit: ${local === seen.tls.ja4 ? 'same' : local})`);
  console.log(`${''.padEnd(18)} Akamai ${seen.http2?.akamai ?? '- (HTTP/1.1)'}`);
}
