/**
 * The hash of everything the build compiles (src, models, properties,
 * bench and the two tsconfig files), stamped into dist/ by scripts/build.ts:
 * a build whose stamp matches the sources is current, and the package test
 * reuses it instead of building again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the build writes the hash of the sources it compiled. */
export const STAMP = join('dist', '.source-hash');

const INPUTS = ['src', 'models', 'properties', 'bench', 'tsconfig.json', 'tsconfig.build.json'];

/** Every file under `rel` (relative to `root`), relative paths in code-unit order. */
function files(root: string, rel: string): string[] {
  const full = join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => join(rel, f))
    .filter((f) => statSync(join(root, f)).isFile());
}

/** The SHA-256 of the build's inputs under `root`: each file's path and contents, in path order. */
export function sourceHash(root: string): string {
  const h = createHash('sha256');
  const all = INPUTS.flatMap((i) => files(root, i)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const f of all) h.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}

/** Whether dist/ under `root` was built from the sources as they are now. */
export const buildIsCurrent = (root: string): boolean => existsSync(join(root, STAMP)) && readFileSync(join(root, STAMP), 'utf8') === sourceHash(root);
