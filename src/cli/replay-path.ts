/**
 * `hvspec check --path P`: a path that leads to no run of the seed's
 * generator (a mistyped path, or one printed with another seed, config,
 * faults, --runs or --depth) is bad input, one line and exit status 2,
 * not a run that proves nothing.
 */
import { UsageError } from './usage.js';
import { excerpt } from '../input/excerpt.js';

/** The usage error of a path that leads to no run. */
export const noSuchRun = (path: string, seed: number): UsageError =>
  new UsageError(`check: --path ${excerpt(path)} leads to no run of seed ${seed} (a path replays only with the seed, config, faults, --runs and --depth that printed it)`);

/** Turns fast-check's "Unable to replay" error for `path` into {@link noSuchRun}; rethrows any other error. */
export function rethrowNoSuchRun(e: unknown, path: string | undefined, seed: number): never {
  if (path !== undefined && e instanceof Error && /^Unable to replay/.test(e.message)) throw noSuchRun(path, seed);
  throw e;
}
