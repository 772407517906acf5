/**
 * Reading a file as data that may be hostile or tampered with (a config, a
 * trace, a recorded run, a saved failure): only a regular file (a FIFO or a
 * device would block or never end), and at most a given number of bytes,
 * whatever size the file claims (files under /proc report 0).
 */
import { type FileSystem, nodeFs } from './fs-seam.js';

/** A file that is not read: not a regular file, or too large. The message is one line. */
export class UnreadableFile extends Error {
  constructor(
    /** Why: not a regular file, or larger than the limit. */
    readonly reason: 'not-regular' | 'too-large',
    /** The size the file claimed, when it claimed one over the limit. */
    readonly size?: number,
  ) {
    super(reason === 'not-regular' ? 'not a regular file' : 'larger than the limit');
    this.name = 'UnreadableFile';
  }
}

/** A file over `maxBytes`: the message says so in one line. */
function tooLarge(maxBytes: number, size?: number): UnreadableFile {
  const e = new UnreadableFile('too-large', size);
  e.message = `larger than ${maxBytes} bytes`;
  return e;
}

/** The text of `file`, which must be a regular file of at most `maxBytes` bytes; throws UnreadableFile (or the system error, e.g. ENOENT). */
export function readRegularFile(file: string, maxBytes: number, fs: FileSystem = nodeFs): string {
  // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFile('not-regular');
    if (st.size > maxBytes) throw tooLarge(maxBytes, st.size);
    // Read to the limit and one byte more (a file can grow, or report size 0): a file past the limit is refused.
    let buf = Buffer.alloc(Math.min(maxBytes + 1, st.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) break;
        const grown = Buffer.alloc(Math.min(maxBytes + 1, 2 * buf.length + 4096));
        buf.copy(grown, 0, 0, n);
        buf = grown;
      }
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) throw tooLarge(maxBytes);
    return buf.toString('utf8', 0, n);
  } finally {
    fs.closeSync(fd);
  }
}
