/**
 * A swarm member: one of N diversified depth-first searches of a model
 * with a bit-state table, as SPIN's swarm verification runs them
 * (Holzmann, Joshi and Groce, "Swarm Verification Techniques", IEEE TSE
 * 2011). Each member takes the enabled ops in its own order (a permutation
 * drawn from its number) and hashes states into the table with its own
 * seed, so that N members, run on N machines of a CI matrix, reach
 * different parts of a state space too large for one exhaustive search.
 *
 * A bit-state table can take two states for one (both of a state's bits
 * already set by others), so a member may miss states: its result is
 * `violated` (a counterexample, replayed and real, though not a shortest
 * one) or `bounded`, never `complete`. The claims are judged as the
 * explorer judges them (`always` on each new state, `transition` and
 * goals on every transition, bounded liveness with countdowns that are
 * part of a state's identity).
 */
import type { Model, Transition } from '../engine/model.js';
import type { StepObserver } from '../engine/observer.js';
import { fmix } from '../engine/hash-mix.js';
import { type ModelViolation, propertySets, violationsOf, advanceCountdowns, disarmedCountdowns, eventuallyViolation } from '../engine/judge.js';
import type { ModelCounterexample } from './result.js';
import type { ModelTraceStep } from './run.js';
import { type ExploreProgress, type ModelDeadlock, replayPath } from './explore.js';

/** The member: the K-th (from 1) of N. */
export interface SwarmMember {
  readonly k: number;
  readonly n: number;
}

/** Options of one swarm member's search. */
export interface SwarmOptions<S = unknown, A = unknown, O = unknown> {
  readonly member: SwarmMember;
  /** Deepest path searched (states at this depth are not expanded). Default 500. */
  readonly maxDepth?: number;
  /** The bit-state table holds 2^tableBits bits (default 27: 16 MiB). */
  readonly tableBits?: number;
  /** Stop after this many new states. Default 2,000,000. */
  readonly maxStates?: number;
  /** Symmetry reduction (the model's identity under symmetry). Default on. */
  readonly symmetry?: boolean;
  /** Polled at every step of the search (an op tried or a state left; a cheap function: the caller may read a flag or a clock); true stops the search. */
  readonly shouldStop?: () => boolean;
  /** Called every `progressEvery` steps of the search (ops tried and states left; default 4096). */
  readonly onProgress?: (p: ExploreProgress) => void;
  readonly progressEvery?: number;
  /** Told every op tried, once (coverage): the ops that applied and those that did not. */
  readonly observers?: readonly StepObserver<S, A, O>[];
}

/** Figures of a member's search. */
export interface SwarmStats<A> {
  readonly engine: 'swarm';
  readonly member: SwarmMember;
  /** States the table took as new (an under-count of the distinct states met: a collision hides one). */
  readonly states: number;
  /** Transitions taken (ops that applied), revisits included. */
  readonly transitions: number;
  /** Deepest path reached. */
  readonly depth: number;
  readonly maxDepth: number;
  /** Bytes of the bit-state table. */
  readonly tableBytes: number;
  /** Bits set in the table over its size: the higher, the likelier a collision hid a state. */
  readonly tableFill: number;
  readonly deadlockCount: number;
  /** The first deadlocks met, each with the path that reached it (not a shortest one). */
  readonly deadlocks: readonly ModelDeadlock<A>[];
  readonly unreached: readonly string[];
  readonly goals: readonly { readonly name: string; readonly reachedIn: number }[];
  readonly invariants: readonly string[];
  readonly liveness: readonly string[];
}

/** Why a member's search ended without a violation: it ran out of states to take as new, or a limit or a stop ended it. */
export type SwarmBound = 'searched' | 'max-states' | 'stopped';

/** A member's result: a counterexample, or bounded (a bit-state search never claims that a property holds). */
export type SwarmResult<A, O> =
  | ({ readonly kind: 'violated'; readonly counterexample: ModelCounterexample<A, O> } & SwarmStats<A>)
  | ({ readonly kind: 'bounded'; readonly reason: SwarmBound } & SwarmStats<A>);

