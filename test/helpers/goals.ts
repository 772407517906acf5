/**
 * Goals judged along a fixed run: a short, hand-written sequence of ops
 * shows that a `sometimes` goal can be reached at all.
 */
import type { Goal } from '../../properties/index.js';
import type { Op } from '../../src/system/ops.js';
import { DEFAULT_CONFIG, type Config } from '../../src/system/config.js';
import { initialSystem } from '../../src/system/system.js';
import { runOps, world } from './world.js';

/** The step (1-based) of `ops` after which `goal` is first reached from boot; 0 if it never is. */
export function reachedAt(goal: Goal, ops: readonly Op[], config: Config = DEFAULT_CONFIG): number {
  const { results } = runOps(ops, config);
  let before = initialSystem(world(config));
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (goal.reached(r.system, { before, op: ops[i]!, outcome: r.outcome })) return i + 1;
    before = r.system;
  }
  return 0;
}
