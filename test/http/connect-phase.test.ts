/**
 * The TCP connection under https opens in the connect phase, not the handshake's: a deadline
 * that runs out while it opens is a connect timeout (retried for idempotent requests), and the
 * one TCP opener (src/tls/tcp.ts) is used for every hop. The name lookup happens inside the TCP
 * connect, so the phase it sees is the phase the connect runs in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeoutPhase } from '../../src/errors.js';
import { parseTarget } from '../../src/http/target.js';
import { openTransport } from '../../src/http/transport.js';
import { getProfile } from '../../src/profiles/registry.js';
import { MemorySession12Cache } from '../../src/tls/session12.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startHttpsServer, type CountingServer } from './servers.js';

let pki: Pki;
let server: CountingServer;

beforeAll(async () => {
  pki = await makePki();
  server = await startHttpsServer(pki, (_req, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server?.close();
});

describe('openTransport phases', () => {
  it('https: the TCP connect (its name lookup included) runs in the connect phase, then the handshake', async () => {
    const phases: TimeoutPhase[] = [];
    const seenAtLookup: (TimeoutPhase | undefined)[] = [];
    // The static overrides, read when net.connect looks the name up: note the phase then.
    const resolve = new Proxy<Record<string, string>>(
      {},
      {
        get: (_, name) => {
          if (name === 'phase-check.test') seenAtLookup.push(phases.at(-1));
          return name === 'phase-check.test' ? '127.0.0.1' : undefined;
        },
      },
    );
    const port = new URL(server.url).port;
    const transport = await openTransport(
      {
        target: parseTarget(`https://phase-check.test:${port}/`),
        profile: getProfile('chrome'),
        http2: 'http1',
        randomTlsExtensionOrder: false,
        verify: false,
        ca: [pki.ca],
        proxy: null,
        localAddress: null,
        family: 0,
        resolve,
        keylog: null,
        crypto: 'native',
        userAgent: undefined,
        session12Cache: new MemorySession12Cache(),
        ticketStore: new MemoryTicketStore13(),
        sessionKey: 'phase-check',
        onPhase: (phase) => phases.push(phase),
      },
      new AbortController().signal,
    );
    try {
      expect(phases).toEqual(['connect', 'handshake']);
      expect(seenAtLookup.length).toBeGreaterThan(0);
      expect(new Set(seenAtLookup)).toEqual(new Set(['connect']));
      expect(transport.tls).not.toBeNull();
    } finally {
      transport.stream.destroy();
    }
  });
});
