/**
 * Engine results as data. `assert`-style helpers throw on top of these;
 * the CLI maps them to exit statuses.
 */
import type { Config } from '../system/config.js';
import type { Op } from '../system/ops.js';
import type { Counters } from '../system/counters.js';
import { type TraceStep, type ReportedStep, reportedSteps } from './run.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { SchedulerPolicy } from '../scheduler/policy.js';
import { policyIdentity } from './policy-identity.js';

/** A shrunk (random), shortest (explore) or depth-first (a swarm member's) sequence that breaks a property. */
export interface Counterexample {
  readonly engine: 'random' | 'explore' | 'swarm';
  readonly property: string;
  readonly message: string;
  /** Other invariants violated at the same step. */
  readonly alsoViolated: readonly string[];
  readonly config: Config;
  readonly faults: readonly string[];
  /** The ops that ran, in order (skipped ops are left out). */
  readonly ops: readonly Op[];
  /** The same steps with what each did. */
  readonly steps: readonly ReportedStep[];
  readonly seed?: number;
  readonly path?: string;
  readonly shrinks?: number;
  /** The identity of the balancer policy in force, when one was set (see `policyIdentity`). */
  readonly balancer?: string;
  /** The identity of the scheduler policy in force, when one was set (see `policyIdentity`). */
  readonly scheduler?: string;
}

/** A trace of any model that breaks a claim: shrunk (random) or shortest (explore). */
export interface ModelCounterexample<A, O> {
  readonly property: string;
  readonly message: string;
  /** Other claims violated at the same step. */
  readonly alsoViolated: readonly string[];
  /** The ops that ran, in order (skipped ops are left out). */
  readonly ops: readonly A[];
  /** The same steps with what each reported. */
  readonly steps: readonly { readonly op: A; readonly outcome: O }[];
  readonly seed?: number;
  readonly path?: string;
  readonly shrinks?: number;
}

/**
 * A System model's counterexample as hvspec reports it: the engine that
 * found it and the config and faults it ran on. The seed, path and shrink
 * count are kept only where the engine set them.
 */
export function systemCounterexample(
  engine: Counterexample['engine'],
  world: { readonly config: Config; readonly faults: readonly string[]; readonly balancer?: BalancerPolicy; readonly scheduler?: SchedulerPolicy },
  cx: ModelCounterexample<Op, TraceStep['outcome']>,
): Counterexample {
  const { property, message, alsoViolated, ops, steps, seed, path, shrinks } = cx;
  const found = { ...(seed !== undefined ? { seed } : {}), ...(path !== undefined ? { path } : {}), ...(shrinks !== undefined ? { shrinks } : {}) };
  const balancer = policyIdentity(world.balancer);
  const scheduler = policyIdentity(world.scheduler);
  const policies = { ...(balancer !== undefined ? { balancer } : {}), ...(scheduler !== undefined ? { scheduler } : {}) };
  return { engine, property, message, alsoViolated, config: world.config, faults: world.faults, ops, steps: reportedSteps(steps), ...found, ...policies };
}

/** How a `sometimes` goal fared. */
export interface GoalResult {
  readonly name: string;
  /** Runs (random) or states (explore) in which it was reached; 0 means never. */
  readonly reachedIn: number;
}

/** How an invariant fared. */
export interface InvariantResult {
  readonly name: string;
  readonly status: 'holds' | 'violated' | 'unchecked';
}

/** Figures common to every result. */
export interface RunStats {
  readonly engine: 'random' | 'explore';
  readonly runs: number;
  readonly steps: number;
  readonly invariants: readonly InvariantResult[];
  readonly goals: readonly GoalResult[];
  readonly counters: Counters;
  readonly seed?: number;
  /** Set when a time budget ended the random runs before the runs asked were made: `runs` is how many were. */
  readonly budgetSpent?: true;
}

/**
 * A check's result:
 * - `holds`: every invariant held on every run and every goal was reached;
 * - `violated`: a counterexample (and, when asked to go on, `further` ones of other properties);
 * - `unreached`: invariants held but some `sometimes` goal never happened,
 *   so they may have held vacuously (never reported as success).
 */
export type CheckResult =
  | ({ readonly kind: 'holds' } & RunStats)
  | ({
      readonly kind: 'violated';
      readonly counterexample: Counterexample;
      /** With `--continue`: the other distinct properties found violated, each with its own counterexample, in the order found. */
      readonly further?: readonly Counterexample[];
    } & RunStats)
  | ({ readonly kind: 'unreached'; readonly unreached: readonly string[] } & RunStats);
