/**
 * The bar a download to a file (`-o FILE`) draws on stderr when stderr is a terminal, redrawn in
 * place: percent, bytes, speed. Off with -s or --no-progress-meter (curl's flags), and off where
 * stderr is a pipe or a file, where redrawing would leave control characters in a log.
 */
const WIDTH = 30;
const REDRAW_MS = 100;

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class DownloadProgress {
  readonly #out: ProgressSink;
  readonly #total: number | null;
  readonly #started = Date.now();
  #bytes = 0;
  #drawnAt = 0;

  /** `total`: the body's length when known (Content-Length of an uncompressed body). */
  constructor(out: ProgressSink, total: number | null) {
    this.#out = out;
    this.#total = total;
  }

  add(bytes: number): void {
    this.#bytes += bytes;
    const now = Date.now();
    if (now - this.#drawnAt >= REDRAW_MS) {
      this.#drawnAt = now;
      this.#out.write(`\r\x1b[2K${this.line(now)}`);
    }
  }

  finish(): void {
    this.#out.write(`\r\x1b[2K${this.line(Date.now(), true)}\n`);
  }

  /** One frame: `[#####.....]  50%  1.2 MiB / 2.4 MiB  3.1 MiB/s`, or bytes and speed with no total. */
  line(now: number, done = false): string {
    const seconds = Math.max((now - this.#started) / 1000, 0.001);
    const speed = `${size(this.#bytes / seconds)}/s`;
    const total = this.#total ?? (done ? this.#bytes : null);
    if (total === null || total === 0) return `${size(this.#bytes)}  ${speed}`;
    const fraction = Math.min(this.#bytes / total, 1);
    const filled = Math.round(fraction * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
    return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${size(this.#bytes)} / ${size(total)}  ${speed}`;
  }
}

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The length the bar aims for: Content-Length, unless a content coding makes it the compressed size. */
export function expectedLength(headers: { get(name: string): string | null }): number | null {
  const coding = headers.get('content-encoding');
  if (coding && coding.toLowerCase() !== 'identity') return null;
  const length = Number(headers.get('content-length'));
  return Number.isInteger(length) && length >= 0 ? length : null;
}
