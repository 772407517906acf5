/**
 * A fast-check arbitrary of op sequences that follows the model as it
 * generates: each op is drawn from the ops enabled in the current state,
 * first an op kind by weight, then one op of that kind uniformly.
 *
 * Shrinking removes ops (halves, quarters, ... single ops), then tries
 * smaller ops of the same kind in place of each op. Because an op
 * that is not enabled when its turn comes is skipped, every subsequence is
 * a valid input, so removal always yields something runnable.
 */
import fc from 'fast-check';
import type { World } from '../system/system.js';
import type { Op, OpType } from '../system/ops.js';
import { OP_WEIGHTS } from '../system/enabled.js';
import type { Model, Next, KindView, ActionsByKind, StateChanges } from '../engine/model.js';
import type { RunLog, RunStart, Trajectory } from './run.js';
import { systemModel } from './system-model.js';
import { readMask } from '../engine/judge.js';

/** Options for generated sequences. */
export interface OpSequenceOptions {
  /** Longest sequence generated. */
  readonly maxLength: number;
  /** Weight per op kind (defaults to OP_WEIGHTS); 0 never generates that kind. */
  readonly weights?: Partial<Record<OpType, number>>;
}

/** Options for generated sequences of any model. */
export interface ModelSequenceOptions {
  /** Longest sequence generated. */
  readonly maxLength: number;
  /** Weight per op kind (`model.kind`); a kind not listed is never generated. Default: every kind weighs 1. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** The one kind of a model that declares none. */
const ONE_KIND = 'op';

/** Draws one op from the enabled ops of a state, or null when none is enabled. */
export function drawOp<A extends { readonly type: string }>(enabled: readonly A[], weights: Readonly<Record<string, number>>, pick: (maxInclusive: number) => number): A | null {
  return drawByKind(enabled, (op) => op.type, (k) => weights[k] ?? 0, pick);
}

/** Scratch of `drawByKind`: the kinds of one state in order of first appearance, with their op counts (reused: a draw allocates nothing). */
const KINDS: string[] = [];
const COUNTS: number[] = [];

/**
 * Draws one op: a kind by weight (kinds in order of first appearance), then
 * one op of it uniformly; null when no op has weight. Counts per kind in
 * one pass (ops of a kind usually come together, so a kind is looked up
 * only where the kind changes) and finds the drawn op in a second, without
 * building a list per kind.
 */
function drawByKind<A>(enabled: readonly A[], kindOf: (op: A) => string, weightOf: (kind: string) => number, pick: (maxInclusive: number) => number): A | null {
  KINDS.length = 0;
  COUNTS.length = 0;
  let total = 0;
  let last = -1;
  let lastKind: string | undefined;
  for (let i = 0; i < enabled.length; i++) {
    const k = kindOf(enabled[i]!);
    if (k !== lastKind) {
      lastKind = k;
      last = KINDS.indexOf(k);
      if (last < 0) {
        const w = weightOf(k);
        last = KINDS.length;
        KINDS.push(k);
        // A kind without weight is kept with count -1 and never drawn.
        COUNTS.push(w > 0 ? 0 : -1);
        if (w > 0) total += w;
      }
    }
    if (COUNTS[last]! >= 0) COUNTS[last]!++;
  }
  if (total === 0) return null;
  let r = pick(total - 1);
  for (let j = 0; j < KINDS.length; j++) {
    const c = COUNTS[j]!;
    if (c < 0) continue;
    const k = KINDS[j]!;
    r -= weightOf(k);
    if (r >= 0) continue;
    let n = pick(c - 1);
    for (let i = 0; i < enabled.length; i++) if (kindOf(enabled[i]!) === k && n-- === 0) return enabled[i]!;
  }
  return null;
}

/** Scratch of `drawFromView`: whether each kind may be drawn in the state (reused: a draw allocates nothing). */
const PRESENT: boolean[] = [];

/**
 * `drawByKind` over a model's ops by kind (`Model.byKind`): the same op
 * from the same picks, listing only the kind drawn. `actions` lists the
 * kinds in `byKind.kinds` order, so the order of first appearance that
 * `drawByKind` walks is that order, less the kinds with no enabled op.
 * `known`, per kind, is what `has` said of a state whose parts the kind
 * reads are this one's (1 yes, 0 no, -1 not known): such a kind is not
 * asked again, and what the view says is written back.
 */
function drawFromView<A>(view: KindView<A>, weights: readonly number[], pick: (maxInclusive: number) => number, known?: Int8Array): A | null {
  let total = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    let present = false;
    if (w > 0) {
      const was = known ? known[k]! : -1;
      present = was >= 0 ? was === 1 : view.has(k);
      if (known) known[k] = present ? 1 : 0;
    }
    PRESENT[k] = present;
    if (present) total += w;
  }
  if (total === 0) return null;
  let r = pick(total - 1);
  for (let k = 0; k < weights.length; k++) {
    if (!PRESENT[k]) continue;
    r -= weights[k]!;
    if (r >= 0) continue;
    const ops = view.of(k);
    if (ops.length === 0) throw new Error(`the model's ops by kind say kind ${k} has an enabled op, but list none`);
    return ops[pick(ops.length - 1)]!;
  }
  return null;
}

