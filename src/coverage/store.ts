/**
 * Coverage files: each run or test worker writes its own file under
 * `<dir>/runs/`; reading merges them all, so coverage adds up across runs
 * and vitest workers. Writing the same name again replaces that file (a
 * rerun does not count twice); `resetCoverage` removes them all. A file
 * is written whole or not at all (a temporary file, then a rename), and
 * one that cannot be read as coverage is left out of the merge and named
 * to the caller, never fatal.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CoverageData, emptyCoverage, mergeCoverage, sortedCoverage } from './data.js';

/** Where coverage and its reports go by default. */
export const DEFAULT_COVERAGE_DIR = join('reports', 'coverage');

const runsDir = (dir: string) => join(dir, 'runs');

/** A file name made of the characters every file system accepts. */
export const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Writes one run's coverage as `<dir>/runs/<name>.json`, atomically; returns the path. */
export function saveCoverage(dir: string, name: string, data: CoverageData): string {
  mkdirSync(runsDir(dir), { recursive: true });
  const path = join(runsDir(dir), `${safeName(name)}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(sortedCoverage(data), null, 1) + '\n');
  renameSync(tmp, path);
  return path;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCounts = (v: unknown): boolean => isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));
const isCountsByMachine = (v: unknown): boolean => isRecord(v) && Object.values(v).every(isCounts);

/** Whether `d` has the shape `mergeCoverage` adds up. */
export function isCoverageData(d: unknown): d is CoverageData {
  if (!isRecord(d) || d.version !== 1 || !isRecord(d.engines)) return false;
  return Object.values(d.engines).every(
    (e) => isRecord(e) && typeof e.steps === 'number' && typeof e.skipped === 'number' && isCounts(e.ops) && isCountsByMachine(e.transitions) && isCountsByMachine(e.states),
  );
}

/**
 * The merged coverage of every run file in `dir` (empty when there are
 * none). A file that is not JSON or not coverage (cut short by a crash,
 * edited by hand) is left out and passed to `unreadable`.
 */
export function loadCoverage(dir: string, unreadable: (file: string, why: string) => void = () => {}): CoverageData {
  let files: string[];
  try {
    files = readdirSync(runsDir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return emptyCoverage();
  }
  let out = emptyCoverage();
  for (const f of files) {
    const path = join(runsDir(dir), f);
    let d: unknown;
    try {
      d = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      unreadable(path, e instanceof SyntaxError ? 'not JSON' : (e as Error).message);
      continue;
    }
    if (isCoverageData(d)) out = mergeCoverage(out, d);
    else unreadable(path, 'not an hvspec coverage file');
  }
  return out;
}

/** Removes every recorded run in `dir`. */
export function resetCoverage(dir: string): void {
  rmSync(runsDir(dir), { recursive: true, force: true });
}
