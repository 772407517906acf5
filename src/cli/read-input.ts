/**
 * Reading an input file (a config, a trace): only a regular file, and at
 * most MAX_INPUT_BYTES of it, so that `/dev/zero`, a FIFO or a huge file
 * gives a one-line error instead of reading forever.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './usage.js';
import { excerpt } from '../input/excerpt.js';

/** The largest input file hvspec reads: 16 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The text of `file` (UTF-8), or a UsageError naming `what` (config, trace) and why it cannot be read. */
export function readInputFile(file: string, what: string): string {
  const name = excerpt(file, 120).replace(/^"|"$/g, '');
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer does not wait.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`cannot read ${what} ${name}: not a regular file`);
    if (st.size > MAX_INPUT_BYTES) throw new UsageError(`cannot read ${what} ${name}: ${st.size} bytes, more than the ${MAX_INPUT_BYTES} (16 MiB) hvspec reads`);
    // Read to the limit and one byte more (a file can grow, or report size 0 as /proc files do): a file past the limit is refused.
    let buf = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, st.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > MAX_INPUT_BYTES) break;
        const grown = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, 2 * buf.length + 4096));
        buf.copy(grown, 0, 0, n);
        buf = grown;
      }
      let k: number;
      try {
        k = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw new UsageError(`cannot read ${what} ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      if (k === 0) break;
      n += k;
    }
    if (n > MAX_INPUT_BYTES) throw new UsageError(`cannot read ${what} ${name}: more than the ${MAX_INPUT_BYTES} bytes (16 MiB) hvspec reads`);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}
