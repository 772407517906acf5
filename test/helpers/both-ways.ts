/**
 * Judging one op sequence both ways: incrementally (each claim judged again
 * only after a step that changed a part it reads) and in full (every claim
 * after every step). The two must find the same verdicts at the same step.
 */
import fc from 'fast-check';
import type { World } from '../../src/system/system.js';
import type { Op } from '../../src/system/ops.js';
import { INVARIANTS, GOALS, applicableGoals } from '../../properties/index.js';
import { systemModel, type SystemModel } from '../../src/check/system-model.js';
import { runModel } from '../../src/check/run.js';
import { propertySets, everyStep } from '../../src/engine/judge.js';
import { modelSequence, systemWeights } from '../../src/check/op-sequence.js';
import type { OpType } from '../../src/system/ops.js';

/** What one way of judging found on a sequence: the violation (step, every claim broken, messages) and the goals reached. */
export interface Verdicts {
  readonly violation: unknown;
  readonly reached: readonly string[];
  readonly steps: number;
}

/** The System model of `world` with every invariant and applicable goal. */
export const everyPropertyModel = (world: World): SystemModel => systemModel(world, { invariants: INVARIANTS, goals: applicableGoals(GOALS, world.config) });

/** The verdicts of `ops` judged incrementally and in full. */
export function bothWays(model: SystemModel, ops: readonly Op[]): { incremental: Verdicts; full: Verdicts } {
  const inc = propertySets(model.properties, model.changes);
  const run = (sets: typeof inc): Verdicts => {
    const r = runModel(model, ops, [], sets);
    return { violation: r.violation, reached: [...r.reached].sort(), steps: r.steps.length };
  };
  return { incremental: run(inc), full: run(everyStep(inc)) };
}

/** `count` op sequences of up to `depth` ops generated for `model` from `seed` (as the random engine generates them). */
export const sampleSequences = (model: SystemModel, seed: number, count: number, depth: number, weights?: Partial<Record<OpType, number>>): Op[][] =>
  fc.sample(modelSequence(model, { maxLength: depth, weights: systemWeights(weights) }), { seed, numRuns: count });
