/**
 * A fast-check arbitrary of op sequences that follows the system as it
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
import { initialSystem } from '../system/system.js';
import type { Op, OpType } from '../system/ops.js';
import { enabledOps, enabledOfType, OP_WEIGHTS } from '../system/enabled.js';
import { applyOp } from '../system/step.js';

/** Options for generated sequences. */
export interface OpSequenceOptions {
  /** Longest sequence generated. */
  readonly maxLength: number;
  /** Weight per op kind (defaults to OP_WEIGHTS); 0 never generates that kind. */
  readonly weights?: Partial<Record<OpType, number>>;
}

/** Draws one op from the enabled ops of a state, or null when none is enabled. */
export function drawOp(enabled: readonly Op[], weights: Record<string, number>, pick: (maxInclusive: number) => number): Op | null {
  const byType = new Map<string, Op[]>();
  for (const op of enabled) {
    if ((weights[op.type] ?? 0) <= 0) continue;
    let list = byType.get(op.type);
    if (!list) byType.set(op.type, (list = []));
    list.push(op);
  }
  if (byType.size === 0) return null;
  let total = 0;
  for (const t of byType.keys()) total += weights[t]!;
  let r = pick(total - 1);
  for (const [t, list] of byType) {
    r -= weights[t]!;
    if (r < 0) return list[pick(list.length - 1)]!;
  }
  return null;
}

class OpSequenceArbitrary extends fc.Arbitrary<Op[]> {
  private readonly weights: Record<string, number>;
  constructor(
    private readonly world: World,
    private readonly opts: OpSequenceOptions,
  ) {
    super();
    this.weights = { ...OP_WEIGHTS, ...(opts.weights ?? {}) };
  }

  generate(mrng: fc.Random): fc.Value<Op[]> {
    const length = mrng.nextInt(1, this.opts.maxLength);
    let sys = initialSystem(this.world);
    const ops: Op[] = [];
    for (let i = 0; i < length; i++) {
      const op = drawOp(enabledOps(sys), this.weights, (max) => mrng.nextInt(0, max));
      if (!op) break;
      ops.push(op);
      sys = applyOp(sys, op).system;
    }
    return new fc.Value(ops, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Op[] {
    return Array.isArray(value);
  }

  shrink(value: Op[]): fc.Stream<fc.Value<Op[]>> {
    const world = this.world;
    function* candidates(): Generator<Op[]> {
      yield* removals(value);
      yield* replacements(world, value);
    }
    return new fc.Stream(candidates()).map((ops) => new fc.Value(ops, undefined));
  }
}

/** The size of an op: the sum of its numeric arguments (true counts 1). Replacements must lower it. */
export function opSize(op: Op): number {
  let n = 0;
  for (const v of Object.values(op)) n += typeof v === 'number' ? v : v === true ? 1 : 0;
  return n;
}

/**
 * Candidate replacements: one op swapped for a strictly smaller op of the
 * same kind that is enabled at that point (fewer pages, a lower GPA...).
 * Length stays, total size drops, so shrinking still terminates; it lets a
 * later removal succeed where an absolute argument pinned the sequence.
 */
function* replacements(world: World, ops: readonly Op[]): Generator<Op[]> {
  let sys = initialSystem(world);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const size = opSize(op);
    const smaller = enabledOfType(sys, op.type)
      .filter((o) => opSize(o) < size)
      .sort((a, b) => opSize(a) - opSize(b))
      .slice(0, 4);
    for (const alt of smaller) yield [...ops.slice(0, i), alt, ...ops.slice(i + 1)];
    sys = applyOp(sys, op).system;
  }
}

/** Candidate removals, biggest first: drop chunks of n/2, n/4, ..., 1 ops at every position. */
function* removals(ops: readonly Op[]): Generator<Op[]> {
  const n = ops.length;
  for (let size = Math.max(1, n >> 1); ; size >>= 1) {
    for (let start = 0; start + size <= n; start += size) yield [...ops.slice(0, start), ...ops.slice(start + size)];
    if (size === 1) break;
  }
}

/** Op sequences for `world`, generated from the ops enabled along the way. */
export const opSequence = (world: World, opts: OpSequenceOptions): fc.Arbitrary<Op[]> => new OpSequenceArbitrary(world, opts);
