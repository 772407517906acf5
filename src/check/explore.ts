/**
 * The exhaustive explorer: breadth-first search over every state a small
 * configuration can reach, from the initial System, over every enabled op
 * (`enabledOps`, deterministic order) applied with `applyOp`.
 *
 * - Visited states are 64-bit fingerprints (`fingerprint.ts`) in a typed
 *   array store (`state-store.ts`), canonical under symmetry when it is on
 *   (`symmetry.ts`).
 * - Goals, and the part of each invariant that judges the step (it reads
 *   `last`), are judged on every transition, also one into a state seen
 *   before; the part that judges the state alone once per distinct state
 *   (`stepPart`).
 *   Breadth-first order makes the first violation a shortest one; its ops
 *   are rebuilt from the parent links by replaying from the initial state.
 * - Bounded liveness (`kind: 'eventually'`) keeps one countdown per
 *   property as part of each state's identity.
 * - A state where no op applies, and which the caller did not declare
 *   final, is a deadlock.
 * - Limits (states, depth, `shouldStop`) end the search as `bounded`,
 *   which is never reported as success.
 *
 * No clock is read here: the caller passes `shouldStop` (Ctrl-C, a time
 * budget) and `onProgress`, and measures time itself.
 */
import type { System, World } from '../system/system.js';
import { initialSystem } from '../system/system.js';
import type { Op, OpType } from '../system/ops.js';
import { OP_TYPES } from '../system/ops.js';
import { enabledScan, pushEnabled } from '../system/enabled.js';
import { applyOp } from '../system/step.js';
import type { Counterexample } from './result.js';
import type { TraceStep } from './run.js';
import { INVARIANTS, GOALS, LIVENESS, type Invariant, type Goal, type Liveness, type LastStep, type Violation, violations } from '../../properties/index.js';
import { StateStore } from './state-store.js';
import { advanceCountdowns, disarmed, livenessViolation } from './liveness.js';
import { Canonicaliser } from './symmetry.js';
import { sameIdentity } from './fingerprint.js';

/** Options of one exploration. */
export interface ExploreOptions {
  readonly invariants?: readonly Invariant[];
  readonly goals?: readonly Goal[];
  readonly liveness?: readonly Liveness[];
  /** Stop (bounded) once this many distinct states are stored. Default 2,000,000. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (bounded if any exist). Default unlimited. */
  readonly maxDepth?: number;
  /** Symmetry reduction over interchangeable child partitions. Default on. */
  readonly symmetry?: boolean;
  /** Only these op types are tried. Default all. */
  readonly opTypes?: readonly OpType[];
  /**
   * Only ops this accepts in the state `s` they apply to are tried (after `opTypes`): one intercept
   * target per kind, or a budget read from `s` (which must read only what fingerprints cover, not
   * `counters`). Default all.
   */
  readonly opFilter?: (op: Op, s: System) => boolean;
  /** States where no op applying is expected (not deadlocks). Default none. */
  readonly isFinal?: (s: System) => boolean;
  /** Deadlocks whose paths are kept (all are counted). Default 5. */
  readonly keepDeadlocks?: number;
  /** Called every `progressEvery` expanded states (default 4096). */
  readonly onProgress?: (p: ExploreProgress) => void;
  readonly progressEvery?: number;
  /** Polled every 64 expanded states; true stops the search (bounded). */
  readonly shouldStop?: () => boolean;
}

/** Where a running search is. */
export interface ExploreProgress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly queue: number;
}


/** A reachable state where no op applies. */
export interface Deadlock {
  /** Ops from the initial state (a shortest path). */
  readonly ops: readonly Op[];
  readonly depth: number;
}

/** Figures every result carries. */
export interface ExploreStats {
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
  /** Goals never reached (on a complete search: unreachable). */
  readonly unreached: readonly string[];
  /** Transitions on which each goal was reached. */
  readonly goals: readonly { readonly name: string; readonly reachedIn: number }[];
  readonly deadlockCount: number;
  readonly deadlocks: readonly Deadlock[];
  readonly invariants: readonly string[];
  readonly liveness: readonly string[];
}

/** Why a search stopped early. */
export type BoundReason = 'max-states' | 'max-depth' | 'stopped';