/**
 * Per kind of `model.byKind`, the bits (as `changes.changed` sets them) of
 * the parts its `reads` names, as a claim's `reads` are made (`readMask`):
 * every bit for a kind without a list, an error for a part `changes` does
 * not name. Undefined when the model gives no reads or no changes.
 */
function readMasks(model: { readonly byKind?: ActionsByKind<unknown, unknown>; readonly changes?: StateChanges<unknown> }): Int32Array | undefined {
  const reads = model.byKind?.reads;
  const changes = model.changes;
  if (!reads || !changes) return undefined;
  const kinds = model.byKind!.kinds;
  if (reads.length !== kinds.length) throw new Error(`the model's ops by kind list ${kinds.length} kinds but reads for ${reads.length}`);
  return Int32Array.from(kinds, (kind, k) => readMask(`the model's ops of kind ${kind}`, reads[k], changes));
}

class ModelSequenceArbitrary<S, A, O> extends fc.Arbitrary<A[]> {
  private readonly kindOf: (op: A) => string;
  private readonly weightOf: (kind: string) => number;
  constructor(
    private readonly model: Model<S, A, O>,
    private readonly opts: ModelSequenceOptions,
  ) {
    super();
    const kind = model.kind;
    this.kindOf = kind ? (op) => kind(op) : () => ONE_KIND;
    const w = opts.weights;
    // Weights by kind in a Map: looked up for every enabled op of every generated step.
    const byKind = new Map(w ? Object.entries(w) : []);
    this.weightOf = w ? (k) => byKind.get(k) ?? 0 : () => 1;
    this.kindWeights = model.byKind?.kinds.map(this.weightOf);
    this.readMasks = readMasks(model);
  }

  /** Per kind, the bits of the parts that decide whether it has an op (`ActionsByKind.reads`), when the model gives them and its `changes`. */
  private readonly readMasks: Int32Array | undefined;

  /** The weight of each of `model.byKind.kinds`, when the model lists its ops by kind. */
  private readonly kindWeights: readonly number[] | undefined;

  /** One op drawn from the ops enabled in `s`, or null when none may be drawn. */
  private draw(s: S, pick: (maxInclusive: number) => number, known?: Int8Array): A | null {
    const { byKind } = this.model;
    if (byKind && this.kindWeights) return drawFromView(byKind.view(s), this.kindWeights, pick, known);
    return drawByKind(this.model.actions(s), this.kindOf, this.weightOf, pick);
  }

