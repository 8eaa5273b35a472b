/**
 * permessage-deflate (RFC 7692): the offer a browser makes, the server's answer checked as the
 * browser checks it, and per-message compression over node:zlib raw deflate.
 *
 * A context that persists across messages (context takeover) needs a zlib stream, and zlib's
 * streams are asynchronous (the sync one-shot functions close their context after each call), so
 * the session chains calls in message order; a later frame (a ping, a close) waits its turn behind
 * a message still inflating. A decompression bomb is cut at the message limit while it inflates.
 */
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import { WebSocketHandshakeError, WebSocketProtocolError } from '../errors.js';

/** The negotiated parameters (§7.1). Window bits default to 15. */
export interface DeflateParams {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits: number;
  clientMaxWindowBits: number;
}

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * The server's Sec-WebSocket-Extensions answer. null: no extension accepted. Anything but one
 * permessage-deflate with known, unrepeated parameters fails the opening, as Chromium's
 * WebSocketExtensionParser / PerMessageDeflateParameters and Firefox's ParseWebSocketExtension do;
 * `client_max_window_bits` is accepted only when we offered it (RFC 7692 §7.1.2.2).
 */
export function parseDeflateResponse(values: readonly string[], offeredClientWindowBits: boolean): DeflateParams | null {
  const extensions = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (extensions.length === 0) return null;
  if (extensions.length > 1) throw new WebSocketHandshakeError(`the server accepted more than one extension: ${values.join(', ')}`, 1006);
  const [name, ...params] = extensions[0]!.split(';').map((p) => p.trim());
  if (name!.toLowerCase() !== 'permessage-deflate') throw new WebSocketHandshakeError(`the server accepted an extension we did not offer: ${name}`, 1006);
  const result: DeflateParams = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 };
  const seen = new Set<string>();
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? null : param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (seen.has(key)) throw new WebSocketHandshakeError(`permessage-deflate parameter ${key} repeated`, 1006);
    seen.add(key);
    const bad = (): never => {
      throw new WebSocketHandshakeError(`invalid permessage-deflate parameter: ${param}`, 1006);
    };
    switch (key) {
      case 'server_no_context_takeover':
      case 'client_no_context_takeover':
        if (raw !== null) bad();
        if (key === 'server_no_context_takeover') result.serverNoContextTakeover = true;
        else result.clientNoContextTakeover = true;
        break;
      case 'server_max_window_bits':
      case 'client_max_window_bits': {
        if (key === 'client_max_window_bits' && !offeredClientWindowBits) bad();
        if (raw === null || !/^[0-9]{1,2}$/.test(raw)) bad();
        const bits = Number(raw);
        if (bits < 8 || bits > 15) bad();
        if (key === 'server_max_window_bits') result.serverMaxWindowBits = bits;
        else result.clientMaxWindowBits = bits;
        break;
      }
      default:
        bad();
    }
  }
  return result;
}

/** The canonical text of the negotiated extension, for `WebSocket.extensions`. */
export function describeDeflate(p: DeflateParams): string {
  const parts = ['permessage-deflate'];
  if (p.serverNoContextTakeover) parts.push('server_no_context_takeover');
  if (p.clientNoContextTakeover) parts.push('client_no_context_takeover');
  if (p.serverMaxWindowBits !== 15) parts.push(`server_max_window_bits=${p.serverMaxWindowBits}`);
  if (p.clientMaxWindowBits !== 15) parts.push(`client_max_window_bits=${p.clientMaxWindowBits}`);
  return parts.join('; ');
}

type Zlib = DeflateRaw | InflateRaw;

/**
 * Feeds `data` and flushes (Z_SYNC_FLUSH), resolving with what came out. `limit` bounds the output:
 * past it the stream is dropped and the promise rejects with a 1009, before the rest is inflated.
 */
function run(stream: Zlib, data: Uint8Array[], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit && !over) {
        over = true;
        cleanup();
        reject(new WebSocketProtocolError(`a compressed message inflates past the limit of ${limit} octets`, 1009));
        return;
      }
      chunks.push(chunk);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new WebSocketProtocolError(`a compressed message does not inflate: ${error.message}`, 1007));
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('error', onError);
    for (const part of data) stream.write(part);
    stream.flush(constants.Z_SYNC_FLUSH, () => {
      if (over) return;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

export class PerMessageDeflate {
  readonly params: DeflateParams;
  readonly #maxMessage: number;
  #deflater: DeflateRaw | null = null;
  #inflater: InflateRaw | null = null;

  constructor(params: DeflateParams, maxMessage: number) {
    this.params = params;
    this.#maxMessage = maxMessage;
  }

  /**
   * One message's payload, compressed, with the flush's trailing 00 00 ff ff removed (§7.2.1).
   * Calls must not overlap (the session chains them): the context carries from one to the next.
   */
  async compress(data: Uint8Array): Promise<Uint8Array> {
    // zlib cannot make an 8-bit raw deflate window; 9 is what it makes of 8.
    this.#deflater ??= createDeflateRaw({ windowBits: Math.max(9, this.params.clientMaxWindowBits) });
    const out = await run(this.#deflater, [data], Infinity);
    if (this.params.clientNoContextTakeover) this.#resetDeflater();
    const end = out.length >= 4 && out.subarray(out.length - 4).equals(TAIL) ? out.length - 4 : out.length;
    // An empty message still needs one octet, an empty stored block's start (§7.2.3.6).
    return end === 0 ? new Uint8Array([0x00]) : out.subarray(0, end);
  }

  /** One message's compressed payload (its frames joined), inflated within the message limit. Calls must not overlap. */
  async decompress(data: Uint8Array): Promise<Uint8Array> {
    // A 15-bit window reads any smaller one.
    this.#inflater ??= createInflateRaw({ windowBits: 15 });
    try {
      const out = await run(this.#inflater, [data, TAIL], this.#maxMessage);
      if (this.params.serverNoContextTakeover) this.#resetInflater();
      return out;
    } catch (error) {
      this.#resetInflater();
      throw error;
    }
  }

  close(): void {
    this.#resetDeflater();
    this.#resetInflater();
  }

  #resetDeflater(): void {
    this.#deflater?.close();
    this.#deflater = null;
  }

  #resetInflater(): void {
    this.#inflater?.close();
    this.#inflater = null;
  }
}
