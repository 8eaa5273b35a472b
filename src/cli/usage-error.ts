/** A mistake on the command line (a flag's value, a file that cannot be read): exit code 2, as curl. */
export class UsageError extends Error {
  override name = 'UsageError';
}
