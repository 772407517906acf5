/**
 * Coverage files: each run or test worker writes its own file under
 * `<dir>/runs/`; reading merges them all, so coverage adds up across runs
 * and vitest workers. Writing the same name again replaces that file (a
 * rerun does not count twice); `resetCoverage` removes them all.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CoverageData, emptyCoverage, mergeCoverage, sortedCoverage } from './data.js';

/** Where coverage and its reports go by default. */
export const DEFAULT_COVERAGE_DIR = join('reports', 'coverage');

const runsDir = (dir: string) => join(dir, 'runs');

/** A file name made of the characters every file system accepts. */
export const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Writes one run's coverage as `<dir>/runs/<name>.json`; returns the path. */
export function saveCoverage(dir: string, name: string, data: CoverageData): string {
  mkdirSync(runsDir(dir), { recursive: true });
  const path = join(runsDir(dir), `${safeName(name)}.json`);
  writeFileSync(path, JSON.stringify(sortedCoverage(data), null, 1) + '\n');
  return path;
}

/** The merged coverage of every run file in `dir` (empty when there are none). */
export function loadCoverage(dir: string): CoverageData {
  let files: string[];
  try {
    files = readdirSync(runsDir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return emptyCoverage();
  }
  let out = emptyCoverage();
  for (const f of files) {
    const d = JSON.parse(readFileSync(join(runsDir(dir), f), 'utf8')) as CoverageData;
    if (d.version === 1) out = mergeCoverage(out, d);
  }
  return out;
}

/** Removes every recorded run in `dir`. */
export function resetCoverage(dir: string): void {
  rmSync(runsDir(dir), { recursive: true, force: true });
}
