/**
 * Issue 14 item 6: the CLI writes the body's bytes, not text. `get URL > file` and `get URL | x`
 * get exactly what the server sent; only a terminal gets text, and a binary body (a NUL byte, as
 * curl decides) to a terminal is refused with curl's warning and exit 23, unless `--output -`.
 * The terminal is a real pseudo-terminal from util-linux `script`; the server is Node's http
 * server on 127.0.0.1 sending random bytes.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/servers.js';
import { startHttpServer, type CountingServer } from '../http/servers.js';
import { runCli, SOURCE_CLI, SPAWN_TIMEOUT } from './run-cli.js';
import { runOnTerminal } from './terminal.js';

// Random bytes that are surely binary (a NUL) and surely not UTF-8 (a lone continuation byte):
// decoded as text, each bad sequence would become a 3-byte U+FFFD and the file would grow.
const binary = randomBytes(4096);
binary[0] = 0x00;
binary[1] = 0x80;
// "café", latin1: a terminal gets it decoded, a file gets the one byte 0xE9 as sent.
const latin1 = Buffer.from('caf\xe9 au lait\n', 'latin1');

let server: CountingServer;
let dir: string;
const NO_PROXY = { HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '', https_proxy: '', http_proxy: '', all_proxy: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tls-requests-cli-binary-'));
  server = await startHttpServer((req, res) => {
    if (req.url === '/latin1') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=iso-8859-1', 'Content-Length': latin1.length });
      res.end(latin1);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': binary.length });
    res.end(binary);
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `tls-requests ARGS > file`, the shell's way: stdout is the file itself, not a pipe. */
async function runToFile(args: readonly string[], name: string): Promise<{ code: number | null; bytes: Buffer; stderr: string }> {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const [file, ...prefix] = SOURCE_CLI;
  const child = spawn(file, [...prefix, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...NO_PROXY }, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  return { code, bytes: readFileSync(path), stderr };
}

const WARNING = 'Binary output can mess up your terminal. Use "--output -" to tell tls-requests to output it to your terminal anyway';

describe('the body as bytes', () => {
  it('get URL > file writes exactly the 4,096 bytes sent', SPAWN_TIMEOUT, async () => {
    const { code, bytes, stderr } = await runToFile(['get', `${server.url}/binary`], 'redirected.bin');
    expect(stderr).not.toContain('Warning');
    expect(code).toBe(0);
    expect(bytes.length).toBe(binary.length);
    expect(bytes.equals(binary)).toBe(true);
  });

  it('get URL | consumer: the pipe gets the bytes as sent, a latin1 text body included', SPAWN_TIMEOUT, async () => {
    const result = await runCli(['get', `${server.url}/binary`]);
    expect(result.code).toBe(0);
    expect(result.stdout.equals(binary)).toBe(true);
    const text = await runCli(['get', `${server.url}/latin1`]);
    expect(text.stdout.equals(latin1)).toBe(true);
  });

  it('-o FILE writes the bytes as sent', SPAWN_TIMEOUT, async () => {
    const path = join(dir, 'output.bin');
    const result = await runCli(['get', `${server.url}/binary`, '-o', path]);
    expect(result.code).toBe(0);
    expect(readFileSync(path).equals(binary)).toBe(true);
  });
});

describe('a terminal', () => {
  it("a binary body is not written: curl's warning, exit 23", SPAWN_TIMEOUT, async () => {
    const result = await runOnTerminal(['get', `${server.url}/binary`]);
    expect(result.text).toContain(WARNING);
    expect(result.code).toBe(23);
    // Nothing of the body reached the terminal (its first chunk holds the NUL).
    expect(result.stdout.length).toBeLessThan(binary.length);
  });

  it('--output - writes it to the terminal anyway', SPAWN_TIMEOUT, async () => {
    const result = await runOnTerminal(['get', `${server.url}/binary`, '--output', '-']);
    expect(result.text).not.toContain(WARNING);
    expect(result.code).toBe(0);
    // The terminal's line discipline may add a CR before each LF: at least the body came out.
    expect(result.stdout.length).toBeGreaterThanOrEqual(binary.length);
  });

  it('a text body is shown decoded by its charset', SPAWN_TIMEOUT, async () => {
    const result = await runOnTerminal(['get', `${server.url}/latin1`]);
    expect(result.code).toBe(0);
    expect(result.text).toContain('café au lait');
  });
});
