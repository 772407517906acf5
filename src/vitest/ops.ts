/**
 * `ops(setup)`: hvspec's own op-sequence arbitrary (src/check/op-sequence.ts)
 * for a World or a config, for a property of one's own under fast-check
 * (`test.prop([ops(config)])` with @fast-check/vitest). Each op is drawn
 * from the ops enabled at that point, a kind by weight first; shrinking
 * removes ops and replaces them by smaller ones. A sequence prints as the
 * steps that ran, as hvspec's counterexamples do.
 */
import fc from 'fast-check';
import type { Op, OpType } from '../system/ops.js';
import type { World } from '../system/system.js';
import { opSequence } from '../check/op-sequence.js';
import { runTrace, reportedSteps } from '../check/run.js';
import { formatSteps } from '../report/counterexample.js';
import { describeOp } from '../system/describe.js';
import { type SystemSetup, weightsOf, worldOf } from './setup.js';

/** Options of {@link ops}. */
export interface OpsOptions {
  /** Longest sequence (default 40, as `hvspec check`). */
  readonly maxLength?: number;
  /** Weights per op kind over hvspec's (and over the config's own `weights`); 0 never generates that kind. */
  readonly weights?: Partial<Record<OpType, number>>;
}

/** How a sequence of `world` reads: the steps that ran, with what each did, then the ops that were skipped. */
export function describeOps(world: World, ops: readonly Op[]): string {
  const run = runTrace(world, ops, []);
  const lines = [`${ops.length} op${ops.length === 1 ? '' : 's'}, ${run.steps.length} ran:`, ...formatSteps(reportedSteps(run.steps), world.config)];
  if (run.skippedCount > 0) {
    const ran = new Set(run.steps.map((s) => s.op));
    lines.push(`  skipped (not enabled when their turn came): ${ops.filter((o) => !ran.has(o)).map((o) => describeOp(o, world.config)).join('; ')}`);
  }
  return lines.join('\n');
}

/**
 * The op sequences of `setup` (a World, or a config made with
 * `defineConfig`), generated from the ops enabled along the way, with the
 * config's weights and `options.weights` over hvspec's. A generated
 * sequence prints as the steps that ran (fast-check's counterexample line).
 */
export function ops(setup: SystemSetup, options: OpsOptions = {}): fc.Arbitrary<Op[]> {
  const world = worldOf(setup);
  const weights = { ...weightsOf(setup), ...options.weights };
  return opSequence(world, { maxLength: options.maxLength ?? 40, weights }).map((seq) => {
    const out = [...seq];
    Object.defineProperty(out, fc.toStringMethod, { value: () => describeOps(world, out), enumerable: false });
    return out;
  });
}