/**
 * The result of an exploration:
 * - `complete`: every reachable state was visited and no property broke;
 * - `violated`: a shortest counterexample;
 * - `bounded`: a limit ended the search first: no claim about the rest.
 */
export type ExploreResult =
  | ({ readonly kind: 'complete' } & ExploreStats)
  | ({ readonly kind: 'violated'; readonly counterexample: Counterexample } & ExploreStats)
  | ({ readonly kind: 'bounded'; readonly reason: BoundReason } & ExploreStats);

/** The ops the explorer tries in `sys`, in order (indices into this list are the parent links). */
export function exploreOps(sys: System, types: readonly OpType[], filter?: (op: Op, s: System) => boolean): Op[] {
  const scan = enabledScan(sys);
  const out: Op[] = [];
  for (const t of types) pushEnabled(scan, t, out);
  if (!filter) return out;
  let kept = 0;
  for (let i = 0; i < out.length; i++) if (filter(out[i]!, sys)) out[kept++] = out[i]!;
  out.length = kept;
  return out;
}

/**
 * What of an invariant must be judged again on a transition into a state
 * already judged: its step part (`parts.step`) when it is split; all of
 * `check` when that declares the `last` parameter; nothing when `check` is
 * declared as `(s) => ...`, which cannot see the step (arrow functions have
 * no `arguments`), so its verdict is a function of the state alone.
 */
export function stepPart(inv: Invariant): Invariant | null {
  if (inv.parts) {
    const step = inv.parts.step;
    return { ...inv, check: (s, last) => (last ? step(s, last) : null) };
  }
  return inv.check.length >= 2 ? inv : null;
}

/** Rebuilds the ops and outcomes of a path of op indices by replaying it. */
function replayPath(world: World, types: readonly OpType[], filter: ((op: Op, s: System) => boolean) | undefined, path: readonly number[]): TraceStep[] {
  let sys = initialSystem(world);
  const steps: TraceStep[] = [];
  for (const idx of path) {
    const op = exploreOps(sys, types, filter)[idx];
    if (!op) throw new Error('explorer path does not replay: the system is not deterministic');
    const r = applyOp(sys, op);
    steps.push({ op, outcome: r.outcome });
    sys = r.system;
  }
  return steps;
}

