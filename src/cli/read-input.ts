/**
 * Reading an input file named on the command line (a config, a trace):
 * `readRegularFile` with a 16 MiB limit, its failures turned into one-line
 * usage errors, so that `/dev/zero`, a FIFO or a huge file is refused at
 * once instead of read forever.
 */
import { UsageError } from './usage.js';
import { excerpt } from '../input/excerpt.js';
import { UnreadableFile, readRegularFile } from '../files/read-regular.js';

/** The largest input file hvspec reads: 16 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The text of `file` (UTF-8), or a UsageError naming `what` (config, trace) and why it cannot be read. */
export function readInputFile(file: string, what: string): string {
  try {
    return readRegularFile(file, MAX_INPUT_BYTES);
  } catch (e) {
    const name = excerpt(file, 120).replace(/^"|"$/g, '');
    const why =
      e instanceof UnreadableFile && e.reason === 'too-large'
        ? `${e.size !== undefined ? `${e.size} bytes, more than the ${MAX_INPUT_BYTES} (16 MiB) hvspec reads` : `more than the ${MAX_INPUT_BYTES} bytes (16 MiB) hvspec reads`}`
        : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    throw new UsageError(`cannot read ${what} ${name}: ${why}`);
  }
}
