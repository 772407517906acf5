/**
 * Listeners told about every step, for coverage.
 *
 * `step` stays a pure function of its arguments: a listener only receives
 * the op and what the step did and can never change either. With no
 * listener registered (the default) nothing is recorded.
 */
import type { Op } from './ops.js';
import type { StepOutcome } from './outcome.js';

/** Called after every step with the op and its outcome. */
export type StepListener = (op: Op, outcome: StepOutcome) => void;

const listeners = new Set<StepListener>();

/** Registers `listener`; returns the function that removes it. */
export function onStep(listener: StepListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener about one step (called by `step`). */
export function notifyStep(op: Op, outcome: StepOutcome): void {
  for (const l of listeners) l(op, outcome);
}
