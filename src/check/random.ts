/**
 * The random engine: fast-check generates op sequences, every property is
 * judged after every step, a failing sequence is shrunk to a short one,
 * and the seed and path that reproduce it are reported. `checkModel` runs
 * any model; `checkRandom` hvspec's System.
 */
import fc from 'fast-check';
import type { System, World } from '../system/system.js';
import type { Op, OpType } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import { countersObserver } from './counters-observer.js';
import { type Invariant, type Goal, type Liveness, INVARIANTS, GOALS, LIVENESS, applicableGoals } from '../../properties/index.js';
import type { Model } from '../engine/model.js';
import type { StepObserver } from '../engine/observer.js';
import { propertySets, everyStep } from '../engine/judge.js';
import { runModel } from './run.js';
import { modelSequence, systemWeights, trajectoryOf, keepRunLog, startOf } from './op-sequence.js';
import { systemModel } from './system-model.js';
import { type CheckResult, type GoalResult, type InvariantResult, type ModelCounterexample, systemCounterexample } from './result.js';

/** Options of a random check of any model. */
export interface ModelRandomOptions<S, A, O> {
  /** The fast-check seed; the same seed gives the same result, byte for byte. */
  readonly seed: number;
  /** Number of generated sequences. */
  readonly runs: number;
  /** Longest sequence. */
  readonly depth: number;
  /** Replay one failing case: the path fast-check printed. */
  readonly path?: string;
  /** Weight per op kind (see `modelSequence`). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Called after each generated run with the number of runs done (for progress output). */
  readonly onProgress?: (runsDone: number) => void;
  /** Told every op of every generated run, once; the runs that shrinking tries are not told. */
  readonly observers?: readonly StepObserver<S, A, O>[];
  /** False: judge every claim after every step, ignoring read sets (the same verdicts, slower; default true). */
  readonly incremental?: boolean;
  /**
   * Asked before each generated run, never while shrinking: true ends the
   * runs there (a time budget; the caller owns the clock). The result then
   * covers the runs made and says `budgetSpent`; a violation found first
   * is still shrunk in full.
   */
  readonly budgetSpent?: () => boolean;
  /**
   * Report up to this many distinct violated properties (default 1: stop at
   * the first). After a violation is found and shrunk, the runs start again
   * from the same seed with the properties already violated left out, until
   * this many are found, the claims left hold, or the budget or a stop
   * ends them. Each property so found has its own shrunk counterexample.
   */
  readonly maxViolations?: number;
}

/** What a random check of a model found (`budgetSpent`: its budget ended the runs before the runs asked were made). */
export type ModelRandomResult<A, O> = { readonly runs: number; readonly steps: number; readonly invariants: readonly InvariantResult[]; readonly goals: readonly GoalResult[]; readonly budgetSpent?: true } & (
  | { readonly kind: 'holds' }
  | {
      readonly kind: 'violated';
      readonly counterexample: ModelCounterexample<A, O>;
      /** With `maxViolations` above 1: the other distinct properties found violated, each with its own counterexample, in the order found. */
      readonly further?: readonly ModelCounterexample<A, O>[];
    }
  | { readonly kind: 'unreached'; readonly unreached: readonly string[] }
);

/** Runs the random engine on `model` and returns its result as data. */
export function checkModel<S, A, O>(model: Model<S, A, O>, opts: ModelRandomOptions<S, A, O>): ModelRandomResult<A, O> {
  const once = (m: Model<S, A, O>): ModelRandomResult<A, O> => {
    const c = modelCheck(m, opts);
    return c.finish(fc.check(fc.property(c.arb, c.body), c.params));
  };
  const rounds = new Rounds(model, opts.maxViolations, once(model));
  for (let next = rounds.next(); next; next = rounds.next()) rounds.add(once(next));
  return rounds.result();
}

/**
 * The rounds of a random check that goes on after a violation
 * (`maxViolations`): which model the next round checks (the properties
 * found violated left out), and the rounds' results merged into one.
 */
class Rounds<S, A, O> {
  private readonly found: ModelCounterexample<A, O>[] = [];
  private last: ModelRandomResult<A, O>;
  private runs = 0;
  private steps = 0;
  private budget = false;
  private readonly reached = new Map<string, number>();

