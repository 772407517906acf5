/**
 * Observers: what an engine tells about every op it tries in a run, each
 * exactly once. Coverage and counters are observers; an engine is given
 * its observers explicitly and nothing global listens. An observer sees a
 * step and can change neither it nor the state.
 */
import type { Transition } from './model.js';

/** Told about every op an engine tries in a run. */
export interface StepObserver<S, A, O> {
  /** An op that applied. */
  applied(t: Transition<S, A, O>): void;
  /** An op that was not enabled in `s` (the run went on without it). */
  skipped?(s: S, op: A): void;
}

/**
 * Observers that see only the ops tried after the first `from` of a run:
 * for an engine that runs a longer prefix of the same deterministic ops
 * again, so that no op is told twice.
 */
export function afterFirst<S, A, O>(observers: readonly StepObserver<S, A, O>[], from: number): StepObserver<S, A, O>[] {
  if (from <= 0) return [...observers];
  let seen = 0;
  const tail: StepObserver<S, A, O> = {
    applied: (t) => {
      if (seen++ >= from) for (const o of observers) o.applied(t);
    },
    skipped: (s, op) => {
      if (seen++ >= from) for (const o of observers) o.skipped?.(s, op);
    },
  };
  return [tail];
}
