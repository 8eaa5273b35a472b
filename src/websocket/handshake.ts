/**
 * The opening handshake's checks (RFC 6455 §4.1, §4.2.2; RFC 8441 §5): the key we send, the
 * accept we expect, and what the server's answer must say before a single frame is read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WebSocketHandshakeError } from '../errors.js';
import { describeDeflate, parseDeflateResponse, type DeflateParams } from './deflate.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** §4.1: 16 random octets, base64 (a fresh nonce per opening). */
export function makeKey(): string {
  return randomBytes(16).toString('base64');
}

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

export interface OpeningOutcome {
  /** The subprotocol the server chose, or ''. */
  protocol: string;
  /** The negotiated extensions as `WebSocket.extensions` reports them, or ''. */
  extensions: string;
  deflate: DeflateParams | null;
}

export interface OpeningCheck {
  /** 'h1': a 101 with Upgrade, Connection and the accept; 'h2': a 200 to the extended CONNECT. */
  version: 'h1' | 'h2';
  status: number;
  headers: readonly [string, string][];
  /** Our Sec-WebSocket-Key (HTTP/1.1 only; RFC 8441 has none). */
  key: string | null;
  protocols: readonly string[];
  /** Whether we offered permessage-deflate, and with client_max_window_bits. */
  offeredDeflate: boolean;
  offeredClientWindowBits: boolean;
}

function values(headers: readonly [string, string][], name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

function tokens(headers: readonly [string, string][], name: string): string[] {
  return values(headers, name).flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
}

/** The server's answer to the opening, checked; throws WebSocketHandshakeError (with `status`). */
export function checkOpening(check: OpeningCheck): OpeningOutcome {
  const fail = (why: string): never => {
    const error = new WebSocketHandshakeError(`WebSocket opening refused: ${why}`, 1006);
    error.status = check.status;
    throw error;
  };
  const expected = check.version === 'h1' ? 101 : 200;
  if (check.status !== expected) fail(`the server answered ${check.status}, not ${expected}`);
  if (check.version === 'h1') {
    if (!tokens(check.headers, 'upgrade').includes('websocket')) fail('no "Upgrade: websocket" in the answer');
    if (!tokens(check.headers, 'connection').includes('upgrade')) fail('no "Connection: Upgrade" in the answer');
    const accept = values(check.headers, 'sec-websocket-accept');
    if (accept.length !== 1 || accept[0]!.trim() !== acceptFor(check.key ?? '')) fail('Sec-WebSocket-Accept does not match our key');
  }
  const chosen = values(check.headers, 'sec-websocket-protocol').map((v) => v.trim());
  let protocol = '';
  if (chosen.length > 1) fail('more than one Sec-WebSocket-Protocol');
  if (chosen.length === 1) {
    if (!check.protocols.includes(chosen[0]!)) fail(`the server chose the subprotocol ${JSON.stringify(chosen[0])}, which we did not offer`);
    protocol = chosen[0]!;
  }
  const extensionValues = values(check.headers, 'sec-websocket-extensions');
  if (extensionValues.length > 0 && !check.offeredDeflate) fail('the server accepted an extension we did not offer');
  let deflate: DeflateParams | null;
  try {
    deflate = parseDeflateResponse(extensionValues, check.offeredClientWindowBits);
  } catch (error) {
    if (error instanceof WebSocketHandshakeError) error.status = check.status;
    throw error;
  }
  return { protocol, extensions: deflate === null ? '' : describeDeflate(deflate), deflate };
}