  constructor(
    private readonly model: Model<S, A, O>,
    private readonly max: number = 1,
    first: ModelRandomResult<A, O>,
  ) {
    this.last = first;
    this.count(first);
  }

  private count(r: ModelRandomResult<A, O>): void {
    this.runs += r.runs;
    this.steps += r.steps;
    if (r.budgetSpent) this.budget = true;
    for (const g of r.goals) this.reached.set(g.name, (this.reached.get(g.name) ?? 0) + g.reachedIn);
    if (r.kind === 'violated') this.found.push(r.counterexample);
  }

  /** Adds a round's result. */
  add(r: ModelRandomResult<A, O>): void {
    this.last = r;
    this.count(r);
  }

  /** The model of the next round, or undefined when the rounds are over. */
  next(): Model<S, A, O> | undefined {
    if (this.last.kind !== 'violated' || this.found.length >= this.max || this.budget) return undefined;
    const out = new Set(this.found.map((c) => c.property));
    const properties = this.model.properties.filter((p) => !out.has(p.name));
    // Nothing left to violate (goals only): the rounds are over.
    if (!properties.some((p) => p.kind !== 'sometimes')) return undefined;
    return { ...this.model, properties };
  }

  /** The rounds as one result: the first counterexample, the further ones, each claim's status from the round that settled it. */
  result(): ModelRandomResult<A, O> {
    const [first, ...further] = this.found;
    if (!first || (further.length === 0 && this.runs === this.last.runs)) return this.last;
    const violated = new Set(this.found.map((c) => c.property));
    const lastStatus = new Map(this.last.invariants.map((i) => [i.name, i.status]));
    const claims = propertySets(this.model.properties).claims;
    const invariants: InvariantResult[] = claims.map((name) => ({ name, status: violated.has(name) ? 'violated' : (lastStatus.get(name) ?? 'unchecked') }));
    const goals = this.last.goals.map((g) => ({ name: g.name, reachedIn: this.reached.get(g.name) ?? 0 }));
    const spent = this.budget ? { budgetSpent: true as const } : {};
    return { kind: 'violated', runs: this.runs, steps: this.steps, invariants, goals, counterexample: first, ...(further.length ? { further } : {}), ...spent };
  }
}

/** What a stoppable random check gives: the result over the runs made, and whether a stop request ended the check first. */
export interface Stoppable<R> {
  readonly result: R;
  /** True when the check ended on the stop request before finding a violation: `result` covers only the runs made. */
  readonly stopped: boolean;
}

/** Thrown into fast-check to end the runs on a stop request. */
const STOP = new Error('stop requested');

/** Thrown into fast-check to end the runs when the budget is spent. */
const BUDGET = new Error('budget spent');

/**
 * Like {@link checkModel}, but lets the event loop run before each
 * generated run and shrink step, so that a signal handler can ask it to
 * stop (`shouldStop`). Stopped before a violation, it returns what the runs
 * made found; stopped while shrinking, it ends the shrink and returns the
 * shortest counterexample found so far. The same seed gives the same
 * result as {@link checkModel} when nothing stops it.
 */
export async function checkModelStoppable<S, A, O>(model: Model<S, A, O>, opts: ModelRandomOptions<S, A, O>, shouldStop: () => boolean): Promise<Stoppable<ModelRandomResult<A, O>>> {
  const first = await checkOnceStoppable(model, opts, shouldStop);
  if (first.stopped) return first;
  const rounds = new Rounds(model, opts.maxViolations, first.result);
  for (let next = rounds.next(); next; next = rounds.next()) {
    const r = await checkOnceStoppable(next, opts, shouldStop);
    // A stop in a later round ends the rounds: the violations found stand (not a stop before a violation), and the runs of the stopped round are not counted.
    if (r.stopped) return { result: rounds.result(), stopped: false };
    rounds.add(r.result);
  }
  return { result: rounds.result(), stopped: false };
}

