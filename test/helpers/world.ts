/**
 * Shared test fixtures: worlds, op runners and small configurations.
 */
import { DEFAULT_CONFIG, type Config } from '../../src/system/config.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { initialSystem, type System } from '../../src/system/system.js';
import type { Op } from '../../src/system/ops.js';
import { step, type StepResult } from '../../src/system/step.js';
import type { Counters } from '../../src/system/counters.js';
import { countersObserver } from '../../src/check/counters-observer.js';

/** A correct world on `config` (default config if omitted). */
export const world = (config: Config = DEFAULT_CONFIG, faults: string[] = []) => buildWorld(config, faults);

/** The counters of step results, as a counters observer sums them (skipped steps count nothing). */
export function countersOf(results: readonly StepResult[]): Counters {
  const c = countersObserver();
  for (const r of results) if (r.outcome.status === 'applied') c.applied({ before: r.system, op: null, after: r.system, outcome: r.outcome });
  return c.totals();
}

/** Runs ops from boot, returning every step result and their counters. */
export function runOps(ops: readonly Op[], config: Config = DEFAULT_CONFIG, faults: string[] = []): { system: System; results: StepResult[]; counters: Counters } {
  let system = initialSystem(world(config, faults));
  const results: StepResult[] = [];
  for (const op of ops) {
    const r = step(system, op);
    results.push(r);
    system = r.system;
  }
  return { system, results, counters: countersOf(results) };
}

/** A child partition that is Active with `pages` GPAs mapped from 0. */
export const activeWithMemory = (pid = 'p1', pages = 2): Op[] => [
  { type: 'createPartition', pid },
  { type: 'depositMemory', pid, pages: 1 },
  { type: 'initializePartition', pid },
  { type: 'mapGpaPages', pid, gpa: 0, pages, access: 3 },
];
