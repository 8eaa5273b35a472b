import { appendFileSync } from 'node:fs';
import { hex } from './wire/writer.js';

/** Where NSS key log lines go: a file path (appended) or a function. */
/** Logs one secret: its NSS label, the connection's client random, the secret. */
export type KeyLogFn = (label: string, clientRandom: Uint8Array, secret: Uint8Array) => void;

export type KeyLogTarget = string | ((line: string) => void);

/**
 * The NSS key log format (as SSLKEYLOGFILE in browsers and curl), so Wireshark/tshark can decrypt
 * our traffic. `SSLKEYLOGFILE` applies when no target is given.
 */
export function keyLogger(target: KeyLogTarget | undefined): KeyLogFn | null {
  const sink = target ?? process.env.SSLKEYLOGFILE;
  if (!sink) return null;
  return (label, clientRandom, secret) => {
    const line = `${label} ${hex(clientRandom)} ${hex(secret)}\n`;
    if (typeof sink === 'function') sink(line);
    else appendFileSync(sink, line);
  };
}