  generate(mrng: fc.Random): fc.Value<A[]> {
    const length = mrng.nextInt(1, this.opts.maxLength);
    const initial = this.model.initial();
    let s = initial;
    const ops: A[] = [];
    const nexts: (Next<S, O> | undefined)[] = [];
    const pick = (max: number): number => mrng.nextInt(0, max);
    // What each kind's `has` said in the state before, kept while the steps leave the parts it reads alone (-1: ask).
    const masks = this.readMasks;
    const known = masks ? new Int8Array(masks.length).fill(-1) : undefined;
    const changes = this.model.changes;
    for (let i = 0; i < length; i++) {
      const op = this.draw(s, pick, known);
      if (op === null) break;
      ops.push(op);
      const n = this.model.next(s, op);
      nexts.push(n);
      if (n && known && changes) {
        const changed = changes.changed(s, n.state);
        if (changed !== 0) for (let k = 0; k < known.length; k++) if ((masks![k]! & changed) !== 0) known[k] = -1;
      }
      s = n?.state ?? s;
    }
    TRAJECTORIES.set(ops, { initial, nexts });
    return new fc.Value(ops, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is A[] {
    return Array.isArray(value);
  }

  shrink(value: A[]): fc.Stream<fc.Value<A[]>> {
    const self = this;
    function* candidates(): Generator<[A[], number]> {
      yield* removals(value);
      yield* self.replacements(value);
    }
    // Each candidate keeps the first ops of `value` up to where it differs: a run of it may start there (`startOf`).
    return new fc.Stream(candidates()).map(([ops, shared]) => {
      SHARED.set(ops, { with: value, shared });
      return new fc.Value(ops, undefined);
    });
  }

  /**
   * Candidate replacements: one op swapped for a strictly smaller op of the
   * same kind that is enabled at that point (fewer pages, a lower GPA...).
   * Length stays, total size drops, so shrinking still terminates; it lets a
   * later removal succeed where an absolute argument pinned the sequence.
   */
  private *replacements(ops: readonly A[]): Generator<[A[], number]> {
    const { model, kindOf } = this;
    const sizeOf = model.size;
    if (!sizeOf) return;
    // The states along `ops`: its run's log where it has one, else stepped again.
    const logged = LOGS.get(ops)?.states as readonly S[] | undefined;
    let s = model.initial();
    for (let i = 0; i < ops.length; i++) {
      if (logged && i < logged.length) s = logged[i]!;
      const op = ops[i]!;
      const size = sizeOf(op);
      const kind = kindOf(op);
      const smaller = model
        .actions(s)
        .filter((o) => kindOf(o) === kind && sizeOf(o) < size)
        .sort((a, b) => sizeOf(a) - sizeOf(b))
        .slice(0, 4);
      for (const alt of smaller) yield [[...ops.slice(0, i), alt, ...ops.slice(i + 1)], i];
      if (!logged || i + 1 >= logged.length) s = model.next(s, op)?.state ?? s;
    }
  }
}

/** Each shrink candidate: the sequence it was made from, and how many first ops the two share. */
const SHARED = new WeakMap<readonly unknown[], { readonly with: readonly unknown[]; readonly shared: number }>();

/** The logs of runs kept by `keepRunLog`, by their sequence. */
const LOGS = new WeakMap<readonly unknown[], RunLog<unknown, unknown, unknown>>();

/** Keeps the log of a run of `ops` (one that failed: shrinking then makes its candidates from it). */
export const keepRunLog = <S, A, O>(ops: readonly A[], log: RunLog<S, A, O>): void => void LOGS.set(ops, log as RunLog<unknown, unknown, unknown>);

/**
 * Where a run of a shrink candidate may start: after the first ops it
 * shares with the sequence it was made from, when that sequence's run
 * kept its log (`keepRunLog`); undefined otherwise.
 */
export function startOf<S, A, O>(ops: readonly A[]): RunStart<S, A, O> | undefined {
  const c = SHARED.get(ops);
  const log = c && (LOGS.get(c.with) as RunLog<S, A, O> | undefined);
  if (!c || !log) return undefined;
  const shared = Math.min(c.shared, log.states.length - 1);
  return shared > 0 ? { log, shared } : undefined;
}

/** The trajectory of each sequence generated, by the sequence (the same array the property is given). */
const TRAJECTORIES = new WeakMap<readonly unknown[], Trajectory<unknown, unknown>>();

/**
 * The states and outcomes the generator went through while generating
 * `ops` (undefined for a sequence it did not generate, such as a shrink
 * candidate): the model is deterministic, so running `ops` again gives
 * exactly these.
 */
export const trajectoryOf = <S, O>(ops: readonly unknown[]): Trajectory<S, O> | undefined => TRAJECTORIES.get(ops) as Trajectory<S, O> | undefined;

/** Candidate removals, biggest first: drop chunks of n/2, n/4, ..., 1 ops at every position (each with the number of first ops it keeps). */
function* removals<A>(ops: readonly A[]): Generator<[A[], number]> {
  const n = ops.length;
  for (let size = Math.max(1, n >> 1); ; size >>= 1) {
    for (let start = 0; start + size <= n; start += size) yield [[...ops.slice(0, start), ...ops.slice(start + size)], start];
    if (size === 1) break;
  }
}

/** Op sequences of `model`, generated from the ops enabled along the way. */
export const modelSequence = <S, A, O>(model: Model<S, A, O>, opts: ModelSequenceOptions): fc.Arbitrary<A[]> => new ModelSequenceArbitrary(model, opts);

/** hvspec's op weights with `weights` over them. */
export const systemWeights = (weights?: Partial<Record<OpType, number>>): Record<string, number> => ({ ...OP_WEIGHTS, ...(weights ?? {}) });

/** Op sequences for `world`, generated from the ops enabled along the way. */
export const opSequence = (world: World, opts: OpSequenceOptions): fc.Arbitrary<Op[]> => modelSequence(systemModel(world), { maxLength: opts.maxLength, weights: systemWeights(opts.weights) });
