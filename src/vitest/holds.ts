/**
 * Running a property of one's own over hvspec's System: `runOps` runs a
 * sequence from boot and returns every step; `assertHolds` judges claims
 * (hvspec's invariants by default) after every step and throws
 * `ClaimViolated` with hvspec's readable counterexample, the steps up to
 * the one that broke a claim.
 */
import type { Op } from '../system/ops.js';
import type { System } from '../system/system.js';
import type { Counterexample } from '../check/result.js';
import { systemCounterexample } from '../check/result.js';
import { runTrace, type TraceRun } from '../check/run.js';
import { formatCounterexample } from '../report/counterexample.js';
import { INVARIANTS, type Invariant, type LastStep } from '../../properties/index.js';
import { type SystemSetup, worldOf } from './setup.js';

/** A claim: an invariant, or a function that returns null when the claim holds and otherwise what is wrong (named after the function). */
export type Claim = Invariant | ((s: System, last: LastStep | undefined) => string | null);

/** A claim broken by a sequence; `message` is hvspec's counterexample (the steps that ran, the last one marked). */
export class ClaimViolated extends Error {
  /** The counterexample as data (not enumerable: a test runner prints the message, not this). */
  declare readonly counterexample: Counterexample;

  constructor(counterexample: Counterexample) {
    // The heading without the engine's shrink count: fast-check shrinks the sequence and counts its own shrinks.
    const [head = '', ...rest] = formatCounterexample(counterexample).split('\n');
    super([head.replace(/ \(shrunk \d+ times?\)$/, ''), ...rest].join('\n'));
    Object.defineProperty(this, 'counterexample', { value: counterexample, enumerable: false });
    this.name = 'ClaimViolated';
  }
}

/** A function claim as an invariant that reads the step (kebab-case of the function's name, or `claim`). */
function asInvariant(c: Claim, i: number): Invariant {
  if (typeof c !== 'function') return c;
  const name = c.name ? c.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() : `claim-${i + 1}`;
  return { kind: 'always', name, description: name, check: c, readsStep: true };
}

/** Runs `ops` from boot on `setup`'s System (skipped ops are dropped from the steps); judges `claims` (none by default) and stops at the first one broken. */
export function runOps(setup: SystemSetup, ops: readonly Op[], claims: readonly Claim[] = []): TraceRun {
  return runTrace(worldOf(setup), ops, claims.map(asInvariant));
}

/**
 * Runs `ops` from boot on `setup`'s System and judges `claims` (hvspec's
 * invariants when none is given) on the initial state and after every
 * step; throws ClaimViolated with the readable counterexample at the first
 * one broken.
 */
export function assertHolds(setup: SystemSetup, ops: readonly Op[], claims: readonly Claim[] = INVARIANTS): void {
  const world = worldOf(setup);
  const r = runTrace(world, ops, claims.map(asInvariant));
  const v = r.violation;
  if (!v) return;
  throw new ClaimViolated(
    systemCounterexample('random', world, { property: v.property, message: v.message, alsoViolated: v.all.slice(1).map((x) => x.property), ops: r.steps.map((s) => s.op), steps: r.steps }),
  );
}
