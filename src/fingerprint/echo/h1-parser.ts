/**
 * Reads HTTP/1.1 requests (RFC 9112) off a byte stream cut anywhere, keeping each header line
 * exactly as sent: its spelling, case, spacing and place are what tell HTTP/1.1 clients apart,
 * so nothing is normalised. Bodies (Content-Length or chunked) are counted, and kept (up to
 * MAX_KEPT_BODY) for the httpbin routes that echo them.
 *
 * Anything it cannot frame is an `Http1ParseError` with the status to answer before closing.
 */

export interface Http1Request {
  method: string;
  target: string;
  version: string;
  requestLine: string;
  /** Header lines as sent, in order. */
  headerLines: string[];
  /** The same fields parsed: names lower-cased, values trimmed, in order. */
  headers: Array<[string, string]>;
  bodyLength: number;
  /** The body (chunked framing removed), its first MAX_KEPT_BODY bytes. */
  body: Uint8Array;
  /** Whether the client expects the connection to stay open after the answer. */
  keepAlive: boolean;
}

export class Http1ParseError extends Error {
  override name = 'Http1ParseError';
  constructor(
    message: string,
    readonly status: 400 | 431 | 501,
  ) {
    super(message);
  }
}

/** A request head larger than this is refused (nginx's default large_client_header_buffers is 4 x 8 KiB). */
const MAX_HEAD = 64 * 1024;
/** Past this a body is still counted but no longer kept: an upload test must not hold the server's memory. */
export const MAX_KEPT_BODY = 16 * 1024 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type State =
  | { at: 'head' }
  | { at: 'fixed'; remaining: number }
  | { at: 'chunk-size' }
  | { at: 'chunk-data'; remaining: number }
  | { at: 'chunk-end' }
  | { at: 'trailers' };

