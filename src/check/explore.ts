/**
 * The exhaustive explorer: breadth-first search over every state a model
 * can reach from its initial state, over every enabled op (`actions`,
 * deterministic order). `exploreModel` searches any model; `explore`
 * hvspec's System (a scope's op kinds and filter, its final states).
 *
 * - With a model's byte codec (the System's: `system-codec.ts`), the
 *   frontier holds encoded states in typed-array chunks
 *   (`byte-frontier.ts`), decoded when expanded, and visited states are
 *   64-bit hashes of their bytes (the orbit's bytes under symmetry,
 *   `codec-symmetry.ts`). Without one, the frontier holds the states and
 *   visited states are the model's fingerprints (for the System
 *   `fingerprint.ts`, canonical under symmetry, `symmetry.ts`). Either
 *   way the visited set is a typed array store (`state-store.ts`).
 * - Goals and `transition` claims are judged on every transition, also one
 *   into a state seen before; `always` claims once per distinct state.
 *   Breadth-first order makes the first violation a shortest one; its ops
 *   are rebuilt from the parent links by replaying from the initial state.
 * - Bounded liveness (`kind: 'eventually'`) keeps one countdown per
 *   property as part of each state's identity.
 * - A state where no op applies, and which the model does not declare
 *   final, is a deadlock.
 * - A state where ops apply but every one leads back to the same state
 *   (time passes and nothing changes), and which the model declares
 *   neither final nor quiescent, is stuck: reported like a deadlock, with
 *   the shortest path to it.
 * - Limits (states, depth, `shouldStop`) end the search as `bounded`,
 *   which is never reported as success.
 * - Observers are told every op tried while expanding states, once (not
 *   the replays that rebuild paths).
 *
 * No clock is read here: the caller passes `shouldStop` (Ctrl-C, a time
 * budget) and `onProgress`, and measures time itself.
 */
import type { System, World } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import { type Counterexample, type ModelCounterexample, systemCounterexample } from './result.js';
import { INVARIANTS, GOALS, LIVENESS } from '../../properties/index.js';
import type { Model, Transition } from '../engine/model.js';
import { CodecKeys } from './codec-key.js';
import { ByteFrontier } from './byte-frontier.js';
import type { Fingerprint } from '../engine/hash-mix.js';
import type { StepObserver } from '../engine/observer.js';
import { type ModelViolation, propertySets, violationsOf, violationsAfter, advanceCountdowns, disarmedCountdowns, eventuallyViolation } from '../engine/judge.js';
import { StateStore } from './state-store.js';
import { ViolationLog } from './violation-log.js';
import { systemModel, type SystemModelOptions } from './system-model.js';

export { exploreOps } from './system-model.js';
export { replayPath } from './replay-path.js';
import { replayPath } from './replay-path.js';

/** Options of one exploration of any model. */
export interface ModelExploreOptions<S, A, O> {
  /** Stop (bounded) once this many distinct states are stored. Default 2,000,000. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (bounded if any exist). Default unlimited. */
  readonly maxDepth?: number;
  /** Symmetry reduction (the model's identity under symmetry). Default on. */
  readonly symmetry?: boolean;
  /** Deadlocks whose paths are kept (all are counted). Default 5. */
  readonly keepDeadlocks?: number;
  /** Called every `progressEvery` expanded states (default 4096). */
  readonly onProgress?: (p: ExploreProgress) => void;
  readonly progressEvery?: number;
  /** Polled after each state is expanded (a cheap function: the caller may read a flag or a clock); true stops the search (bounded). */
  readonly shouldStop?: () => boolean;
  /** Told every op tried while expanding a state, once. */
  readonly observers?: readonly StepObserver<S, A, O>[];
  /**
   * Report up to this many distinct violated properties (default 1: stop at
   * the first). The search goes on past a violation: a state that breaks a
   * safety claim is expanded like any other (a later counterexample may pass
   * through it), one whose liveness countdown ran out is not. Each property
   * gets the first, so a shortest, path that breaks it; a search that found
   * any is `violated`, whatever ended it.
   */
  readonly maxViolations?: number;
  /**
   * False: judge every `always` claim on every new state. By default a new
   * state reached from a stored one is judged only on the claims whose
   * `reads` the step changed (the others held on the state it came from,
   * or were already found broken there); the verdicts are the same.
   */
  readonly incremental?: boolean;
  /** Told every state as it is expanded (decoded from the frontier when the model has a codec), in state-number order. */
  readonly onExpand?: (s: S) => void;
  /** Keep the frontier as objects and fingerprint them with the model's identity, even when the model has a codec. Default false. */
  readonly objectFrontier?: boolean;
  /** Ask the model for a portable codec (the one worker threads share a visited set with), to compare it with the default one. Default false. */
  readonly portableCodec?: boolean;
}

