/**
 * One verdict per claim (`always` and `transition` claims, then
 * `eventually` properties) from an engine's result.
 */
import type { Verdict } from '../engine/model.js';
import type { ModelExploreResult } from './explore.js';
import type { ModelRandomResult } from './random.js';

/** A claim's name and verdict. */
export interface ClaimVerdict {
  readonly name: string;
  readonly verdict: Verdict;
}

/**
 * The verdict of each claim of an exploration: all hold when it is
 * complete; the counterexample's claims are violated and the others bounded
 * when it found one (the search stopped there); all bounded when a limit
 * ended it.
 */
export function exploreVerdicts<A, O>(r: ModelExploreResult<A, O>): ClaimVerdict[] {
  return [...r.invariants, ...r.liveness].map((name): ClaimVerdict => {
    if (r.kind === 'complete') return { name, verdict: { kind: 'holds' } };
    if (r.kind === 'bounded') return { name, verdict: { kind: 'bounded' } };
    const cx = r.counterexample;
    if (cx.property === name) return { name, verdict: { kind: 'violated', message: cx.message } };
    return { name, verdict: cx.alsoViolated.includes(name) ? { kind: 'violated' } : { kind: 'bounded' } };
  });
}

/**
 * The verdict of each claim of a random check: every generated run is a
 * sample, so a claim no run broke holds over those runs; after a violation
 * the claims it does not break are bounded (the runs after it were not
 * made).
 */
export function randomVerdicts<A, O>(r: ModelRandomResult<A, O>): ClaimVerdict[] {
  return r.invariants.map(({ name }): ClaimVerdict => {
    if (r.kind !== 'violated') return { name, verdict: { kind: 'holds' } };
    const cx = r.counterexample;
    if (cx.property === name) return { name, verdict: { kind: 'violated', message: cx.message } };
    return { name, verdict: cx.alsoViolated.includes(name) ? { kind: 'violated' } : { kind: 'bounded' } };
  });
}
