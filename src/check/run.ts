/**
 * Running a sequence of ops through a model, judging its properties after
 * every step. Shared by every engine and by replay: `runModel` for any
 * model, `runTrace` for hvspec's System.
 */
import type { World, System } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import type { Invariant, Goal, Violation } from '../../properties/index.js';
import type { Model, Transition } from '../engine/model.js';
import type { StepObserver } from '../engine/observer.js';
import { type ModelViolation, type PropertySets, propertySets, violationsAfter, needsJudging, advanceCountdowns, disarmedCountdowns, eventuallyViolation } from '../engine/judge.js';
import type { Next } from '../engine/model.js';
import { systemModel } from './system-model.js';

/** One step of a trace that ran (skipped ops are not listed). */
export interface ModelTraceStep<A, O> {
  readonly op: A;
  readonly outcome: O;
}

/** One step of a System trace. */
export type TraceStep = ModelTraceStep<Op, StepOutcome>;

/** One step of a System trace as a report shows it: what it did, without its counts (those are summed into the counters). */
export type ReportedStep = ModelTraceStep<Op, Omit<StepOutcome, 'counts'>>;

/** The steps of a trace as a report shows them (each outcome without its counts, its transitions without the instance that coverage follows). */
export const reportedSteps = (steps: readonly TraceStep[]): ReportedStep[] =>
  steps.map(({ op, outcome: { counts: _counts, ...outcome } }) => ({
    op,
    outcome: { ...outcome, transitions: outcome.transitions.map(({ instance: _instance, ...t }) => t) },
  }));

/** A violation found while running a trace: which step (1-based; 0 is the initial state). */
export interface TraceViolation extends Violation {
  readonly step: number;
  /** Every claim violated at that step (the first is `property`). */
  readonly all: readonly Violation[];
}

/** What running a trace through a model did. */
export interface ModelTraceRun<S, A, O> {
  /** The steps that ran, up to and including the violating one. */
  readonly steps: readonly ModelTraceStep<A, O>[];
  readonly violation?: TraceViolation;
  readonly final: S;
  /** Names of the goals reached along the way. */
  readonly reached: ReadonlySet<string>;
  /** Ops that were skipped (not enabled when their turn came). */
  readonly skippedCount: number;
  /** The run's log, when asked for (`record`). */
  readonly log?: RunLog<S, A, O>;
}

/** Where a run starts and whether it keeps a log (the last arguments of {@link runModel}). */
export interface RunResume<S, A, O> {
  /** Start after ops shared with a logged run instead of from the initial state; goals reached in those ops are then not listed in `reached`, and observers are told only the ops after them. */
  readonly from?: RunStart<S, A, O>;
  /** Keep the run's log (`ModelTraceRun.log`). */
  readonly record?: boolean;
}

/** What `model.next` gave for each op of a sequence in turn, from `initial` (a skipped op leaves the state as it was). */
export interface Trajectory<S, O> {
  readonly initial: S;
  readonly nexts: readonly (Next<S, O> | undefined)[];
}

/**
 * What a run went through, op by op, up to its first violation: where a
 * later run of the same first ops can start instead of stepping and
 * judging them again (shrinking tries many sequences that share their
 * first ops with the last failing one).
 */
export interface RunLog<S, A, O> {
  /** `states[k]`: the state after the first k ops (`states[0]` the initial), for every k whose state was judged without a violation. */
  readonly states: readonly S[];
  /** `applied[k]`: how many of the first k ops applied (the rest were skipped). */
  readonly applied: readonly number[];
  /** `countdowns[k]`: the liveness countdowns after the first k ops. */
  readonly countdowns: readonly Int8Array[];
  /** The steps that applied. */
  readonly steps: readonly ModelTraceStep<A, O>[];
}

/** Where a run starts: after the first `shared` ops of an earlier run's log, which this run's ops begin with. */
export interface RunStart<S, A, O> {
  readonly log: RunLog<S, A, O>;
  /** How many first ops this run shares with the logged one (at most `log.states.length - 1`). */
  readonly shared: number;
}

/** What judging an initial state found. */
interface InitialVerdict {
  readonly violation: TraceViolation | undefined;
  readonly reached: readonly string[];
  readonly countdowns: Int8Array;
}

/**
 * The verdicts on each initial state object judged, by property sets: a
 * model that hands out one initial state object (the System model does)
 * has it judged once, not once per run. The judges are pure, so the same
 * object gets the same verdicts.
 */
const INITIAL_VERDICTS = new WeakMap<object, WeakMap<object, InitialVerdict>>();

/** What running a System trace did. */
export type TraceRun = ModelTraceRun<System, Op, StepOutcome>;

/**
 * Runs `ops` from the model's initial state, judging its properties on the
 * initial state and after every applied step (`always` and `transition`
 * claims, goals, liveness countdowns); stops at the first violation.
 * Skipped ops are dropped from the returned steps. Every op tried is told
 * to `observers` once.
 *
 * With read sets in `sets` (the default when the model names its state
 * parts), a claim or goal whose `reads` a step left alone is not judged
 * again after it: the verdicts are those of judging everything (see
 * `everyStep`). `known`, when given, is what `model.next` gives for each of
 * `ops` in turn (a generator that already ran them): the run takes those
 * instead of stepping again. `resume.from` starts the run after the first
 * ops it shares with a logged run (the states, steps and countdowns there
 * are the log's: the model and its judges are deterministic);
 * `resume.record` keeps this run's log.
 */
