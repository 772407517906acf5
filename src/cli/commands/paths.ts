/**
 * `hvspec paths [--machine NAME]... [--out FILE] [--json]`: writes the
 * paths file (src/check/paths/paths-file.ts) of the named machines (by
 * default every machine that has a driver; a machine with several drivers,
 * one per host configuration, gets all of them) atomically to FILE, and
 * prints per driver how many paths, events and driven transitions it holds.
 */
import { statSync } from 'node:fs';
import { parseFlags, repeatedFlag, switchFlag, textFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { excerpt } from '../../input/excerpt.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { STANDARD_DRIVERS, NO_DRIVER } from '../../check/paths/drivers.js';
import { PATHS_CONFIG } from '../../check/paths/config.js';
import { exportPaths } from '../../check/paths/export.js';
import { encodePaths, pathsSummary } from '../../check/paths/encode.js';
import { standardWorld } from '../../system/system.js';

/** Where `hvspec paths` writes without `--out`. */
export const DEFAULT_PATHS_FILE = 'paths.json';

/** Runs `hvspec paths`; returns the exit status. */
export function pathsCommand(argv: string[], io: Io): number {
  const { values } = parseFlags('paths', argv, { machine: repeatedFlag(), out: textFlag(), json: switchFlag() });
  const file = values.out ?? DEFAULT_PATHS_FILE;
  if (file === '') throw new UsageError('paths: --out needs a file');
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`paths: --out ${excerpt(file)} is a directory, not a file`);
  const names = values.machine ?? STANDARD_DRIVERS.map((d) => d.machine);
  // A machine with several drivers (one per host configuration) gets all of them.
  const drivers = [...new Set(names)].flatMap((name) => {
    const ds = STANDARD_DRIVERS.filter((x) => x.machine === name);
    if (ds.length) return ds;
    const why = Object.hasOwn(NO_DRIVER, name) ? NO_DRIVER[name] : undefined;
    if (why !== undefined) throw new UsageError(`paths: machine ${name} has no driver (${why})`);
    throw new UsageError(`paths: unknown machine ${excerpt(name)} (machines with a driver: ${[...new Set(STANDARD_DRIVERS.map((x) => x.machine))].join(', ')})`);
  });
  const paths = exportPaths(standardWorld(PATHS_CONFIG), drivers);
  writeFileAtomic(file, encodePaths(paths));
  const summary = pathsSummary(paths);
  if (values.json) {
    io.out(JSON.stringify({ file, machines: summary, withoutDriver: paths.withoutDriver }, null, 2));
    return EXIT.HOLDS;
  }
  const label = (m: { machine: string; variant?: string }) => (m.variant ? `${m.machine} (${m.variant})` : m.machine);
  const w = Math.max(...summary.map((m) => label(m).length)) + 2;
  for (const m of summary) io.out(`${label(m).padEnd(w)}${m.paths} paths, ${m.events} events, ${m.driven}/${m.transitions} transitions driven by ops`);
  for (const [m, why] of Object.entries(paths.withoutDriver)) if (values.machine === undefined) io.out(`${m.padEnd(w)}no driver: ${why}`);
  io.out(`wrote ${file}`);
  return EXIT.HOLDS;
}