export class Http1RequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = { at: 'head' };
  private current: Http1Request | undefined;
  private bodyParts: Uint8Array[] = [];
  private keptBody = 0;

  /** The bytes after the last request, taken away (a WebSocket's first frames after its Upgrade). */
  rest(): Uint8Array {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  /** Appends a chunk; returns every request it completes (head and body), in order. */
  push(chunk: Uint8Array): Http1Request[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
    const done: Http1Request[] = [];
    while (this.step()) {
      if (this.state.at === 'head' && this.current) {
        this.current.body = this.bodyParts.length === 1 ? this.bodyParts[0]! : new Uint8Array(Buffer.concat(this.bodyParts));
        done.push(this.current);
        this.current = undefined;
        this.bodyParts = [];
        this.keptBody = 0;
      }
    }
    return done;
  }

  /** Advances one state; false when more bytes are needed. `push` collects a request when the state returns to 'head'. */
  private step(): boolean {
    const s = this.state;
    switch (s.at) {
      case 'head':
        return this.readHead();
      case 'fixed':
      case 'chunk-data': {
        const n = Math.min(s.remaining, this.buffer.length);
        if (n === 0 && s.remaining > 0) return false;
        this.current!.bodyLength += n;
        this.keep(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        s.remaining -= n;
        if (s.remaining > 0) return false;
        this.state = s.at === 'fixed' ? { at: 'head' } : { at: 'chunk-end' };
        return true;
      }
      case 'chunk-size': {
        const line = this.takeLine();
        if (line === undefined) return false;
        // chunk-size [ ; chunk-ext ]: the extensions carry nothing a report needs.
        const size = /^([0-9A-Fa-f]{1,8})[ \t]*(;.*)?$/.exec(line);
        if (!size) throw new Http1ParseError(`bad chunk size line "${line.slice(0, 40)}"`, 400);
        const n = parseInt(size[1]!, 16);
        this.state = n === 0 ? { at: 'trailers' } : { at: 'chunk-data', remaining: n };
        return true;
      }
      case 'chunk-end': {
        if (this.buffer.length < 2) return false;
        if (!this.buffer.subarray(0, 2).equals(CRLF)) throw new Http1ParseError('chunk data not followed by CRLF', 400);
        this.buffer = this.buffer.subarray(2);
        this.state = { at: 'chunk-size' };
        return true;
      }
      case 'trailers': {
        const line = this.takeLine();
        if (line === undefined) return false;
        if (line === '') this.state = { at: 'head' };
        return true;
      }
    }
  }

  private keep(bytes: Uint8Array): void {
    const room = MAX_KEPT_BODY - this.keptBody;
    if (room <= 0 || bytes.length === 0) return;
    // A copy: the parser's buffer is a view into chunks that are reused.
    const part = new Uint8Array(bytes.subarray(0, room));
    this.bodyParts.push(part);
    this.keptBody += part.length;
  }

  private takeLine(): string | undefined {
    const end = this.buffer.indexOf(CRLF);
    if (end < 0) {
      if (this.buffer.length > MAX_HEAD) throw new Http1ParseError('line too long', 400);
      return undefined;
    }
    const line = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end + 2);
    return line;
  }

  private readHead(): boolean {
    // RFC 9112 §2.2: empty lines before a request line are ignored (some clients send CRLF after a body).
    while (this.buffer.length >= 2 && this.buffer.subarray(0, 2).equals(CRLF)) this.buffer = this.buffer.subarray(2);
    const end = this.buffer.indexOf(HEAD_END);
    if (end < 0) {
      if (this.buffer.length > MAX_HEAD) throw new Http1ParseError(`request head over ${MAX_HEAD} bytes`, 431);
      return false;
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    this.buffer = this.buffer.subarray(end + 4);
    const requestLine = lines[0]!;
    const parts = /^(\S+) (\S+) (HTTP\/\d\.\d)$/.exec(requestLine);
    if (!parts || !TOKEN.test(parts[1]!)) throw new Http1ParseError(`bad request line "${requestLine.slice(0, 80)}"`, 400);
    const headerLines = lines.slice(1);
    const headers = headerLines.map(parseHeaderLine);
    const request: Http1Request = {
      method: parts[1]!,
      target: parts[2]!,
      version: parts[3]!,
      requestLine,
      headerLines,
      headers,
      bodyLength: 0,
      body: new Uint8Array(0),
      keepAlive: keepAlive(parts[3]!, headers),
    };
    this.current = request;
    this.state = bodyState(headers);
    return true;
  }
}

function parseHeaderLine(line: string): [string, string] {
  // §5.2: obs-fold (a line starting with whitespace) is rejected rather than guessed at.
  const m = /^([^\s:]+):[ \t]*(.*?)[ \t]*$/.exec(line);
  if (!m || !TOKEN.test(m[1]!)) throw new Http1ParseError(`bad header line "${line.slice(0, 80)}"`, 400);
  return [m[1]!.toLowerCase(), m[2]!];
}

function values(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([n]) => n === name).flatMap(([, v]) => v.split(',').map((t) => t.trim().toLowerCase()));
}

function keepAlive(version: string, headers: Array<[string, string]>): boolean {
  const connection = values(headers, 'connection');
  return version === 'HTTP/1.0' ? connection.includes('keep-alive') : !connection.includes('close');
}

/** §6.3: chunked wins over Content-Length; differing Content-Lengths are an error. */
function bodyState(headers: Array<[string, string]>): State {
  const coding = values(headers, 'transfer-encoding');
  if (coding.length) {
    if (coding[coding.length - 1] !== 'chunked') throw new Http1ParseError(`unsupported transfer-encoding ${coding.join(', ')}`, 501);
    return { at: 'chunk-size' };
  }
  const lengths = [...new Set(values(headers, 'content-length'))];
  if (lengths.length === 0) return { at: 'head' };
  if (lengths.length > 1 || !/^\d{1,15}$/.test(lengths[0]!)) throw new Http1ParseError(`bad content-length ${lengths.join(', ')}`, 400);
  const n = Number(lengths[0]);
  return n === 0 ? { at: 'head' } : { at: 'fixed', remaining: n };
}
