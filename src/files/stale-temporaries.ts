/**
 * Temporary files left by a run that was killed outright (SIGKILL, a power
 * cut) between creating its temporary file and renaming it: the next
 * write in that folder removes those whose process is gone and that are
 * more than a minute old. Only names of the writer's own pattern are
 * touched (`.NAME.PID.HEX12.tmp`).
 */
import { join } from 'node:path';
import type { FileSystem } from './fs-seam.js';

const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** How old a temporary file must be before it counts as abandoned. */
export const STALE_AFTER_MS = 60_000;

/** Whether process `pid` is alive on this machine (a process we may not signal is alive). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Removes the abandoned temporary files in `folder` (best effort, never throws); returns their names. */
export function sweepStaleTemporaries(folder: string, fs: FileSystem, now = Date.now()): string[] {
  const gone: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return gone;
  }
  for (const n of names) {
    const m = TEMPORARY.exec(n);
    if (!m || alive(Number(m[1]))) continue;
    const file = join(folder, n);
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile() || now - st.mtimeMs < STALE_AFTER_MS) continue;
      fs.unlinkSync(file);
      gone.push(n);
    } catch {
      // Removed meanwhile, or not ours to remove.
    }
  }
  return gone;
}
