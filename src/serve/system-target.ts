/**
 * hvspec's System as the explorer page's target: the System model with
 * the run's properties, its machine instances, the machine transitions of
 * each step, and the trace view (swimlanes, changed values, columns of
 * one's own) of the path.
 */
import type { World } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import type { System } from '../system/system.js';
import type { Invariant, Goal, Liveness } from '../../properties/index.js';
import { systemModel } from '../check/system-model.js';
import { describeOp } from '../system/describe.js';
import { machineInstances } from '../report/instances.js';
import { type TraceColumns, traceView } from '../report/trace-view.js';
import type { ServeTarget } from './target.js';

/** What the System target checks and shows. */
export interface SystemTargetOptions {
  readonly invariants: readonly Invariant[];
  readonly goals: readonly Goal[];
  readonly liveness: readonly Liveness[];
  readonly columns?: TraceColumns;
}

/** The System of `world` as a target titled `title`. */
export function systemTarget(world: World, title: string, opts: SystemTargetOptions): ServeTarget<System, Op, StepOutcome> {
  const base = systemModel(world, { invariants: opts.invariants, goals: opts.goals, liveness: opts.liveness });
  const model = { ...base, describe: (op: Op) => describeOp(op, world.config) };
  return {
    title,
    model,
    instances: machineInstances,
    taken: (o) => o.transitions.map((t) => ({ machine: t.machine, from: t.from, event: t.event, to: t.to, ...(t.branch ? { branch: t.branch } : {}) })),
    trace: (ops) => traceView(world, ops, opts.invariants, title, undefined, opts.columns ?? {}),
  };
}
