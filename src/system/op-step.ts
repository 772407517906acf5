/**
 * The accumulator an op record's apply is given: a StepContext that also
 * knows the System the step started from, the verdicts an apply returns
 * (applied, or skipped with a reason), and the router, for an op whose
 * apply runs other ops (the VM worker creating a Dynamic Memory guest).
 */
import type { System } from './system.js';
import { StepContext, type StepResult } from './step-context.js';
import { skipped } from './outcome.js';
import type { DmHandled } from './handlers/dynamic-memory.js';
import { dmManaged } from './handlers/partition.js';
import type { PartitionId } from '../substrate/ids.js';

/** The shape every op has: its kind. */
export interface OpBase {
  readonly type: string;
}

/**
 * Applies one op of any kind to a System: the World's replacement for its
 * kind if there is one, else its record's apply (the op's own effect,
 * before the end-of-step bookkeeping).
 */
export type Router = (system: System, op: OpBase) => StepResult;

/** One step's accumulator with the System it started from, and the verdicts an op's apply returns. */
export class OpStep extends StepContext {
  constructor(
    readonly system: System,
    /** Routes a nested op (see `Router`). */
    readonly route: Router,
  ) {
    super(system);
  }

  /** The op was not enabled: nothing changes. */
  skip(reason: string): StepResult {
    return { system: this.system, outcome: skipped(reason) };
  }

  /** A handler's verdict: a reason means the op was not enabled (nothing changes). */
  orSkip(reason: string | null): StepResult {
    return reason === null ? this.done() : this.skip(reason);
  }

  /** A Dynamic Memory handler's verdict. */
  dm(r: DmHandled): StepResult {
    return r.kind === 'skipped' ? this.skip(r.reason) : this.done();
  }

  /** The partition's memory is managed by its Dynamic Memory VSP. */
  dmManaged(pid: PartitionId): boolean {
    return dmManaged(this.system, pid);
  }
}