/** One round of {@link checkModelStoppable}: stops at the first violation. */
async function checkOnceStoppable<S, A, O>(model: Model<S, A, O>, opts: ModelRandomOptions<S, A, O>, shouldStop: () => boolean): Promise<Stoppable<ModelRandomResult<A, O>>> {
  const c = modelCheck(model, opts);
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

/** The parts of one random check of `model`: the generator, the body run on each sequence, fast-check's parameters and the result builder. */
function modelCheck<S, A, O>(model: Model<S, A, O>, opts: ModelRandomOptions<S, A, O>) {
  const all = propertySets(model.properties, model.changes);
  const sets = opts.incremental === false ? everyStep(all) : all;
  const reachedIn = new Map<string, number>(sets.goals.map((g) => [g.name, 0]));
  const observers = opts.observers ?? [];
  let steps = 0;
  let runs = 0;
  let shrinking = false;
  const arb = modelSequence(model, { maxLength: opts.depth, ...(opts.weights ? { weights: opts.weights } : {}) });
  let budgetSpent = false;
  const body = (ops: A[]): boolean => {
    // Once the budget ended the runs, fast-check's shrink of the run it interrupted finds nothing: every candidate passes.
    if (budgetSpent) return true;
    if (!shrinking && opts.budgetSpent?.()) {
      budgetSpent = true;
      throw BUDGET;
    }
    // A shrink candidate starts after the first ops it shares with the failing run it was made from, and logs its run for
    // the candidates made from it should it fail too. The first failing run is judged again to log it (the runs before
    // it keep no log: most runs pass).
    const from = shrinking ? startOf<S, A, O>(ops) : undefined;
    const known = trajectoryOf<S, O>(ops);
    const r = runModel(model, ops, shrinking ? [] : observers, sets, known, shrinking ? { record: true, ...(from ? { from } : {}) } : {});
    if (r.violation) keepRunLog(ops, r.log ?? runModel(model, ops, [], sets, known, { record: true }).log!);
    if (!shrinking) {
      runs++;
      steps += r.steps.length;
      for (const g of r.reached) reachedIn.set(g, (reachedIn.get(g) ?? 0) + 1);
      opts.onProgress?.(runs);
    }
    if (r.violation) shrinking = true;
    return r.violation === undefined;
  };
  const params = { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false };
  type Details = Pick<fc.RunDetails<[A[]]>, 'failed' | 'counterexample' | 'seed' | 'counterexamplePath' | 'numShrinks'> & { errorInstance?: unknown };
  const finish = (given: Details): ModelRandomResult<A, O> => {
    const details = budgetSpent ? { ...given, failed: false } : given;
    const spent = budgetSpent ? { budgetSpent: true as const } : {};
    const goals = sets.goals.map((g) => ({ name: g.name, reachedIn: reachedIn.get(g.name) ?? 0 }));
    const replayed = details.failed && details.counterexample ? runModel(model, details.counterexample[0], [], sets) : undefined;
    if (details.failed && replayed?.violation) {
      const v = replayed.violation;
      const counterexample: ModelCounterexample<A, O> = {
        property: v.property,
        message: v.message,
        alsoViolated: v.all.slice(1).map((x) => x.property),
        ops: replayed.steps.map((s) => s.op),
        steps: replayed.steps,
        seed: details.seed,
        path: details.counterexamplePath ?? undefined,
        shrinks: details.numShrinks,
      };
      const violatedSet = new Set(v.all.map((x) => x.property));
      const invariants = sets.claims.map((name) => ({ name, status: violatedSet.has(name) ? ('violated' as const) : ('unchecked' as const) }));
      return { kind: 'violated', runs, steps, invariants, goals, counterexample, ...spent };
    }
    if (details.failed) {
      const cause = details.errorInstance;
      throw new Error(`seed ${opts.seed}: the run failed without a counterexample${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
    }
    const invariants = sets.claims.map((name) => ({ name, status: 'holds' as const }));
    const unreached = goals.filter((g) => g.reachedIn === 0).map((g) => g.name);
    if (unreached.length > 0) return { kind: 'unreached', runs, steps, invariants, goals, unreached, ...spent };
    return { kind: 'holds', runs, steps, invariants, goals, ...spent };
  };
  return { arb, body, params, finish, shrinking: () => shrinking };
}

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
  /** Bounded-liveness properties judged along each run (default: all); a run whose countdown runs out is a counterexample. */
  readonly liveness?: readonly Liveness[];
  /** Replay one failing case: the path fast-check printed. */
  readonly path?: string;
  /** Per-kind weights overriding OP_WEIGHTS. */
  readonly weights?: Partial<Record<OpType, number>>;
  /** Called after each generated run with the number of runs done (for progress output). */
  readonly onProgress?: (runsDone: number) => void;
  /** Told every op of every generated run, once (coverage); shrinking's runs are not told. */
  readonly observers?: readonly StepObserver<System, Op, StepOutcome>[];
  /** False: judge every claim after every step, ignoring the properties' `reads` (the same verdicts, slower; default true). */
  readonly incremental?: boolean;
  /**
   * A time budget: asked before each generated run (never while
   * shrinking), true ends the runs there and the result says `budgetSpent`
   * (the caller owns the clock and passes a deadline predicate, as the CLI
   * does in src/cli/budget.ts; the engine reads no clock). With `runs` the most runs, it makes as many
   * as fit.
   */
  readonly budgetSpent?: () => boolean;
  /** Report up to this many distinct violated properties, each with its own shrunk counterexample (default 1; see `ModelRandomOptions.maxViolations`). */
  readonly maxViolations?: number;
}

/** Default runs, depth and seed of `hvspec check`. */
export const RANDOM_DEFAULTS = { seed: 1, runs: 200, depth: 40 } as const;

/** Runs the random engine on the System of `world` and returns its result as data. */
export function checkRandom(world: World, opts: RandomOptions): CheckResult {
  const s = systemCheck(world, opts);
  return s.result(checkModel(s.model, s.options));
}

/**
 * Like {@link checkRandom}, but stoppable between runs and shrink steps
 * (see {@link checkModelStoppable}); the same seed gives the same result
 * when nothing stops it.
 */
export async function checkRandomStoppable(world: World, opts: RandomOptions, shouldStop: () => boolean): Promise<Stoppable<CheckResult>> {
  const s = systemCheck(world, opts);
  const r = await checkModelStoppable(s.model, s.options, shouldStop);
  return { result: s.result(r.result), stopped: r.stopped };
}

/** The System model of a random check, its options, and the builder of its `CheckResult`. */
function systemCheck(world: World, opts: RandomOptions) {
  const invariants = opts.invariants ?? INVARIANTS;
  const model = systemModel(world, { invariants, goals: applicableGoals(opts.goals ?? GOALS, world.config), liveness: opts.liveness ?? LIVENESS });
  // The counters of every generated run (shrinking's runs are not told).
  const counters = countersObserver<System, Op>();
  const options: ModelRandomOptions<System, Op, StepOutcome> = {
    seed: opts.seed,
    runs: opts.runs,
    depth: opts.depth,
    weights: systemWeights(opts.weights),
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.incremental !== undefined ? { incremental: opts.incremental } : {}),
    ...(opts.budgetSpent ? { budgetSpent: opts.budgetSpent } : {}),
    ...(opts.maxViolations !== undefined ? { maxViolations: opts.maxViolations } : {}),
    observers: [...(opts.observers ?? []), counters],
  };
  const result = (r: ModelRandomResult<Op, StepOutcome>): CheckResult => {
    const base = { engine: 'random' as const, runs: r.runs, steps: r.steps, counters: counters.totals(), goals: r.goals, seed: opts.seed, ...(r.budgetSpent ? { budgetSpent: true as const } : {}) };
    if (r.kind === 'violated') {
      const counterexample = systemCounterexample('random', world, r.counterexample);
      const further = r.further ? { further: r.further.map((c) => systemCounterexample('random', world, c)) } : {};
      return { kind: 'violated', ...base, invariants: r.invariants, counterexample, ...further };
    }
    if (r.kind === 'unreached') return { kind: 'unreached', ...base, invariants: r.invariants, unreached: r.unreached };
    return { kind: 'holds', ...base, invariants: r.invariants };
  };
  return { model, options, result };
}

/** Throws with the formatted counterexample when the check does not hold (a thin layer over `checkRandom`). */
export function assertRandom(world: World, opts: RandomOptions, format: (r: CheckResult) => string): void {
  const r = checkRandom(world, opts);
  if (r.kind !== 'holds') throw new Error(format(r));
}
