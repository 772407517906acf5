/**
 * Bounded liveness ("once X, then Y within K steps") of hvspec's
 * properties judged along a saved trace. The countdowns themselves are the
 * model engines' (src/engine/judge.ts): the explorer keeps them as part of
 * each state's identity; a run keeps them along its path.
 */
import type { World } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { Liveness, Violation } from '../../properties/index.js';
import { runModel } from './run.js';
import { systemModel } from './system-model.js';

/** Runs `ops` from the initial System and returns the first liveness violation, with its 1-based step, if any. */
export function livenessOnTrace(world: World, ops: readonly Op[], props: readonly Liveness[]): (Violation & { step: number }) | undefined {
  const v = runModel(systemModel(world, { liveness: props }), ops).violation;
  return v ? { property: v.property, message: v.message, step: v.step } : undefined;
}
