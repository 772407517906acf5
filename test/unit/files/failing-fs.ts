/**
 * File systems for tests: the real one with some calls replaced by ones
 * that fail as a full disk or a read-only folder would (which no
 * permission can stage when the tests run as root).
 */
import * as realFs from 'node:fs';
import { constants } from 'node:os';
import type { FileSystem } from '../../../src/files/fs-seam.js';

/** The real calls (straight from node:fs, so that a test that replaces the seam itself still reaches them). */
const nodeFs: FileSystem = realFs;

/** A Node system error with `code` from `syscall` on `path`, as Node makes them. */
export const systemError = (code: 'ENOSPC' | 'EROFS' | 'EIO', syscall: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, errno: -constants.errno[code], syscall, path });

/** The real file system with `overrides` in place of some of its calls. */
export const withCalls = (overrides: Partial<FileSystem>): FileSystem => ({ ...nodeFs, ...overrides });

/** A file system whose writes put `room` bytes on disk, then fail with ENOSPC: a disk that fills mid-file. */
export function fullDisk(room = 10): FileSystem {
  let left = room;
  return withCalls({
    writeSync: ((fd: number, buf: Uint8Array, offset?: number, length?: number) => {
      if (left === 0) throw systemError('ENOSPC', 'write', '');
      const off = offset ?? 0;
      const n = Math.min(left, length ?? buf.length - off);
      left -= n;
      return nodeFs.writeSync(fd, buf, off, n);
    }) as FileSystem['writeSync'],
  });
}

/** A file system on which creating any file fails with EROFS: a read-only folder. */
export const readOnly = (): FileSystem =>
  withCalls({
    openSync: ((path: string, flags?: unknown, mode?: unknown) => {
      if (typeof flags === 'string' && flags.startsWith('r')) return nodeFs.openSync(path, flags, mode as number);
      if (typeof flags === 'number' && (flags & (nodeFs.constants.O_WRONLY | nodeFs.constants.O_RDWR)) === 0) return nodeFs.openSync(path, flags, mode as number);
      throw systemError('EROFS', 'open', String(path));
    }) as FileSystem['openSync'],
    mkdirSync: ((path: string) => {
      // Like the kernel: a folder that exists is not an error even on a read-only file system.
      if (nodeFs.lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined;
      throw systemError('EROFS', 'mkdir', String(path));
    }) as FileSystem['mkdirSync'],
  });
