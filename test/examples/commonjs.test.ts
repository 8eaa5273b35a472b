/**
 * CommonJS users: `require('tls-requests')` on Node 20.19+ (which loads an ES module through
 * require() when nothing in its graph awaits at the top level). The package is `npm pack`ed from
 * a fresh build and installed into an empty CommonJS project outside the repository; a script
 * there requires both entry points and makes a request to a real HTTPS server on loopback, on
 * this Node and on Node 26.
 */
import { execFile } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStagedPackage, type StagedPackage } from '../cli/build-package.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { node26 } from '../helpers/servers.js';

const run = promisify(execFile);
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

let staged: StagedPackage;
let project: string;
let pki: Pki;
let server: https.Server;
let url: string;

/** The consumer's script: CommonJS all through (no import(), no top-level await). */
const SCRIPT = `'use strict';
const { AsyncClient, get, HTTPError } = require('tls-requests');
const tls = require('tls-requests/tls');
const { readFileSync } = require('node:fs');
const ca = readFileSync(require('node:path').join(__dirname, 'ca.pem'), 'utf8');
async function main() {
  const client = new AsyncClient({ ca, trustEnv: false });
  const response = await client.get(process.argv[2]);
  await client.close();
  const again = await get(process.argv[2], { ca, trustEnv: false });
  console.log(JSON.stringify({
    status: response.status,
    text: response.text,
    again: again.text,
    exports: [typeof AsyncClient, typeof get, typeof HTTPError, typeof tls.connect],
  }));
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

beforeAll(async () => {
  [staged, pki] = await Promise.all([buildStagedPackage('commonjs'), makePki()]);
  const leaf = pki.leaves.ecdsaP256;
  server = https.createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}/cjs`;

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', staged.dir], { cwd: staged.dir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  // Outside the repository: nothing may resolve from the repository's node_modules.
  project = mkdtempSync(join(tmpdir(), 'tls-requests-cjs-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cjs-consumer', private: true, type: 'commonjs' }));
  writeFileSync(join(project, 'ca.pem'), pki.ca);
  writeFileSync(join(project, 'main.js'), SCRIPT);
  await run('npm', ['install', join(staged.dir, packed!.filename), ...NPM_QUIET], { cwd: project, timeout: 240_000 });
}, 360_000);

afterAll(async () => {
  staged?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function runConsumer(node: string): Promise<{ stdout: string; stderr: string }> {
  // No proxy from the machine's environment: the server is on loopback.
  const env = { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '', https_proxy: '', http_proxy: '', all_proxy: '' };
  return run(node, ['main.js', url], { cwd: project, env, timeout: 60_000 });
}

describe('require() from a CommonJS project', () => {
  it('requires tls-requests and tls-requests/tls, makes a request, and exits by itself (this Node)', async () => {
    const { stdout, stderr } = await runConsumer(process.execPath);
    expect(JSON.parse(stdout)).toEqual({ status: 200, text: 'hello /cjs', again: 'hello /cjs', exports: ['function', 'function', 'function', 'function'] });
    expect(stderr).toBe('');
  }, 90_000);

  it('the same on Node 26', async () => {
    const { stdout } = await runConsumer(node26());
    expect(JSON.parse(stdout)).toMatchObject({ status: 200, text: 'hello /cjs' });
  }, 90_000);
});
