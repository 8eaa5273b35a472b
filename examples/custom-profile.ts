/**
 * Custom fingerprints, two ways. A profile is plain data, so a new one is a shipped profile,
 * copied and edited: here Chrome without its CBC cipher suites and with another HTTP/2 connection
 * window. Or strings, as tls_requests takes them: a JA3 and an Akamai fingerprint, built over a
 * profile (which supplies what the strings do not say: signature algorithms, headers...). The echo
 * server shows what arrived on the wire, and the fingerprint toolkit, run here on the ClientHello
 * bytes the server received, agrees with it.
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

function show(label: string, seen: EchoReport): void {
  // The same computation the server made, on the same bytes: the toolkit is usable on its own.
  const local = ja4(parseClientHello(seen.tls.clientHello)).ja4;
  console.log(`${label.padEnd(18)} JA4 ${seen.tls.ja4} (toolkit: ${local === seen.tls.ja4 ? 'same' : local})`);
  console.log(`${''.padEnd(18)} JA3 ${seen.tls.ja3Hash}, Akamai ${seen.http2?.akamai ?? '- (HTTP/1.1)'}`);
}

for (const profile of [chrome, custom]) {
  const response = await client.get(server.url, { clientIdentifier: profile });
  show(profile.id, response.json<EchoReport>());
}

// Firefox 153's JA3 and Akamai strings (from a capture of the real browser), over the firefox profile.
const ja3 = '771,4865-4867-4866-49195-49199-52393-52392-49196-49200-49162-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-34-18-51-43-13-45-28-27-65037,4588-29-23-24-25-256-257,0';
const akamai = '1:65536;2:0;4:131072;5:16384|12517377|0|m,p,a,s';
const fromStrings = await client.get(server.url, { clientIdentifier: 'firefox', ja3, akamai });
show('ja3 + akamai', fromStrings.json<EchoReport>());
