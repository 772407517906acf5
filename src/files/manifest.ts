/**
 * The manifest of an output folder: the files (and folders, with a
 * trailing `/`) hvspec created there, one relative path a line, in
 * `.hvspec-manifest`. Cleaning a folder removes only what its manifest
 * lists, so nothing a user put there is touched. An entry is appended
 * (one write of one line, with O_APPEND, so runs at once never lose each
 * other's entries) before the file it names is created; a line that is
 * not a plain relative path is ignored.
 */
import { join } from 'node:path';
import { type FileSystem, nodeFs } from './fs-seam.js';
import { assertWritable } from './inside.js';
import { readRegularFile } from './read-regular.js';
import { writeFailure } from './write-error.js';
import { makeFolder, writeFileAtomic } from './atomic-write.js';

/** The manifest's file name inside its folder. */
export const MANIFEST = '.hvspec-manifest';

/** Largest manifest read (a larger one is treated as listing nothing). */
const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

const HEADER = '# files hvspec created in this folder (hvspec coverage --reset removes only the runs listed here)\n';

/** A relative path of plain names (no `..`, no absolute path, no empty part), optionally ending in `/`. */
const ENTRY = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\/?$/;

/** Whether `entry` is a path a manifest may list. */
export const isManifestEntry = (entry: string): boolean => ENTRY.test(entry);

/** The entries of `folder`'s manifest (empty when it has none or it cannot be read). */
export function readManifest(folder: string, fs: FileSystem = nodeFs): Set<string> {
  let text: string;
  try {
    text = readRegularFile(join(folder, MANIFEST), MANIFEST_MAX_BYTES, fs);
  } catch {
    return new Set();
  }
  return new Set(text.split('\n').filter(isManifestEntry));
}

/** Adds `entries` (relative to `folder`) to its manifest, creating `folder` if missing; throws WriteError. */
export function recordCreated(folder: string, entries: readonly string[], { root = folder, fs = nodeFs }: { root?: string; fs?: FileSystem } = {}): void {
  for (const e of entries) if (!isManifestEntry(e)) throw new Error(`not a manifest entry: ${JSON.stringify(e)}`);
  const listed = readManifest(folder, fs);
  const fresh = entries.filter((e) => !listed.has(e));
  if (fresh.length === 0) return;
  const file = join(folder, MANIFEST);
  assertWritable(root, file, fs);
  makeFolder(folder, fs);
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o666);
    const line = Buffer.from(`${fs.fstatSync(fd).size === 0 ? HEADER : ''}${fresh.join('\n')}\n`, 'utf8');
    fs.writeSync(fd, line);
  } catch (e) {
    throw writeFailure(file, e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Rewrites `folder`'s manifest as `entries` (after a clean removed some); throws WriteError. */
export function rewriteManifest(folder: string, entries: Iterable<string>, { root = folder, fs = nodeFs }: { root?: string; fs?: FileSystem } = {}): void {
  writeFileAtomic(join(folder, MANIFEST), HEADER + [...entries].filter(isManifestEntry).sort().map((e) => `${e}\n`).join(''), { root, fs });
}

/** Removes `folder`'s manifest once it lists nothing; throws WriteError. */
export function removeManifest(folder: string, fs: FileSystem = nodeFs): void {
  const file = join(folder, MANIFEST);
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(file, e, 'remove');
  }
}