export function runModel<S, A, O>(
  model: Model<S, A, O>,
  ops: readonly A[],
  observers: readonly StepObserver<S, A, O>[] = [],
  sets: PropertySets<S, A, O> = propertySets(model.properties, model.changes),
  known?: Trajectory<S, O>,
  resume: RunResume<S, A, O> = {},
): ModelTraceRun<S, A, O> {
  const nexts = known && known.nexts.length === ops.length ? known.nexts : undefined;
  let state = nexts ? known!.initial : model.initial();
  const steps: ModelTraceStep<A, O>[] = [];
  const log = resume.record ? { states: [] as S[], applied: [] as number[], countdowns: [] as Int8Array[], steps } : undefined;
  const reached = new Set<string>();
  const { safety, goals, eventually, safetyReads, goalReads } = sets;
  const changes = safetyReads || goalReads ? model.changes : undefined;
  let changed = 0;
  let countdowns = disarmedCountdowns(eventually.length);
  const judge = (t: Transition<S, A, O> | undefined): TraceViolation | undefined => {
    if (t && changes) changed = changes.changed(t.before, t.after);
    for (let i = 0; i < goals.length; i++) {
      const g = goals[i]!;
      if (reached.has(g.name)) continue;
      if (t && goalReads && !needsJudging(goalReads[i]!, changed)) continue;
      if (g.reached(state, t)) reached.add(g.name);
    }
    const v: ModelViolation[] = violationsAfter(safety, changes ? safetyReads : undefined, changed, state, t);
    if (v.length > 0) return { ...v[0]!, step: steps.length, all: v };
    if (eventually.length === 0) return undefined;
    const c = advanceCountdowns(eventually, countdowns, state, t);
    if (typeof c === 'number') {
      const l = eventuallyViolation(eventually[c]!, state);
      return { ...l, step: steps.length, all: [l] };
    }
    countdowns = c;
    return undefined;
  };
  let violation: TraceViolation | undefined;
  const initial = typeof state === 'object' && state !== null ? (state as object) : undefined;
  const memo = initial ? INITIAL_VERDICTS.get(sets)?.get(initial) : undefined;
  if (memo) {
    violation = memo.violation;
    for (const g of memo.reached) reached.add(g);
    countdowns = memo.countdowns;
  } else {
    violation = judge(undefined);
    if (initial) {
      let bySets = INITIAL_VERDICTS.get(sets);
      if (!bySets) INITIAL_VERDICTS.set(sets, (bySets = new WeakMap()));
      bySets.set(initial, { violation, reached: [...reached], countdowns });
    }
  }
  let skippedCount = 0;
  let first = 0;
  const from = resume.from;
  if (from && !violation && from.shared > 0) {
    const k = from.shared;
    const l = from.log;
    if (k >= l.states.length) throw new Error(`runModel: the run shares ${k} ops with a log of ${l.states.length - 1}`);
    state = l.states[k]!;
    countdowns = l.countdowns[k]!;
    const applied = l.applied[k]!;
    for (let j = 0; j < applied; j++) steps.push(l.steps[j]!);
    skippedCount = k - applied;
    if (log) {
      log.states.push(...l.states.slice(0, k));
      log.applied.push(...l.applied.slice(0, k));
      log.countdowns.push(...l.countdowns.slice(0, k));
    }
    first = k;
  }
  for (let i = first; i < ops.length; i++) {
    if (log && !violation) {
      log.states.push(state);
      log.applied.push(steps.length);
      log.countdowns.push(countdowns);
    }
    if (violation) break;
    const op = ops[i]!;
    const before = state;
    const r = nexts ? nexts[i] : model.next(state, op);
    if (r === undefined) {
      skippedCount++;
      for (const o of observers) o.skipped?.(before, op);
      continue;
    }
    state = r.state;
    steps.push({ op, outcome: r.outcome });
    const t: Transition<S, A, O> = { before, op, after: state, outcome: r.outcome };
    for (const o of observers) o.applied(t);
    violation = judge(t);
  }
  if (log && !violation) {
    log.states.push(state);
    log.applied.push(steps.length);
    log.countdowns.push(countdowns);
  }
  return { steps, violation, final: state, reached, skippedCount, ...(log ? { log } : {}) };
}

/**
 * Runs `ops` from the initial system of `world`, checking `invariants` on
 * the initial state and after every applied step; stops at the first
 * violation. Skipped ops are dropped from the returned steps.
 */
export function runTrace(world: World, ops: readonly Op[], invariants: readonly Invariant[], goals: readonly Goal[] = [], observers: readonly StepObserver<System, Op, StepOutcome>[] = []): TraceRun {
  return runModel(systemModel(world, { invariants, goals }), ops, observers);
}
