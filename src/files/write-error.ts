/**
 * A file hvspec could not write, or would not: one line naming the file
 * and why, e.g. `cannot write reports/coverage/index.html: no space left
 * on device (ENOSPC)`. The CLI prints it as `hvspec: <message>` and exits 2.
 */
import { getSystemErrorMap } from 'node:util';
import { safeLine } from './safe-line.js';

/** Why a file was not written (or a folder not cleaned), as one line (control characters in a path are shown escaped). */
export class WriteError extends Error {
  /** The system error code (ENOSPC, EROFS...), or 'REFUSED' when hvspec refused the path itself. */
  readonly code: string;
  constructor(message: string, code: string) {
    super(safeLine(message, 600));
    this.name = 'WriteError';
    this.code = code;
  }
}

/** `e` (a Node system error while writing `file`) as a WriteError that names `file`, not the temporary file. */
export function writeFailure(file: string, e: unknown, verb = 'write'): WriteError {
  if (e instanceof WriteError) return e;
  const { code, errno } = (e ?? {}) as NodeJS.ErrnoException;
  const reason = systemReason(code, errno) ?? (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return new WriteError(`cannot ${verb} ${file}: ${reason}${typeof code === 'string' ? ` (${code})` : ''}`, typeof code === 'string' ? code : 'EIO');
}

/** A path hvspec refuses to write (a symbolic link out of its folder, a special file system, not a regular file). */
export const refused = (file: string, why: string): WriteError => new WriteError(`cannot write ${file}: ${why}; refused`, 'REFUSED');

/** The system's wording of an error code (`no space left on device` for ENOSPC), by errno or else by code. */
function systemReason(code: unknown, errno: unknown): string | undefined {
  const map = getSystemErrorMap();
  if (typeof errno === 'number') {
    const known = map.get(errno);
    if (known) return known[1];
  }
  for (const [name, text] of map.values()) if (name === code) return text;
  return undefined;
}
