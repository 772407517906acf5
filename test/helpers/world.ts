/**
 * Shared test fixtures: worlds, op runners and small configurations.
 */
import { DEFAULT_CONFIG, type Config } from '../../src/system/config.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { initialSystem, type System } from '../../src/system/system.js';
import type { Op } from '../../src/system/ops.js';
import { step, type StepResult } from '../../src/system/step.js';

/** A correct world on `config` (default config if omitted). */
export const world = (config: Config = DEFAULT_CONFIG, faults: string[] = []) => buildWorld(config, faults);

/** Runs ops from boot, returning every step result. */
export function runOps(ops: readonly Op[], config: Config = DEFAULT_CONFIG, faults: string[] = []): { system: System; results: StepResult[] } {
  let system = initialSystem(world(config, faults));
  const results: StepResult[] = [];
  for (const op of ops) {
    const r = step(system, op);
    results.push(r);
    system = r.system;
  }
  return { system, results };
}

/** A child partition that is Active with `pages` GPAs mapped from 0. */
export const activeWithMemory = (pid = 'p1', pages = 2): Op[] => [
  { type: 'createPartition', pid },
  { type: 'depositMemory', pid, pages: 1 },
  { type: 'initializePartition', pid },
  { type: 'mapGpaPages', pid, gpa: 0, pages, access: 3 },
];
