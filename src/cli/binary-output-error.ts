/**
 * A binary body was about to be written to a terminal: curl refuses (exit 23, a write error) with
 * this warning, because raw bytes can leave a terminal in a broken state (escape sequences that
 * switch its character set, say). `--output -` writes them anyway; `--output FILE` saves them.
 */
export class BinaryOutputError extends Error {
  override name = 'BinaryOutputError';
  constructor() {
    super(
      'Warning: Binary output can mess up your terminal. Use "--output -" to tell tls-requests to output it to your terminal anyway, or consider "--output <FILE>" to save to a file.',
    );
  }
}
