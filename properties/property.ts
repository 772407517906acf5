/**
 * Named properties: the claims hvspec checks.
 *
 * - `always`: an invariant, judged on every state (and the step that led to it).
 * - `sometimes`: a reachability goal; a run that never reaches it shows that
 *   the invariants may have held vacuously.
 * - `eventually`: bounded liveness, once X then Y within K steps.
 */
import type { System } from '../src/system/system.js';
import type { Op } from '../src/system/ops.js';
import type { StepOutcome } from '../src/system/outcome.js';
import type { Config } from '../src/system/config.js';
import type { StatePart } from '../src/system/state-parts.js';

export type { StatePart } from '../src/system/state-parts.js';

/** The step that produced a state: absent for the initial state. */
export interface LastStep {
  readonly before: System;
  readonly op: Op;
  readonly outcome: StepOutcome;
}

/** An invariant: a present-tense claim about every reachable state. */
export interface Invariant {
  readonly kind: 'always';
  /** Kebab-case claim, e.g. `no-frame-owned-twice`. */
  readonly name: string;
  /** One sentence: what it claims and why it matters. */
  readonly description: string;
  /** Null when the claim holds, otherwise what is wrong, in a hypervisor engineer's words. */
  readonly check: (s: System, last: LastStep | undefined) => string | null;
  /**
   * True when `check` reads the step that led to the state (`last`): the
   * explorer then judges it on every transition. Absent or false, it is a
   * claim about the state alone, judged once per distinct state, and
   * `check` is called without the step.
   */
  readonly readsStep?: boolean;
  /**
   * For a claim with a part about the state and a part about the step
   * (`splitInvariant`): `check` is exactly the two in `stepFirst` order. The
   * explorer judges `state` once per distinct state and only `step` on a
   * transition into a state it has judged before.
   */
  readonly parts?: InvariantParts;
  /**
   * The parts of the System the claim about the state reads (`check`
   * without the step, or `parts.state`). Optional: absent, the claim is
   * judged after every step. Given, the random engine judges it again only
   * after a step that changed one of them; a claim about the step is still
   * judged on every step. List every part it reads: a part left out hides
   * a violation (test/unit/check/incremental.test.ts judges every property
   * both ways).
   */
  readonly reads?: readonly StatePart[];
}

/** The two halves of an invariant that judges both the state and the step that led to it. */
export interface InvariantParts {
  /** The claim about the state alone. */
  readonly state: (s: System) => string | null;
  /** The claim about the step (observations, the state before); `s` is the state after. */
  readonly step: (s: System, last: LastStep) => string | null;
  /** Whether a broken step is reported before a broken state when both break at once. */
  readonly stepFirst: boolean;
}

/** An invariant made of a state part and a step part: `check` judges both, in `parts.stepFirst` order. */
export function splitInvariant(p: Omit<Invariant, 'check' | 'parts'> & InvariantParts): Invariant {
  const { state, step, stepFirst, ...rest } = p;
  const check = stepFirst
    ? (s: System, last: LastStep | undefined) => (last ? step(s, last) : null) ?? state(s)
    : (s: System, last: LastStep | undefined) => state(s) ?? (last ? step(s, last) : null);
  return { ...rest, check, parts: { state, step, stepFirst } };
}

/** A reachability goal: some generated run should reach it. */
export interface Goal {
  readonly kind: 'sometimes';
  readonly name: string;
  readonly description: string;
  readonly reached: (s: System, last: LastStep | undefined) => boolean;
  /** For a goal about the state alone (it never reads `last`): the parts of the System it reads, as `Invariant.reads`. */
  readonly reads?: readonly StatePart[];
  /** Whether a configuration can reach it at all (absent: every configuration); engines leave inapplicable goals out. */
  readonly appliesTo?: (config: Config) => boolean;
}

/**
 * Bounded liveness: once `trigger` holds, `satisfied` holds within
 * `withinSteps` steps (counting the step that triggered it as step 0).
 * The explorer checks it on every path it visits by keeping a countdown
 * per property as part of each state's identity; a path on which the
 * countdown runs out is a counterexample.
 */
export interface Liveness {
  readonly kind: 'eventually';
  /** Kebab-case claim, e.g. `finalized-partition-stops-running`. */
  readonly name: string;
  readonly description: string;
  /** The condition that starts the countdown. */
  readonly trigger: (s: System, last: LastStep | undefined) => boolean;
  /** The condition that ends it. */
  readonly satisfied: (s: System, last: LastStep | undefined) => boolean;
  /** Steps allowed after the trigger before `satisfied` must hold (0: at once). */
  readonly withinSteps: number;
  /** What is still wrong when the countdown runs out, naming partitions and VPs. */
  readonly explain?: (s: System) => string;
}

/** The goals that apply to `config`. */
export const applicableGoals = (goals: readonly Goal[], config: Config): Goal[] => goals.filter((g) => !g.appliesTo || g.appliesTo(config));

/** Any named property. */
export type Property = Invariant | Goal | Liveness;

/** A violated invariant. */
export interface Violation {
  readonly property: string;
  readonly message: string;
}

/** Runs every invariant on a state; returns the violations, in property order. */
export function violations(invariants: readonly Invariant[], s: System, last: LastStep | undefined): Violation[] {
  const out: Violation[] = [];
  for (const p of invariants) {
    const m = p.check(s, last);
    if (m !== null) out.push({ property: p.name, message: m });
  }
  return out;
}
