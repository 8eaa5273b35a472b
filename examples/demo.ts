/**
 * `npm start`: the offline demo. It starts the bundled echo server on this machine, sends requests
 * with three browser profiles through AsyncClient (each profile's requests concurrently, and the
 * profiles side by side), and prints what the server saw on the wire. Nothing leaves the machine.
 */
import { AsyncClient, type ClientOptions } from '../src/index.js';
import { startEchoServer, type EchoReport } from '../src/fingerprint/echo/index.js';
import { listProfiles } from '../src/profiles/index.js';
import { shortUserAgent, summarizeEcho } from '../src/cli/echo-summary.js';
import { Progress } from '../src/cli/progress.js';
import { formatTable } from '../src/cli/table.js';

interface Run {
  label: string;
  options: ClientOptions;
}

type Outcome = { run: Run; reports: EchoReport[] } | { run: Run; error: string };

/**
 * Chrome and Firefox, plus a third browser family when one is shipped (Safari first: the other
 * big engine), else Chrome over HTTP/1.1.
 */
function chooseRuns(): Run[] {
  const runs: Run[] = [
    { label: 'chrome', options: { clientIdentifier: 'chrome' } },
    { label: 'firefox', options: { clientIdentifier: 'firefox' } },
  ];
  const families = [...new Set(listProfiles().map((p) => p.browser))].filter((f) => f !== 'chrome' && f !== 'firefox');
  const third = families.includes('safari') ? 'safari' : families[0];
  // A family name selects that family's newest profile.
  runs.push(third ? { label: third, options: { clientIdentifier: third } } : { label: 'chrome (http1)', options: { clientIdentifier: 'chrome', http2: 'http1' } });
  return runs;
}

// The three URLs of tls_requests' concurrency example; the echo server answers any path.
const PATHS = ['/get', '/ip', '/user-agent'];

console.log('tls-requests demo: three browser profiles against a local echo server (offline)\n');
await using server = await startEchoServer();
console.log(`echo server: ${server.url}`);

const runs = chooseRuns();
const progress = new Progress(process.stdout);
progress.start('requests answered', runs.length * PATHS.length);
const started = performance.now();

const results = await Promise.all(
  runs.map(async (run): Promise<Outcome> => {
    // `ca`: trust the echo server's freshly generated certificate, and nothing else extra.
    await using client = new AsyncClient({ ...run.options, ca: server.ca });
    try {
      const reports = await Promise.all(
        PATHS.map(async (path) => {
          const response = await client.get(new URL(path, server.url));
          progress.tick(`${run.label} ${path}: ${response.status}`);
          return response.json<EchoReport>();
        }),
      );
      return { run, reports };
    } catch (error) {
      // One profile failing must not hide what the others show; the exit status still says so.
      process.exitCode = 1;
      return { run, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }),
);
progress.finish(`${runs.length * PATHS.length} requests in ${Math.round(performance.now() - started)} ms\n`);

const rows = results.map((result) => {
  if (!('reports' in result)) return [result.run.label, '-', `failed: ${result.error}`, '', ''];
  const seen = summarizeEcho(result.reports[0]!);
  // JA4 sorts away Chrome's per-connection shuffling, so one value per profile is expected.
  const stable = result.reports.every((r) => r.tls.ja4 === seen.ja4) ? '' : ' (varies!)';
  return [result.run.label, seen.httpVersion, seen.ja4 + stable, seen.akamai, shortUserAgent(seen.userAgent)];
});
console.log('What the server saw:\n');
console.log(formatTable(['PROFILE', 'HTTP', 'JA4', 'AKAMAI (HTTP/2)', 'USER-AGENT'], rows));
console.log(
  [
    '',
    'JA4 fingerprints the TLS ClientHello; Akamai fingerprints the HTTP/2 opening frames.',
    'Compare them with a real browser: `npm run cli -- profiles`, or point one at `npm run cli -- serve`.',
  ].join('\n'),
);
