/**
 * Reading the files a command line names (`--ca`, `-d @file`, `-F name=@file`): a missing or
 * unreadable file is the user's mistake, so it becomes a UsageError naming the flag and the file.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export function readFileFor(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new UsageError(`${flag}: cannot read ${path}: ${why}`);
  }
}