/** A small seeded generator (mulberry32): the member's op order, the same for the same member on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The order member `m` takes `count` enabled ops in: the model's own for member 1, a seeded shuffle for the others. */
export function memberOrder(m: SwarmMember, state: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (m.k === 1) return order;
  const next = generator(fmix(Math.imul(m.k, 0x9e3779b1) ^ Math.imul(m.n, 0x85ebca77) ^ state));
  for (let i = count - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** One frame of the depth-first stack. */
interface Frame<S, A> {
  readonly state: S;
  readonly counts: Int8Array;
  readonly ops: readonly A[];
  readonly order: readonly number[];
  /** Position in `order` of the next op to try. */
  at: number;
  /** The op index (in the model's order) that led here from the frame below. */
  readonly via: number;
  applied: number;
}

/** Runs one swarm member's search to its end. */
export function swarmModel<S, A, O>(model: Model<S, A, O>, opts: SwarmOptions<S, A, O>): SwarmResult<A, O> {
  const gen = swarmingModel(model, opts);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** One swarm member's search as a generator that yields progress (the caller may stop between yields). */
export function* swarmingModel<S, A, O>(model: Model<S, A, O>, opts: SwarmOptions<S, A, O>): Generator<ExploreProgress, SwarmResult<A, O>> {
  const observers = opts.observers ?? [];
  const { safety, transitions: stepParts, goals, eventually: liveness, claims } = propertySets(model.properties);
  const member = opts.member;
  const maxDepth = opts.maxDepth ?? 500;
  const bits = opts.tableBits ?? 27;
  const maxStates = opts.maxStates ?? 2_000_000;
  const progressEvery = opts.progressEvery ?? 4096;
  const table = new Uint32Array(Math.max(1, 2 ** bits / 32));
  const mask = 2 ** bits - 1;
  const seedA = fmix(Math.imul(member.k, 0x27d4eb2f) ^ 0x165667b1);
  const seedB = fmix(Math.imul(member.k, 0x85ebca77) ^ 0xd3a2646c);
  const ident = model.identity.fingerprinter(opts.symmetry ?? true);
  let set = 0;
  /** Sets the state's two bits; true when one of them was clear (a new state). */
  const mark = (hi: number, lo: number): boolean => {
    let fresh = false;
    for (const p of [(fmix(lo ^ seedA) ^ Math.imul(hi, 0x9e3779b1)) & mask, (fmix(hi ^ seedB) ^ Math.imul(lo, 0xcc9e2d51)) & mask]) {
      const w = p >>> 5;
      const b = 1 << (p & 31);
      if ((table[w]! & b) === 0) {
        table[w] = table[w]! | b;
        set++;
        fresh = true;
      }
    }
    return fresh;
  };

  const goalHits = new Array<number>(goals.length).fill(0);
  const deadlocks: ModelDeadlock<A>[] = [];
  let deadlockCount = 0;
  let states = 0;
  let transitions = 0;
  let deepest = 0;
  let steps = 0;
  const judgeGoals = (s: S, t: Transition<S, A, O> | undefined): void => {
    for (let g = 0; g < goals.length; g++) if (goals[g]!.reached(s, t)) goalHits[g]!++;
  };
  const stats = (): SwarmStats<A> => ({
    engine: 'swarm',
    member,
    states,
    transitions,
    depth: deepest,
    maxDepth,
    tableBytes: table.byteLength,
    tableFill: set / (mask + 1),
    deadlockCount,
    deadlocks,
    unreached: goals.filter((_, i) => goalHits[i] === 0).map((g) => g.name),
    goals: goals.map((g, i) => ({ name: g.name, reachedIn: goalHits[i]! })),
    invariants: claims,
    liveness: liveness.map((p) => p.name),
  });
  const replay = (path: readonly number[]): ModelTraceStep<A, O>[] => replayPath(model, path);
  const violated = (path: readonly number[], vs: readonly ModelViolation[]): SwarmResult<A, O> => {
    const trace = replay(path);
    const counterexample: ModelCounterexample<A, O> = { property: vs[0]!.property, message: vs[0]!.message, alsoViolated: vs.slice(1).map((v) => v.property), ops: trace.map((x) => x.op), steps: trace };
    return { kind: 'violated', counterexample, ...stats() };
  };

  const s0 = model.initial();
  const v0 = violationsOf(safety, s0, undefined);
  if (v0.length > 0) return violated([], v0);
  judgeGoals(s0, undefined);
  const c0 = advanceCountdowns(liveness, disarmedCountdowns(liveness.length), s0, undefined);
  if (typeof c0 === 'number') return violated([], [eventuallyViolation(liveness[c0]!, s0)]);
  const fp0 = ident.fingerprint(s0, c0);
  mark(fp0.hi, fp0.lo);
  states++;
  const frame = (state: S, counts: Int8Array, via: number, hi: number): Frame<S, A> => {
    const ops = model.actions(state);
    return { state, counts, ops, order: memberOrder(member, hi, ops.length), at: 0, via, applied: 0 };
  };
  const stack: Frame<S, A>[] = [frame(s0, c0, -1, fp0.hi)];
  const path = (extra: number): number[] => [...stack.slice(1).map((f) => f.via), extra];

  while (stack.length > 0) {
    // A step: an op tried or a state left. Many steps meet only known states, so the stop request and the progress go by steps, not by new states.
    steps++;
    if (opts.shouldStop?.()) return { kind: 'bounded', reason: 'stopped', ...stats() };
    if (steps % progressEvery === 0) {
      const p = { states, transitions, depth: stack.length - 1, queue: stack.length };
      opts.onProgress?.(p);
      yield p;
    }
    const top = stack[stack.length - 1]!;
    const cut = stack.length - 1 >= maxDepth;
    if (cut || top.at >= top.order.length) {
      // Every op tried and none applied: a deadlock (unless the model says the state is final).
      if (!cut && top.applied === 0 && model.isFinal?.(top.state) !== true) {
        deadlockCount++;
        if (deadlocks.length < 5) deadlocks.push({ ops: replay(stack.slice(1).map((f) => f.via)).map((x) => x.op), depth: stack.length - 1 });
      }
      stack.pop();
      continue;
    }
    const i = top.order[top.at++]!;
    const op = top.ops[i]!;
    const r = model.next(top.state, op);
    if (r === undefined) {
      for (const o of observers) o.skipped?.(top.state, op);
      continue;
    }
    top.applied++;
    transitions++;
    const next = r.state;
    const last: Transition<S, A, O> = { before: top.state, op, after: next, outcome: r.outcome };
    for (const o of observers) o.applied(last);
    const nc = advanceCountdowns(liveness, top.counts, next, last);
    if (typeof nc === 'number') return violated(path(i), [eventuallyViolation(liveness[nc]!, next)]);
    const fp = ident.fingerprint(next, nc);
    ident.commit?.();
    const fresh = mark(fp.hi, fp.lo);
    const vs = violationsOf(fresh ? safety : stepParts, next, last);
    if (vs.length > 0) return violated(path(i), vs);
    judgeGoals(next, last);
    if (!fresh) continue;
    states++;
    stack.push(frame(next, nc, i, fp.hi));
    if (stack.length - 1 > deepest) deepest = stack.length - 1;
    if (states >= maxStates) return { kind: 'bounded', reason: 'max-states', ...stats() };
  }
  return { kind: 'bounded', reason: 'searched', ...stats() };
}
