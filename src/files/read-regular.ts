/**
 * Reading a file hvspec wrote earlier (a recorded run, a saved failure,
 * the latest property results) as data that may have been tampered with:
 * only a regular file (a FIFO or a device would block or never end), and
 * at most a given number of bytes.
 */
import { type FileSystem, nodeFs } from './fs-seam.js';

/** A file that is not read: not a regular file, too large, or unreadable. The message is one line. */
export class UnreadableFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFile';
  }
}

/** The text of `file`, which must be a regular file of at most `maxBytes` bytes; throws UnreadableFile (or the system error, e.g. ENOENT). */
export function readRegularFile(file: string, maxBytes: number, fs: FileSystem = nodeFs): string {
  // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFile('not a regular file');
    if (st.size > maxBytes) throw new UnreadableFile(`larger than ${maxBytes} bytes`);
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) throw new UnreadableFile(`larger than ${maxBytes} bytes`);
    }
    return buf.toString('utf8', 0, n);
  } finally {
    fs.closeSync(fd);
  }
}
