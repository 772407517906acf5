/**
 * One record per op: everything the system needs about one op kind, in
 * one place (the `ops.ts` of its mechanism's folder under models/). The
 * Op union, the validator, the describer, the enabled-op lister, the
 * weights and the router are derived from the set of records
 * (op-registry.ts); a record missing a part does not compile.
 */
import type { z } from 'zod';
import type { Config } from './config.js';
import type { System } from './system.js';
import type { StepResult } from './step-context.js';
import type { OpFields } from './op-schemas.js';
import type { EnabledScan } from './enabled-scan.js';
import type { OpStep } from './op-step.js';
import type { StatePart } from './state-parts.js';

export type { OpBase, Router } from './op-step.js';
export { OpStep } from './op-step.js';

/** The argument fields of an op kind: one zod schema per field (built from `OpFields`). */
export type OpShape = Readonly<Record<string, z.ZodType>>;

/** The op a record of kind `T` with argument fields `S` takes: `{ type: T }` and each field's value. */
export type OpOf<T extends string, S extends OpShape> = { readonly type: T } & { readonly [K in keyof S]: z.output<S[K]> };

/** Where a record's enumerator appends the enabled ops of its kind (the shared list of every kind). */
export interface OpSink<O> {
  push(...ops: O[]): unknown;
}

/** Everything about one op kind. */
export interface OpRecord<T extends string, S extends OpShape, O = OpOf<T, S>> {
  /** The op kind: the `type` of its ops, and its name in configs, traces and reports. */
  readonly type: T;
  /**
   * Its argument fields, built from the field vocabulary (`OpFields`)
   * against a config (partition ids, VP counts, GPA spaces) or against
   * the largest config allows when there is none. A field whose check
   * depends on the op names its variant (`f.pid('dynamicMemory')`,
   * `f.pages('frames')`, `f.gpa('root')`); the checks that tie one field
   * to another follow from them (`OpFields.op`).
   */
  readonly args: (f: OpFields<T>) => S;
  /** Its relative weight in generated runs. */
  readonly weight: number;
  /**
   * The System parts (`STATE_PARTS`) whose contents decide what `enabled`
   * and `any` give, besides the world (its config, machines and
   * policies): a step that changes none of them leaves this kind's enabled
   * ops as they were, so the random engine keeps its answer instead of
   * asking again. A test checks, on the states random runs reach, that
   * they read no other part.
   */
  readonly reads: readonly StatePart[];
  /** Appends its enabled instances in the state `scan` to `out`, in a deterministic order. */
  readonly enabled: (scan: EnabledScan, out: OpSink<O>) => void;
  /**
   * Whether `enabled` would append anything, found without listing (the
   * random engine asks it of every kind, then lists only the kind it
   * draws). Optional: without it, `enabled` is run and its ops counted.
   */
  readonly any?: (scan: EnabledScan) => boolean;
  /**
   * Applies a well-formed op: advances the machines it concerns and
   * interprets their actions against the substrate. `st` starts from
   * `system`; an op that is not enabled comes back `st.skip(reason)`.
   */
  readonly apply: (st: OpStep, op: O, system: System) => StepResult;
  /** One line naming the op and its arguments, as a counterexample prints it. */
  readonly describe: (op: O, config?: Config) => string;
}

/** The op a record takes. */
export type OpIn<R extends { readonly apply: (st: OpStep, op: never, system: System) => StepResult }> = Parameters<R['apply']>[1];

/** Defines one op kind; every part is required (a record missing one does not compile). */
export function defineOp<T extends string, S extends OpShape>(record: OpRecord<T, S>): OpRecord<T, S> {
  return record;
}
