/**
 * The one way hvspec writes a file: the bytes go to a temporary file in
 * the same folder, named with the process id and a random suffix (so two
 * runs at once never share one), are flushed to disk, and the temporary
 * file is renamed over the target. A reader sees the old file or the new
 * one, never half of one; a write that fails removes its temporary file
 * and throws one WriteError naming the target. Temporary files abandoned
 * in the folder by a run killed outright are swept first.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { type FileSystem, nodeFs } from './fs-seam.js';
import { assertWritable } from './inside.js';
import { writeFailure } from './write-error.js';
import { sweepStaleTemporaries } from './stale-temporaries.js';

/** Where a write may go and through which file system. */
export interface WriteOptions {
  /** The folder the file must stay inside (default: the file's own folder). */
  readonly root?: string;
  /** The file system to write through (default: the process's own). */
  readonly fs?: FileSystem;
}

/** The temporary name `file` is written under before the rename. */
export const temporaryName = (file: string): string => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

/** Creates `folder` and its parents if missing; returns the first folder created, if any. Throws WriteError. */
export function makeFolder(folder: string, fs: FileSystem = nodeFs): string | undefined {
  try {
    return fs.mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw writeFailure(folder, e);
  }
}

/** Writes `data` to `file` whole or not at all (creating its folder); throws WriteError. */
export function writeFileAtomic(file: string, data: string | Uint8Array, { root = dirname(file), fs = nodeFs }: WriteOptions = {}): void {
  assertWritable(root, file, fs);
  makeFolder(dirname(file), fs);
  sweepStaleTemporaries(dirname(file), fs);
  const tmp = temporaryName(file);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o666);
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing: the first error is the one to report.
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never created, or already gone.
    }
    throw writeFailure(file, e);
  }
}