/** Options of one exploration of hvspec's System: the search's, and the System model's (what it checks, which ops it takes). */
export interface ExploreOptions extends ModelExploreOptions<System, Op, StepOutcome>, SystemModelOptions {}

/** Where a running search is. */
export interface ExploreProgress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly queue: number;
}


/** A reachable state where no op applies. */
export interface ModelDeadlock<A> {
  /** Ops from the initial state (a shortest path). */
  readonly ops: readonly A[];
  readonly depth: number;
}

/** A reachable state of the System where no op applies. */
export type Deadlock = ModelDeadlock<Op>;

/** Figures every result carries. */
export interface ModelExploreStats<A> {
  readonly engine: 'explore';
  /** Distinct states stored (orbits, under symmetry). */
  readonly states: number;
  /** Transitions taken (ops that applied), revisits included. */
  readonly transitions: number;
  /** Deepest level expanded. */
  readonly depth: number;
  readonly symmetry: boolean;
  /** Bytes the visited set and parent links hold. */
  readonly storeBytes: number;
  /** The most bytes the frontier's chunks held at once (0 when the frontier holds objects). */
  readonly frontierBytes: number;
  /** Goals never reached (on a complete search: unreachable). */
  readonly unreached: readonly string[];
  /** Transitions on which each goal was reached. */
  readonly goals: readonly { readonly name: string; readonly reachedIn: number }[];
  readonly deadlockCount: number;
  readonly deadlocks: readonly ModelDeadlock<A>[];
  /** Stuck states: every enabled op leads back to the state, and the model does not declare it quiescent (or final). */
  readonly stuckCount: number;
  /** The shallowest stuck states (the same shape as a deadlock: a shortest path to it). */
  readonly stuck: readonly ModelDeadlock<A>[];
  /** The safety claims judged (`always` and `transition`). */
  readonly invariants: readonly string[];
  /** The `eventually` properties judged. */
  readonly liveness: readonly string[];
}

/** Figures every System result carries. */
export type ExploreStats = ModelExploreStats<Op>;

/** Why a search stopped early. */
export type BoundReason = 'max-states' | 'max-depth' | 'stopped';

/**
 * The result of exploring a model:
 * - `complete`: every reachable state was visited and no property broke;
 * - `violated`: a shortest counterexample;
 * - `bounded`: a limit ended the search first: no claim about the rest.
 */
export type ModelExploreResult<A, O> =
  | ({ readonly kind: 'complete' } & ModelExploreStats<A>)
  | ({
      readonly kind: 'violated';
      readonly counterexample: ModelCounterexample<A, O>;
      /** With `maxViolations` above 1: the other distinct properties found violated, each with its shortest counterexample, in the order found. */
      readonly further?: readonly ModelCounterexample<A, O>[];
    } & ModelExploreStats<A>)
  | ({ readonly kind: 'bounded'; readonly reason: BoundReason } & ModelExploreStats<A>);

