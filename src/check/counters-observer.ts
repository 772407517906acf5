/**
 * The counters of a run, summed by an observer: each applied step reports
 * its increments in its outcome (`StepOutcome.counts`), and the observer
 * adds them up, with one `appliedSteps` per applied step. Counters are
 * never part of the System, so they cannot split states.
 */
import type { StepObserver } from '../engine/observer.js';
import type { StepOutcome } from '../system/outcome.js';
import { type Counters, emptyCounters, addCounts } from '../system/counters.js';

/** An observer that sums the counters of the steps it is told. */
export interface CountersObserver<S = unknown, A = unknown> extends StepObserver<S, A, StepOutcome> {
  /** The counters of every applied step told so far (a fresh copy). */
  totals(): Counters;
}

/** A counters observer starting at zero. */
export function countersObserver<S = unknown, A = unknown>(): CountersObserver<S, A> {
  const c = emptyCounters() as { -readonly [K in keyof Counters]: Counters[K] };
  return {
    applied: (t) => {
      c.appliedSteps++;
      addCounts(c, t.outcome.counts);
    },
    totals: () => ({
      ...c,
      hypercalls: { ...c.hypercalls },
      intercepts: { ...c.intercepts },
      virtualInterrupts: { ...c.virtualInterrupts },
      deferredWaitSteps: { ...c.deferredWaitSteps },
      deferredSince: {},
    }),
  };
}