/** Explores every state of `world` reachable from its initial System. */
export function explore(world: World, opts: ExploreOptions = {}): ExploreResult {
  const gen = exploring(world, opts);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/**
 * The same search as a generator that pauses every `progressEvery`
 * expanded states (yielding the progress), so a caller can let its event
 * loop run (a Ctrl-C handler) between slices and stop through `shouldStop`.
 */
export function* exploring(world: World, opts: ExploreOptions = {}): Generator<ExploreProgress, ExploreResult> {
  const invariants = opts.invariants ?? INVARIANTS;
  const goals = opts.goals ?? GOALS;
  const liveness = opts.liveness ?? LIVENESS;
  const maxStates = opts.maxStates ?? 2_000_000;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const symmetry = opts.symmetry ?? true;
  const types = opts.opTypes ? OP_TYPES.filter((t) => opts.opTypes!.includes(t)) : OP_TYPES;
  const keepDeadlocks = opts.keepDeadlocks ?? 5;
  const progressEvery = opts.progressEvery ?? 4096;

  const stepInvariants = invariants.map(stepPart).filter((p): p is Invariant => p !== null);
  const canon = new Canonicaliser(world.config, symmetry);
  const store = new StateStore();
  const goalHits = new Array<number>(goals.length).fill(0);
  const deadlocks: { id: number; depth: number }[] = [];
  let deadlockCount = 0;
  let transitions = 0;

  // The frontier: systems and countdowns of states not yet expanded, in state-number order.
  let queue: System[] = [];
  let counts: Int8Array[] = [];
  let head = 0;

  const judgeGoals = (s: System, last: LastStep | undefined): void => {
    for (let g = 0; g < goals.length; g++) if (goals[g]!.reached(s, last)) goalHits[g]!++;
  };

  const stats = (depth: number): ExploreStats => ({
    engine: 'explore',
    states: store.size,
    transitions,
    depth,
    symmetry,
    storeBytes: store.bytes(),
    unreached: goals.filter((_, i) => goalHits[i] === 0).map((g) => g.name),
    goals: goals.map((g, i) => ({ name: g.name, reachedIn: goalHits[i]! })),
    deadlockCount,
    deadlocks: deadlocks.map((d) => ({ ops: replayPath(world, types, opts.opFilter, store.pathTo(d.id)).map((x) => x.op), depth: d.depth })),
    invariants: invariants.map((p) => p.name),
    liveness: liveness.map((p) => p.name),
  });

  const violated = (path: number[], vs: readonly Violation[], depth: number): ExploreResult => {
    const steps = replayPath(world, types, opts.opFilter, path);
    const counterexample: Counterexample = {
      engine: 'explore',
      property: vs[0]!.property,
      message: vs[0]!.message,
      alsoViolated: vs.slice(1).map((v) => v.property),
      config: world.config,
      faults: world.faults,
      ops: steps.map((x) => x.op),
      steps,
    };
    return { kind: 'violated', counterexample, ...stats(depth) };
  };


  // The initial state.
  const s0 = initialSystem(world);
  const v0 = violations(invariants, s0, undefined);
  judgeGoals(s0, undefined);
  if (v0.length > 0) {
    store.add(canon.fingerprint(s0), 0);
    return violated([], v0, 0);
  }
  const c0Raw = advanceCountdowns(liveness, disarmed(liveness), s0, undefined);
  if (typeof c0Raw === 'number') return violated([], [livenessViolation(liveness[c0Raw]!, s0)], 0);
  store.add(canon.fingerprint(s0, c0Raw), 0);
  canon.commit();
  queue.push(s0);
  counts.push(c0Raw);

  let n = 0; // state number being expanded
  let depth = 0;
  let levelEnd = 1; // first state number of the next level
  let depthCut = false;

  while (head < queue.length) {
    if (n === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    const sys = queue[head]!;
    const cd = counts[head]!;
    head++;
    if (head >= 4096 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      counts = counts.slice(head);
      head = 0;
    }
    if (depth >= maxDepth) {
      depthCut = true;
      store.expanded(0);
      n++;
      continue;
    }
    const ops = exploreOps(sys, types, opts.opFilter);
    let added = 0;
    let applied = 0;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const r = applyOp(sys, op);
      if (r.outcome.status === 'skipped') continue;
      applied++;
      transitions++;
      const next = r.system;
      const last: LastStep = { before: sys, op, outcome: r.outcome };
      const nc = advanceCountdowns(liveness, cd, next, last);
      // A step that left every identity field as it was (and the countdowns too) returns to this very state, which is stored.
      const id = typeof nc === 'number' || (nc === cd && sameIdentity(next, sys)) ? -1 : store.add(canon.fingerprint(next, nc), i);
      if (id >= 0) canon.commit();
      // A state seen before has had its state invariants judged; only those that judge the step run again.
      const vs = violations(id >= 0 || typeof nc === 'number' ? invariants : stepInvariants, next, last);
      if (vs.length > 0) return violated([...store.pathTo(n), i], vs, depth + 1);
      if (typeof nc === 'number') return violated([...store.pathTo(n), i], [livenessViolation(liveness[nc]!, next)], depth + 1);
      judgeGoals(next, last);
      if (id >= 0) {
        added++;
        queue.push(next);
        counts.push(nc);
        if (store.size >= maxStates) {
          store.expanded(added);
          return { kind: 'bounded', reason: 'max-states', ...stats(depth) };
        }
      }
    }
    store.expanded(added);
    if (applied === 0 && !(opts.isFinal?.(sys) ?? false)) {
      deadlockCount++;
      if (deadlocks.length < keepDeadlocks) deadlocks.push({ id: n, depth });
    }
    n++;
    if ((n & 63) === 0 && opts.shouldStop?.()) return { kind: 'bounded', reason: 'stopped', ...stats(depth) };
    if (n % progressEvery === 0) {
      const p = { states: store.size, transitions, depth, queue: queue.length - head };
      opts.onProgress?.(p);
      yield p;
    }
  }
  if (depthCut) return { kind: 'bounded', reason: 'max-depth', ...stats(depth) };
  return { kind: 'complete', ...stats(depth) };
}
