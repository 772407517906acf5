/**
 * The verdict of each recorded run, kept next to its coverage as
 * `<dir>/runs/<name>.verdict.json`, so that the merged reports of
 * `hvspec coverage` can state what every run concluded. Removed with the
 * run by `hvspec coverage --reset` (the manifest lists it).
 */
import { join } from 'node:path';
import type { WriteOptions } from '../files/atomic-write.js';
import { writeIntoFolder } from '../files/output-folder.js';
import { readRegularFile } from '../files/read-regular.js';
import { safeName, RUN_FILE_MAX_BYTES, VERDICT_FILE_SUFFIX } from '../coverage/store.js';
import { type FileSystem, nodeFs } from '../files/fs-seam.js';
import { stableJson } from './stable-json.js';
import type { RunVerdict } from './verdict.js';

/** The ending of a verdict file in the runs folder. */
export const VERDICT_SUFFIX = VERDICT_FILE_SUFFIX;

/** Saves the verdict of the run recorded as `name` (atomically; throws WriteError). */
export function saveVerdict(dir: string, name: string, v: RunVerdict, opts: WriteOptions = {}): string {
  return writeIntoFolder(dir, `runs/${safeName(name)}${VERDICT_SUFFIX}`, stableJson(v), opts);
}

/** Whether `v` has the shape of a saved verdict. */
export const isRunVerdict = (v: unknown): v is RunVerdict => {
  const r = v as Partial<RunVerdict> | null;
  return typeof r === 'object' && r !== null && typeof r.command === 'string' && typeof r.verdict === 'string' && typeof r.exitStatus === 'number' && typeof r.summary === 'string' && Array.isArray(r.properties);
};

/** The runs recorded in `dir`: each run's name (sorted) and whether a verdict was saved with it; none when `dir/runs` cannot be read. */
export function recordedRuns(dir: string, fs: FileSystem = nodeFs): { readonly name: string; readonly hasVerdict: boolean }[] {
  let files: string[];
  try {
    files = fs.readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files
    .filter((f) => !f.endsWith(VERDICT_SUFFIX))
    .map((f) => f.slice(0, -'.json'.length))
    .map((name) => ({ name, hasVerdict: files.includes(`${name}${VERDICT_SUFFIX}`) }));
}

/** Every recorded run in `dir` (by name, sorted) with its verdict when one was saved; an unreadable verdict is left out. */
export function loadRuns(dir: string, fs: FileSystem = nodeFs): { readonly name: string; readonly verdict?: RunVerdict }[] {
  return recordedRuns(dir, fs).map(({ name, hasVerdict }) => {
    if (!hasVerdict) return { name };
    try {
      const v: unknown = JSON.parse(readRegularFile(join(dir, 'runs', `${name}${VERDICT_SUFFIX}`), RUN_FILE_MAX_BYTES, fs));
      return isRunVerdict(v) ? { name, verdict: v } : { name };
    } catch {
      return { name };
    }
  });
}
