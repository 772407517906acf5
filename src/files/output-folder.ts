/**
 * Writing into an output folder hvspec owns (the coverage folder): each
 * file, and each folder made for it, is listed in the folder's manifest
 * before it is created, then written atomically; see manifest.ts and
 * atomic-write.ts.
 */
import { join } from 'node:path';
import { nodeFs } from './fs-seam.js';
import { type WriteOptions, writeFileAtomic } from './atomic-write.js';
import { assertWritable } from './inside.js';
import { recordCreated } from './manifest.js';

/** Writes `data` as `folder/rel` (`rel` in `/`-separated plain names), listed in the folder's manifest; returns the path. Throws WriteError. */
export function writeIntoFolder(folder: string, rel: string, data: string | Uint8Array, { root = folder, fs = nodeFs }: WriteOptions = {}): string {
  const file = join(folder, rel);
  assertWritable(root, file, fs);
  const parts = rel.split('/');
  const entries: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    try {
      fs.lstatSync(join(folder, sub));
    } catch {
      entries.push(`${sub}/`);
    }
  }
  recordCreated(folder, [...entries, rel], { root, fs });
  writeFileAtomic(file, data, { root, fs });
  return file;
}
