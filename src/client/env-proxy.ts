/**
 * The proxy the environment asks for (`trustEnv`): https_proxy / http_proxy by the target's
 * scheme, then all_proxy, lower case before upper case (curl and Python read them so), unless
 * no_proxy matches the host ("*", a host, a domain suffix with or without its leading dot, or
 * host:port).
 */
export type EnvProxies = Readonly<Record<string, string | undefined>>;

const NAMES = ['https_proxy', 'http_proxy', 'all_proxy', 'no_proxy'];

/**
 * The proxy variables of the environment, read once (a client reads them when it is made, as
 * httpx does): reading process.env is a call into the C++ runtime per name, per request otherwise.
 */
export function envProxySnapshot(env: EnvProxies = process.env): EnvProxies {
  const snapshot: Record<string, string | undefined> = {};
  for (const name of NAMES) {
    snapshot[name] = env[name];
    snapshot[name.toUpperCase()] = env[name.toUpperCase()];
  }
  return snapshot;
}

export function proxyFromEnv(url: URL, env: EnvProxies = process.env): string | null {
  if (bypassesProxy(url, read(env, 'no_proxy') ?? '')) return null;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return read(env, `${scheme}_proxy`) ?? read(env, 'all_proxy') ?? null;
}

function read(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [pattern, entryPort] = splitPort(entry);
    if (entryPort && entryPort !== port) continue;
    const domain = pattern.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitPort(entry: string): [string, string | null] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2] ?? null];
  const match = /^([^:]+):(\d+)$/.exec(entry);
  return match ? [match[1]!, match[2]!] : [entry, null];
}
