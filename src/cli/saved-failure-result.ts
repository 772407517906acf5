/**
 * The result `hvspec check` reports when its own runs find no violation
 * but a saved failure replayed first still fails: the runs' figures (their
 * seed, runs, steps, goals and counters, as a run in a fresh folder would
 * count them), with the saved counterexample and its property marked
 * violated. The counterexample keeps the seed and path that found it.
 */
import type { CheckResult, Counterexample } from '../check/result.js';

/** `runs`' result (which found no violation) with the saved counterexample `cx` that still fails. */
export function missedByTheRuns(runs: CheckResult, cx: Counterexample): CheckResult {
  const violated = new Set([cx.property, ...cx.alsoViolated]);
  const invariants = runs.invariants.map((i) => (violated.has(i.name) ? { ...i, status: 'violated' as const } : i));
  const { engine, runs: n, steps, goals, counters, seed } = runs;
  return { kind: 'violated', engine, runs: n, steps, goals, counters, seed, invariants, counterexample: cx };
}
