/**
 * The interop suite's frame: every case runs once per browser profile (Chrome and Firefox), with
 * what the real browser does against that server written next to it — succeed, or fail with the
 * server's (or our) alert. A case whose browser fails passes only when ours fails the same way: a
 * TLSError with that alert. Each file tallies its cases per server and profile and prints the
 * table when it ends; under vitest.interop.config.ts the files also leave their rows in a shared
 * directory, and the run ends with one table of all servers (test/interop/setup.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { ConnectError, TLSError } from '../../src/errors.js';
import { getProfile } from '../../src/profiles/index.js';
import { emptyTally, formatTable, type Rows, type Tally } from './table.js';

export const PROFILES = ['chrome', 'firefox'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** The browser fails: the handshake ends with this alert. `direction` when it matters who sent it. */
export interface Refusal {
  alert: string;
  direction?: 'sent' | 'received';
  /**
   * Also accept the connection reset that overtakes the server's alert: after a complete TLS 1.3
   * handshake our first write can meet the server's RST, and Node destroys the socket on the write
   * error before reading the alert still in the kernel (Chrome reads it first: crbug.com/249848).
   */
  orConnectionReset?: boolean;
}
export type Outcome = 'ok' | Refusal;
export type Expectations = Readonly<Record<ProfileName, Outcome>>;

export function refused(alert: string, direction?: 'sent' | 'received'): Refusal {
  return direction ? { alert, direction } : { alert };
}

/** Both browsers succeed. */
export const BOTH_OK: Expectations = { chrome: 'ok', firefox: 'ok' };

/** Both browsers fail the same way. */
export function bothRefuse(alert: string, direction?: 'sent' | 'received'): Expectations {
  return { chrome: refused(alert, direction), firefox: refused(alert, direction) };
}

/** Chrome does not offer what the server requires; Firefox does. */
export function onlyFirefox(alert = 'handshake_failure'): Expectations {
  return { chrome: refused(alert, 'received'), firefox: 'ok' };
}

function describeError(error: unknown): string {
  if (error instanceof TLSError) return `${error.name} ${error.alertName} (${error.direction}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export interface InteropSuite {
  /** The label in the table; set the server's version once it is known (in beforeAll). */
  label: string;
  /**
   * Registers `name` once per profile. `body` does the exchange and asserts what a success must
   * show; for a profile whose browser fails, `body` must reject with the expected TLSError.
   */
  case(name: string, expectations: Expectations, body: (profile: ProfileName) => Promise<void>, timeoutMs?: number): void;
}

/** The suite of one server; prints (and, under the interop config, saves) its tally after the file. */
export function interopSuite(server: string): InteropSuite {
  const tallies = new Map<ProfileName, Tally>(PROFILES.map((p) => [p, emptyTally()]));
  const suite: InteropSuite = {
    label: server,
    case(name, expectations, body, timeoutMs) {
      for (const profile of PROFILES) {
        const outcome = expectations[profile];
        const title = `${name} [${profile}: ${outcome === 'ok' ? 'succeeds' : `refused, ${outcome.alert}`}]`;
        it(
          title,
          async ({ onTestFailed }) => {
            const tally = tallies.get(profile)!;
            // Also counts a timeout, which never returns here.
            onTestFailed(() => {
              tally.failed++;
            });
            if (outcome === 'ok') {
              await body(profile);
              tally.ok++;
              return;
            }
            const error = await body(profile).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(error, `${profile} succeeded where the real browser fails with ${outcome.alert}`).toBeDefined();
            if (outcome.orConnectionReset && error instanceof ConnectError && ['EPIPE', 'ECONNRESET'].includes(error.code)) {
              tally.refused++;
              return;
            }
            expect(error instanceof TLSError, `expected a TLSError with ${outcome.alert}, got ${describeError(error)}`).toBe(true);
            const tlsError = error as TLSError;
            expect(tlsError.alertName, describeError(error)).toBe(outcome.alert);
            if (outcome.direction) expect(tlsError.direction, describeError(error)).toBe(outcome.direction);
            tally.refused++;
          },
          timeoutMs,
        );
      }
    },
  };
  afterAll(() => {
    const rows: Rows = { [suite.label]: Object.fromEntries([...tallies].map(([p, t]) => [`${p} (${getProfile(p).id})`, t])) };
    console.log(`\n${formatTable(rows, `interop: ${suite.label}`)}\n`);
    const dir = inject('interopResultsDir');
    if (typeof dir === 'string' && dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${server.replace(/[^A-Za-z0-9._-]/g, '_')}.json`), JSON.stringify(rows));
    }
  });
  return suite;
}
