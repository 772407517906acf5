/**
 * The random engine: fast-check generates op sequences, every invariant is
 * checked after every step, a failing sequence is shrunk to a short one,
 * and the seed and path that reproduce it are reported.
 */
import fc from 'fast-check';
import type { World } from '../system/system.js';
import type { OpType } from '../system/ops.js';
import { type Counters, emptyCounters, addCounters } from '../system/counters.js';
import { type Invariant, type Goal, INVARIANTS, GOALS, applicableGoals } from '../../properties/index.js';
import { runTrace } from './run.js';
import { opSequence } from './op-sequence.js';
import type { CheckResult, Counterexample } from './result.js';

/** Options of a random check. */
export interface RandomOptions {
  /** The fast-check seed; the same seed gives the same result, byte for byte. */
  readonly seed: number;
  /** Number of generated sequences. */
  readonly runs: number;
  /** Longest sequence. */
  readonly depth: number;
  /** Invariants to check (default: all). */
  readonly invariants?: readonly Invariant[];
  /** Goals to track (default: all). */
  readonly goals?: readonly Goal[];
  /** Replay one failing case: the path fast-check printed. */
  readonly path?: string;
  /** Per-kind weights overriding OP_WEIGHTS. */
  readonly weights?: Partial<Record<OpType, number>>;
  /** Called after each generated run with the number of runs done (for progress output). */
  readonly onProgress?: (runsDone: number) => void;
}

/** Default runs, depth and seed of `hvspec check`. */
export const RANDOM_DEFAULTS = { seed: 1, runs: 200, depth: 40 } as const;

/** Runs the random engine and returns its result as data. */
export function checkRandom(world: World, opts: RandomOptions): CheckResult {
  const c = randomCheck(world, opts);
  return c.finish(fc.check(fc.property(c.arb, c.body), c.params));
}

/** What {@link checkRandomStoppable} gives: the result over the runs made, and whether a stop request ended the check first. */
export interface StoppableRandomResult {
  readonly result: CheckResult;
  /** True when the check ended on the stop request before finding a violation: `result` covers only the runs made. */
  readonly stopped: boolean;
}

/** Thrown into fast-check to end the runs on a stop request. */
const STOP = new Error('stop requested');

/**
 * Like {@link checkRandom}, but lets the event loop run before each
 * generated run and shrink step, so that a signal handler can ask it to
 * stop (`shouldStop`). Stopped before a violation, it returns what the runs
 * made found; stopped while shrinking, it ends the shrink and returns the
 * shortest counterexample found so far. The same seed gives the same
 * result as {@link checkRandom} when nothing stops it.
 */
export async function checkRandomStoppable(world: World, opts: RandomOptions, shouldStop: () => boolean): Promise<StoppableRandomResult> {
  const c = randomCheck(world, opts);
  let stopping = false;
  let stopThrown = false;
  const prop = fc.asyncProperty(c.arb, async (ops) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!stopping && shouldStop()) stopping = true;
    if (!stopping) return c.body(ops);
    // A stop while shrinking: every further candidate passes, so the shrink ends at the last real failure.
    if (c.shrinking() || stopThrown) return true;
    stopThrown = true;
    throw STOP;
  });
  const details = await fc.check(prop, c.params);
  if (stopThrown) return { result: c.finish({ ...details, failed: false }), stopped: true };
  return { result: c.finish(details), stopped: false };
}

/** The parts of one random check: the generator, the body run on each sequence, fast-check's parameters and the result builder. */
function randomCheck(world: World, opts: RandomOptions) {
  const invariants = opts.invariants ?? INVARIANTS;
  const goals = applicableGoals(opts.goals ?? GOALS, world.config);
  const reachedIn = new Map<string, number>(goals.map((g) => [g.name, 0]));
  let counters: Counters = emptyCounters();
  let steps = 0;
  let runs = 0;
  let shrinking = false;
  const arb = opSequence(world, { maxLength: opts.depth, weights: opts.weights });
  const body = (ops: Parameters<typeof runTrace>[1]): boolean => {
    const r = runTrace(world, ops, invariants, goals);
    if (!shrinking) {
      runs++;
      steps += r.steps.length;
      counters = addCounters(counters, r.final.counters);
      for (const g of r.reached) reachedIn.set(g, (reachedIn.get(g) ?? 0) + 1);
      opts.onProgress?.(runs);
    }
    if (r.violation) shrinking = true;
    return r.violation === undefined;
  };
  const params = { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false };
  const finish = (details: Pick<fc.RunDetails<[Parameters<typeof runTrace>[1]]>, 'failed' | 'counterexample' | 'seed' | 'counterexamplePath' | 'numShrinks'> & { errorInstance?: unknown }): CheckResult => {
    const goalResults = goals.map((g) => ({ name: g.name, reachedIn: reachedIn.get(g.name) ?? 0 }));
    const base = { engine: 'random' as const, runs, steps, counters, goals: goalResults, seed: opts.seed };
    const replayed = details.failed && details.counterexample ? runTrace(world, details.counterexample[0], invariants) : undefined;
    if (details.failed && replayed?.violation) {
      const r = replayed;
      const v = replayed.violation;
      const counterexample: Counterexample = {
        engine: 'random',
        property: v.property,
        message: v.message,
        alsoViolated: v.all.slice(1).map((x) => x.property),
        config: world.config,
        faults: world.faults,
        ops: r.steps.map((s) => s.op),
        steps: r.steps,
        seed: details.seed,
        path: details.counterexamplePath ?? undefined,
        shrinks: details.numShrinks,
      };
      const violatedSet = new Set(v.all.map((x) => x.property));
      return {
        kind: 'violated',
        ...base,
        invariants: invariants.map((p) => ({ name: p.name, status: violatedSet.has(p.name) ? 'violated' : 'unchecked' })),
        counterexample,
      };
    }
    if (details.failed) {
      const cause = 'errorInstance' in details ? details.errorInstance : undefined;
      throw new Error(`seed ${opts.seed}: the run failed without a counterexample${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
    }
    const invResults = invariants.map((p) => ({ name: p.name, status: 'holds' as const }));
    const unreached = goalResults.filter((g) => g.reachedIn === 0).map((g) => g.name);
    if (unreached.length > 0) return { kind: 'unreached', ...base, invariants: invResults, unreached };
    return { kind: 'holds', ...base, invariants: invResults };
  };
  return { arb, body, params, finish, shrinking: () => shrinking };
}

/** Throws with the formatted counterexample when the check does not hold (a thin layer over `checkRandom`). */
export function assertRandom(world: World, opts: RandomOptions, format: (r: CheckResult) => string): void {
  const r = checkRandom(world, opts);
  if (r.kind !== 'holds') throw new Error(format(r));
}
