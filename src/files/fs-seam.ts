/**
 * The file-system calls hvspec's writers and readers make, as one value
 * they take: the process's own `node:fs` by default, and in tests an
 * `fs` whose calls fail as a full disk (ENOSPC) or a read-only folder
 * (EROFS) would, which no permission can stage for a root user.
 */
import * as fs from 'node:fs';

/** The synchronous `node:fs` calls hvspec's files go through. */
export type FileSystem = Pick<
  typeof fs,
  | 'openSync'
  | 'writeSync'
  | 'readSync'
  | 'fsyncSync'
  | 'fstatSync'
  | 'closeSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'rmdirSync'
  | 'mkdirSync'
  | 'lstatSync'
  | 'realpathSync'
  | 'statfsSync'
  | 'readdirSync'
  | 'constants'
>;

/** The process's own file system. */
export const nodeFs: FileSystem = fs;