/** The result of exploring the System, its counterexample with the config and faults it ran on. */
export type ExploreResult =
  | ({ readonly kind: 'complete' } & ExploreStats)
  | ({ readonly kind: 'violated'; readonly counterexample: Counterexample; readonly further?: readonly Counterexample[] } & ExploreStats)
  | ({ readonly kind: 'bounded'; readonly reason: BoundReason } & ExploreStats);

/** Runs a search generator to its end. */
function finish<R>(gen: Generator<ExploreProgress, R>): R {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** Explores every state of `model` reachable from its initial state. */
export const exploreModel = <S, A, O>(model: Model<S, A, O>, opts: ModelExploreOptions<S, A, O> = {}): ModelExploreResult<A, O> => finish(exploringModel(model, opts));

/** Explores every state of `world` reachable from its initial System. */
export const explore = (world: World, opts: ExploreOptions = {}): ExploreResult => finish(exploring(world, opts));

/** The System of `world` as the explorer checks it: the options' properties (all by default), op kinds, filter and final states. */
export const exploreModelOf = (world: World, opts: ExploreOptions = {}) =>
  systemModel(world, {
    invariants: opts.invariants ?? INVARIANTS,
    goals: opts.goals ?? GOALS,
    liveness: opts.liveness ?? LIVENESS,
    ...(opts.opTypes ? { opTypes: opts.opTypes } : {}),
    ...(opts.opFilter ? { opFilter: opts.opFilter } : {}),
    ...(opts.isFinal ? { isFinal: opts.isFinal } : {}),
  });

/** `exploring` over the System of `world`: the model search, its counterexample with the config and faults. */
export function* exploring(world: World, opts: ExploreOptions = {}): Generator<ExploreProgress, ExploreResult> {
  return systemResult(world, yield* exploringModel(exploreModelOf(world, opts), opts));
}

/** A search's result on the System of `world`: its counterexamples with the config and faults they ran on. */
export function systemResult(world: World, r: ModelExploreResult<Op, StepOutcome>): ExploreResult {
  if (r.kind !== 'violated') return r;
  const { further, ...rest } = r;
  const counterexample = systemCounterexample('explore', world, r.counterexample);
  if (!further) return { ...rest, counterexample };
  return { ...rest, counterexample, further: further.map((c) => systemCounterexample('explore', world, c)) };
}

/**
 * The search as a generator that pauses every `progressEvery` expanded
 * states (yielding the progress), so a caller can let its event loop run
 * (a Ctrl-C handler) between slices and stop through `shouldStop`.
 */
export function* exploringModel<S, A, O>(model: Model<S, A, O>, opts: ModelExploreOptions<S, A, O> = {}): Generator<ExploreProgress, ModelExploreResult<A, O>> {
  const sets = propertySets(model.properties, opts.incremental === false ? undefined : model.changes);
  const { safety, transitions: stepParts, goals, eventually: liveness, claims, safetyReads } = sets;
  // What a step changed, when the claims say what they read (see `incremental`).
  const changes = safetyReads ? model.changes : undefined;
  const maxStates = opts.maxStates ?? 2_000_000;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const symmetry = opts.symmetry ?? true;
  const keepDeadlocks = opts.keepDeadlocks ?? 5;
  const progressEvery = opts.progressEvery ?? 4096;
  const observers = opts.observers ?? [];
  const isFinal = model.isFinal ? (s: S) => model.isFinal!(s) : () => false;
  const isQuiescent = model.isQuiescent ? (s: S) => model.isQuiescent!(s) : () => false;

  const codec = opts.objectFrontier ? undefined : model.codec?.(symmetry, opts.portableCodec ?? false);
  const ident = model.identity.fingerprinter(symmetry);
  const commit = !codec && ident.commit ? () => ident.commit!() : () => {};
  const same = ident.same ? (a: S, b: S) => ident.same!(a, b) : () => false;
  const store = new StateStore();
  const frontier = codec ? new ByteFrontier(liveness.length) : undefined;
  // With a codec, a state's identity is the hash of its key bytes (its orbit's, under symmetry) and its countdowns.
  const keys = codec ? new CodecKeys(codec) : undefined;
  const key = (s: S, cd: Int8Array): Fingerprint => (keys ? keys.key(s, cd) : ident.fingerprint(s, cd));
  const goalHits = new Array<number>(goals.length).fill(0);
  const deadlocks: { id: number; depth: number }[] = [];
  let deadlockCount = 0;
  const stuck: { id: number; depth: number }[] = [];
  let stuckCount = 0;
  let transitions = 0;

  // The frontier: states and countdowns of states not yet expanded, in state-number order.
  let queue: S[] = [];
  let counts: Int8Array[] = [];
  // The fingerprint of each frontier state (its two lanes), to tell a step back to the same state.
  let fpHi: number[] = [];
  let fpLo: number[] = [];
  let head = 0;
  /** Queues a new state whose identity `key` just computed. */
  const enqueue = (s: S, cd: Int8Array, fp: Fingerprint): void => {
    if (frontier) {
      const b = keys!.frontierBytes(s);
      frontier.push(b.buf, b.length, cd, fp.hi, fp.lo);
      return;
    }
    queue.push(s);
    counts.push(cd);
    fpHi.push(fp.hi);
    fpLo.push(fp.lo);
  };
  const waiting = (): number => (frontier ? frontier.size : queue.length - head);

  const judgeGoals = (s: S, last: Transition<S, A, O> | undefined): void => {
    for (let g = 0; g < goals.length; g++) if (goals[g]!.reached(s, last)) goalHits[g]!++;
  };

  const stats = (depth: number): ModelExploreStats<A> => ({
    engine: 'explore',
    states: store.size,
    transitions,
    depth,
    symmetry,
    storeBytes: store.bytes(),
    frontierBytes: frontier?.peakBytes ?? 0,
    unreached: goals.filter((_, i) => goalHits[i] === 0).map((g) => g.name),
    goals: goals.map((g, i) => ({ name: g.name, reachedIn: goalHits[i]! })),
    deadlockCount,
    deadlocks: deadlocks.map((d) => ({ ops: replayPath(model, store.pathTo(d.id), codec).map((x) => x.op), depth: d.depth })),
    stuckCount,
    stuck: stuck.map((d) => ({ ops: replayPath(model, store.pathTo(d.id), codec).map((x) => x.op), depth: d.depth })),
    invariants: claims,
    liveness: liveness.map((p) => p.name),
  });

  const maxViolations = opts.maxViolations ?? 1;
  const log = new ViolationLog(model, codec, maxViolations);
  const found = log.found;
  const record = (path: readonly number[], vs: readonly ModelViolation[]): boolean => log.record(path, vs);
  const violated = (depth: number): ModelExploreResult<A, O> => ({ kind: 'violated', counterexample: found[0]!, ...(found.length > 1 ? { further: found.slice(1) } : {}), ...stats(depth) });
  /** The result when the search ends otherwise: violated when it found any. */
  const ended = (r: ModelExploreResult<A, O>): ModelExploreResult<A, O> => (found.length > 0 ? violated(r.depth) : r);

  // The initial state.
  const s0 = model.initial();
  const v0 = violationsOf(safety, s0, undefined);
  judgeGoals(s0, undefined);
  if (v0.length > 0 && record([], v0)) {
    store.add(key(s0, disarmedCountdowns(liveness.length)), 0);
    return violated(0);
  }
  const c0Raw = advanceCountdowns(liveness, disarmedCountdowns(liveness.length), s0, undefined);
  if (typeof c0Raw === 'number') {
    record([], [eventuallyViolation(liveness[c0Raw]!, s0)]);
    return violated(0);
  }
  const fp0 = key(s0, c0Raw);
  store.add(fp0, 0);
  commit();
  enqueue(s0, c0Raw, fp0);

  let n = 0; // state number being expanded
  let depth = 0;
  let levelEnd = 1; // first state number of the next level
  let depthCut = false;

  while (waiting() > 0) {
    if (n === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    let s: S;
    let cd: Int8Array;
    let hiNow: number;
    let loNow: number;
    if (frontier) {
      frontier.shift();
      s = codec!.read(frontier.state);
      cd = frontier.countdowns;
      hiNow = frontier.hi;
      loNow = frontier.lo;
    } else {
      s = queue[head]!;
      cd = counts[head]!;
      hiNow = fpHi[head]!;
      loNow = fpLo[head]!;
      head++;
    }
    opts.onExpand?.(s);
    if (!frontier && head >= 4096 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      counts = counts.slice(head);
      fpHi = fpHi.slice(head);
      fpLo = fpLo.slice(head);
      head = 0;
    }
    if (depth >= maxDepth) {
      depthCut = true;
      store.expanded(0);
      n++;
      continue;
    }
    const ops = model.actions(s);
    let added = 0;
    let applied = 0;
    // Every op applied so far led back to this very state.
    let selfOnly = true;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const r = model.next(s, op);
      if (r === undefined) {
        for (const o of observers) o.skipped?.(s, op);
        continue;
      }
      applied++;
      transitions++;
      const next = r.state;
      const last: Transition<S, A, O> = { before: s, op, after: next, outcome: r.outcome };
      for (const o of observers) o.applied(last);
      const nc = advanceCountdowns(liveness, cd, next, last);
      // A step that left every identity field as it was (and the countdowns too) returns to this very state, which is stored.
      let id = -1;
      let fp: Fingerprint | undefined;
      if (typeof nc === 'number') selfOnly = false;
      else if (!(nc === cd && same(next, s))) {
        fp = key(next, nc);
        if (fp.hi !== hiNow || fp.lo !== loNow) selfOnly = false;
        id = store.add(fp, i);
      }
      if (id >= 0) commit();
      // A state seen before has had its `always` claims judged; only the `transition` claims run again. A new one is judged
      // on the claims whose parts the step changed: the others held on the stored state it came from (or were found broken there).
      const vs =
        id >= 0 || typeof nc === 'number' ? violationsAfter(safety, safetyReads, changes ? changes.changed(s, next) : 0, next, last) : violationsOf(stepParts, next, last);
      if (vs.length > 0 && record([...store.pathTo(n), i], vs)) return violated(depth + 1);
      if (typeof nc === 'number') {
        if (record([...store.pathTo(n), i], [eventuallyViolation(liveness[nc]!, next)])) return violated(depth + 1);
        // Going on: a run whose countdown ran out is not followed further.
        continue;
      }
      judgeGoals(next, last);
      if (id >= 0) {
        added++;
        enqueue(next, nc, fp!);
        if (store.size >= maxStates) {
          store.expanded(added);
          return ended({ kind: 'bounded', reason: 'max-states', ...stats(depth) });
        }
      }
    }
    store.expanded(added);
    if (applied === 0 && !isFinal(s)) {
      deadlockCount++;
      if (deadlocks.length < keepDeadlocks) deadlocks.push({ id: n, depth });
    } else if (applied > 0 && selfOnly && !isFinal(s) && !isQuiescent(s)) {
      stuckCount++;
      if (stuck.length < keepDeadlocks) stuck.push({ id: n, depth });
    }
    n++;
    if (opts.shouldStop?.()) return ended({ kind: 'bounded', reason: 'stopped', ...stats(depth) });
    if (n % progressEvery === 0) {
      const p = { states: store.size, transitions, depth, queue: waiting() };
      opts.onProgress?.(p);
      yield p;
    }
  }
  if (depthCut) return ended({ kind: 'bounded', reason: 'max-depth', ...stats(depth) });
  return ended({ kind: 'complete', ...stats(depth) });
}
