/**
 * A one-line progress indicator for long commands (the demo): a spinner with a count on a
 * terminal, redrawn in place; plain lines when the output is a pipe or a file, where redrawing
 * would leave control characters in the log.
 */
import type { WriteStream } from 'node:tty';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  #label = '';
  #done = 0;
  #total = 0;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #out: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>>;

  constructor(out: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>> = process.stderr) {
    this.#out = out;
  }

  get #live(): boolean {
    return this.#out.isTTY === true;
  }

  start(label: string, total: number): void {
    this.#label = label;
    this.#done = 0;
    this.#total = total;
    if (!this.#live) {
      this.#out.write(`${label} (${total})…\n`);
      return;
    }
    this.#draw();
    // unref: a spinner must never be what keeps the process alive.
    this.#timer = setInterval(() => this.#draw(), 80).unref();
  }

  tick(what?: string): void {
    this.#done++;
    if (this.#live) this.#draw();
    else if (what) this.#out.write(`  ${this.#done}/${this.#total} ${what}\n`);
  }

  finish(summary: string): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#out.write(this.#live ? `\r\x1b[2K✔ ${summary}\n` : `${summary}\n`);
  }

  fail(summary: string): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#out.write(this.#live ? `\r\x1b[2K✘ ${summary}\n` : `${summary}\n`);
  }

  #draw(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length;
    this.#out.write(`\r\x1b[2K${FRAMES[this.#frame]} ${this.#label} ${this.#done}/${this.#total}`);
  }
}
