/**
 * Starts and stops the loopback servers: the Node servers (bench/node-server.ts, in a child
 * process) and nginx (a temporary prefix with its own configuration, `daemon off;
 * master_process off;`, one process). Every socket is on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIG_BYTES, SMALL_BYTES } from './scenarios.js';
import type { Endpoint, ServerId } from './types.js';

export interface Servers {
  endpoints: Partial<Record<ServerId, Endpoint>>;
  nginxVersion: string | null;
  /** Why nginx is not running (its scenarios are then skipped), or null. */
  nginxMissing: string | null;
  stop(): Promise<void>;
}

export interface ServerFiles {
  dir: string;
  certPath: string;
  keyPath: string;
}

export interface ServerOptions {
  nginx: boolean;
  nodeServerEntry: string;
  /** Node 26's binary for the post-quantum server, or null to skip it. */
  node26: string | null;
}

export async function startServers(files: ServerFiles, options: ServerOptions): Promise<Servers> {
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    const node = await startNodeServer(files, options.nodeServerEntry, process.execPath, {});
    children.push(node.child);
    const endpoints: Partial<Record<ServerId, Endpoint>> = {
      'node-h1': { origin: `https://127.0.0.1:${node.ports.h1}`, statsUrl: `http://127.0.0.1:${node.ports.control}/stats?server=h1`, statsKind: 'node', spread: origins(node.ports.h1Spread) },
      'node-h2': { origin: `https://127.0.0.1:${node.ports.h2}`, statsUrl: `http://127.0.0.1:${node.ports.control}/stats?server=h2`, statsKind: 'node', spread: origins(node.ports.h2Spread) },
    };
    if (options.node26) {
      const pq = await startNodeServer(files, options.nodeServerEntry, options.node26, { BENCH_GROUPS: 'X25519MLKEM768:X25519' });
      children.push(pq.child);
      endpoints['node26-h1'] = { origin: `https://127.0.0.1:${pq.ports.h1}`, statsUrl: `http://127.0.0.1:${pq.ports.control}/stats?server=h1`, statsKind: 'node', spread: origins(pq.ports.h1Spread) };
    }
    let nginxVersion: string | null = null;
    let nginxMissing: string | null = null;
    if (options.nginx) {
      const binary = findBinary('nginx');
      if (binary === null) {
        nginxMissing = 'nginx is not installed (apt-get install -y nginx); its scenarios were skipped';
      } else {
        const nginx = await startNginx(binary, files);
        children.push(nginx.child);
        nginxVersion = nginx.version;
        const stats = `http://127.0.0.1:${nginx.ports.status}/status`;
        endpoints['nginx-close'] = { origin: `https://127.0.0.1:${nginx.ports.close}`, statsUrl: stats, statsKind: 'nginx', spread: origins([nginx.ports.close]) };
        endpoints['nginx-h1'] = { origin: `https://127.0.0.1:${nginx.ports.h1}`, statsUrl: stats, statsKind: 'nginx', spread: origins([nginx.ports.h1]) };
        endpoints['nginx-h2'] = { origin: `https://127.0.0.1:${nginx.ports.h2}`, statsUrl: stats, statsKind: 'nginx', spread: origins([nginx.ports.h2]) };
      }
    }
    return { endpoints, nginxVersion, nginxMissing, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startNodeServer(
  files: ServerFiles,
  entry: string,
  node: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; ports: NodeServerPorts }> {
  const child = spawn(node, [entry], {
    env: { ...process.env, ...env, BENCH_CERT: files.certPath, BENCH_KEY: files.keyPath },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the Node bench server exited (${code}) before listening`)));
  });
  lines.close();
  return { child, ports: JSON.parse(first) as NodeServerPorts };
}

/** What bench/node-server.ts prints: its ports; each spread list starts with the server's own port. */
interface NodeServerPorts {
  h1: number;
  h2: number;
  control: number;
  h1Spread: number[];
  h2Spread: number[];
}

function origins(ports: readonly number[]): string[] {
  return ports.map((port) => `https://127.0.0.1:${port}`);
}

async function startNginx(binary: string, files: ServerFiles): Promise<{ child: ChildProcess; version: string; ports: { close: number; h1: number; h2: number; status: number } }> {
  const prefix = join(files.dir, 'nginx');
  const www = join(prefix, 'www');
  mkdirSync(join(prefix, 'temp'), { recursive: true });
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'small'), Buffer.alloc(SMALL_BYTES, 'x'));
  writeFileSync(join(www, 'big'), Buffer.alloc(BIG_BYTES, 'b'));
  const [close, h1, h2, status] = await freePorts(4);
  const temp = (name: string): string => `${name}_temp_path ${join(prefix, 'temp', name)};`;
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 8192; }
http {
  access_log off;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  ssl_certificate ${files.certPath};
  ssl_certificate_key ${files.keyPath};
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_tickets off;
  ssl_session_cache off;
  root ${www};
  server { listen 127.0.0.1:${close} ssl; keepalive_timeout 0; }
  server { listen 127.0.0.1:${h1} ssl; keepalive_timeout 60s; }
  server { listen 127.0.0.1:${h2} ssl http2; keepalive_timeout 60s; http2_max_concurrent_streams 1000; }
  server { listen 127.0.0.1:${status}; location = /status { stub_status; } }
}
`;
  const configPath = join(prefix, 'nginx.conf');
  writeFileSync(configPath, config);
  const version = await new Promise<string>((resolve) => {
    const probe = spawn(binary, ['-v'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    probe.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    probe.on('close', () => resolve(text.trim().replace(/^nginx version: /, '')));
  });
  const child = spawn(binary, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr.trim()}`))));
  await Promise.race([Promise.all([close, h1, h2, status].map((port) => waitForPort(port))), exited]);
  exited.catch(() => undefined);
  return { child, version, ports: { close: close!, h1: h1!, h2: h2!, status: status! } };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // nginx: SIGQUIT is its graceful stop; the Node server exits on SIGTERM.
    child.kill('SIGTERM');
  });
}

export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), fsConstants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
