/**
 * Coverage files: each run or test worker writes its own file under
 * `<dir>/runs/`; reading merges them all, so coverage adds up across runs
 * and vitest workers. Writing the same name again replaces that file (a
 * rerun does not count twice); `resetCoverage` removes the ones hvspec
 * wrote (the folder's manifest lists them). A file is written whole or
 * not at all (a temporary file, then a rename), and one that cannot be
 * read as coverage (cut short, not a regular file, too large) is left out
 * of the merge and named to the caller, never fatal.
 */
import { dirname, join } from 'node:path';
import { type CoverageData, emptyCoverage, mergeCoverage, sortedCoverage } from './data.js';
import { type FileSystem, nodeFs } from '../files/fs-seam.js';
import type { WriteOptions } from '../files/atomic-write.js';
import { writeIntoFolder } from '../files/output-folder.js';
import { readRegularFile } from '../files/read-regular.js';
import { isManifestEntry, readManifest, removeManifest, rewriteManifest } from '../files/manifest.js';
import { assertFolderInside } from '../files/inside.js';
import { writeFailure } from '../files/write-error.js';

/** Where coverage and its reports go by default. */
export const DEFAULT_COVERAGE_DIR = join('reports', 'coverage');

const runsDir = (dir: string) => join(dir, 'runs');

/** A file name made of the characters every file system accepts. */
export const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The ending of the file that keeps a run's verdict next to its coverage (see report/verdict-store.ts): not coverage, so not merged. */
export const VERDICT_FILE_SUFFIX = '.verdict.json';

/** Largest run file read (one run's counts take a few kilobytes). */
export const RUN_FILE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Writes one run's coverage as `<dir>/runs/<name>.json`, atomically and
 * listed in `dir`'s manifest; returns the path. `root` is the folder the
 * write must not leave through a symbolic link (default `dir`). Throws WriteError.
 */
export function saveCoverage(dir: string, name: string, data: CoverageData, opts: WriteOptions = {}): string {
  return writeIntoFolder(dir, `runs/${safeName(name)}.json`, JSON.stringify(sortedCoverage(data), null, 1) + '\n', opts);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCounts = (v: unknown): boolean => isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));
const isCountsByMachine = (v: unknown): boolean => isRecord(v) && Object.values(v).every(isCounts);

/** Whether `d` has the shape `mergeCoverage` adds up. */
export function isCoverageData(d: unknown): d is CoverageData {
  if (!isRecord(d) || d.version !== 1 || !isRecord(d.engines)) return false;
  return Object.values(d.engines).every(
    (e) => isRecord(e) && typeof e.steps === 'number' && typeof e.skipped === 'number' && isCounts(e.ops) && isCountsByMachine(e.transitions) && isCountsByMachine(e.states) && (e.pairs === undefined || isCountsByMachine(e.pairs)),
  );
}

/**
 * The merged coverage of every run file in `dir` (empty when there are
 * none). A file that is not JSON or not coverage (cut short by a crash,
 * edited by hand) is left out and passed to `unreadable`.
 */
export function loadCoverage(dir: string, unreadable: (file: string, why: string) => void = () => {}, fs: FileSystem = nodeFs): CoverageData {
  let files: string[];
  try {
    files = fs.readdirSync(runsDir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith(VERDICT_FILE_SUFFIX)).sort();
  } catch {
    return emptyCoverage();
  }
  let out = emptyCoverage();
  for (const f of files) {
    const path = join(runsDir(dir), f);
    let d: unknown;
    try {
      d = JSON.parse(readRegularFile(path, RUN_FILE_MAX_BYTES, fs));
    } catch (e) {
      unreadable(path, e instanceof SyntaxError ? 'not JSON' : (e as Error).message);
      continue;
    }
    if (isCoverageData(d)) out = mergeCoverage(out, d);
    else unreadable(path, 'not an hvspec coverage file');
  }
  return out;
}

/** What a reset removed, and the run files it left because hvspec's manifest does not list them. */
export interface ResetResult {
  readonly removed: readonly string[];
  readonly leftAlone: readonly string[];
}

/**
 * Removes every recorded run in `dir` that hvspec wrote: the run files its
 * manifest lists (regular files only; a link is never followed), then the
 * runs folder if hvspec made it and it is empty. A file hvspec did not
 * write is left, and named in the result. Throws WriteError.
 */
export function resetCoverage(dir: string, { root = dir, fs = nodeFs }: WriteOptions = {}): ResetResult {
  const listed = readManifest(dir, fs);
  const removed: string[] = [];
  const kept = new Set(listed);
  for (const entry of [...listed].sort()) {
    if (!entry.startsWith('runs/') || !entry.endsWith('.json') || !isManifestEntry(entry)) continue;
    const file = join(dir, entry);
    assertFolderInside(root, dirname(file), fs);
    try {
      if (!fs.lstatSync(file).isFile()) continue; // a link or anything else put there since: left alone
      fs.unlinkSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(file, e, 'remove');
    }
    removed.push(file);
    kept.delete(entry);
  }
  if (listed.has('runs/')) {
    try {
      const st = fs.lstatSync(runsDir(dir));
      if (st.isDirectory() && fs.readdirSync(runsDir(dir)).length === 0) {
        fs.rmdirSync(runsDir(dir));
        kept.delete('runs/');
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(runsDir(dir), e, 'remove');
      kept.delete('runs/');
    }
  }
  if (kept.size === 0 && listed.size > 0) removeManifest(dir, fs);
  else if (kept.size !== listed.size) rewriteManifest(dir, kept, { root, fs });
  let rest: string[] = [];
  try {
    rest = fs.readdirSync(runsDir(dir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(runsDir(dir), f));
  } catch {
    // No runs folder: nothing left.
  }
  return { removed, leftAlone: rest };
}
