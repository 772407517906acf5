/**
 * Where hvspec may write: a file inside a folder (the working directory,
 * or the `--out` folder), reached without following a symbolic link out
 * of that folder, on an ordinary file system, and not already something
 * other than a regular file. The folder itself is taken as given (a
 * folder named on the command line may be a link to another disk);
 * everything below it is checked.
 */
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { FileSystem } from './fs-seam.js';
import { refused, writeFailure } from './write-error.js';

/** Linux file systems that hold no user files (statfs magic numbers): reports there are refused rather than tried. */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x6e736673, 'nsfs'],
  [0xcafe4a11, 'bpf'],
  [0x42494e4d, 'binfmt_misc'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
]);

const missing = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/**
 * The name of the special file system (proc, sysfs...) `path` or its
 * nearest existing ancestor is on, or undefined for an ordinary one.
 * Linux only; elsewhere always undefined.
 */
export function specialFileSystem(path: string, fs: FileSystem): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let p = path === '' ? '.' : path;
  for (;;) {
    try {
      return SPECIAL_FILE_SYSTEMS.get(Number(fs.statfsSync(p).type));
    } catch (e) {
      if (!missing(e)) return undefined;
      const up = dirname(p);
      if (up === p) return undefined;
      p = up;
    }
  }
}

/** Whether `path` (a real path) is `root` (a real path) or below it. */
const within = (root: string, path: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Throws a WriteError unless `file` may be written inside `root`: no
 * component between `root` and `file` is a symbolic link that leads out
 * of `root` (or nowhere), `file` is not on a special file system, and
 * `file`, if it exists, is a regular file (or a link inside `root`, which
 * a rename replaces without following). A component that exists and is
 * not a folder is left to the write itself, which fails with ENOTDIR.
 */
export function assertWritable(root: string, file: string, fs: FileSystem): void {
  walk(root, file, true, fs);
}

/** Throws a WriteError unless `folder` is inside `root` (or is `root`) and reached without a symbolic link out of `root`. */
export function assertFolderInside(root: string, folder: string, fs: FileSystem): void {
  if (relative(root, folder) !== '') walk(root, folder, false, fs);
}

function walk(root: string, file: string, isFile: boolean, fs: FileSystem): void {
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw refused(file, `it is not inside ${root}`);
  const special = specialFileSystem(dirname(file), fs);
  if (special) throw refused(file, `it is on ${special}, a special file system`);
  const parts = rel.split(sep);
  let realRoot: string | undefined;
  let p = root;
  for (let i = 0; i < parts.length; i++) {
    p = join(p, parts[i]!);
    const last = i === parts.length - 1;
    let st;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      if (missing(e)) return; // created by the write: nothing beyond it can be a link
      throw writeFailure(file, e);
    }
    if (st.isSymbolicLink()) {
      try {
        realRoot ??= fs.realpathSync(root);
      } catch (e) {
        throw writeFailure(root, e);
      }
      let target: string | undefined;
      try {
        target = fs.realpathSync(p);
      } catch {
        target = undefined;
      }
      if (target === undefined) throw refused(file, `${p} is a symbolic link that leads nowhere`);
      if (!within(realRoot, target)) throw refused(file, `${p} is a symbolic link to ${target}, outside ${root}`);
      continue;
    }
    if (last && isFile && !st.isFile()) throw refused(file, 'it exists and is not a regular file');
    if (!last && !st.isDirectory()) return;
  }
}
