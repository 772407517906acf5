/**
 * The ops worth trying in a state, with every relevant argument, in a
 * deterministic order: the random engine draws from this list (weighted by
 * op kind) and the explorer expands every entry. Each kind's instances
 * are its record's `enabled` (derived from the op registry), kinds in
 * `OP_TYPES` order.
 *
 * A hypercall is listed when the partition machine takes it in its current
 * state, whatever its guards then decide (so a denied DeletePartition is
 * tried, and a fault in a guard is reachable); calls the TLFS table rejects
 * outright are left out, as are ops whose structural precondition fails
 * (dispatching a VP that is not Ready, accessing memory on an idle LP).
 */
import type { System } from './system.js';
import { type Op, type OpType, type OpOfType, OP_TYPES, OP_RECORDS } from './op-registry.js';
import type { OpSink } from './op-record.js';
import { EnabledScan } from './enabled-scan.js';

/** Relative weight of each op kind in generated runs (each record's `weight`). */
export const OP_WEIGHTS: Readonly<Record<OpType, number>> = Object.fromEntries(OP_TYPES.map((t) => [t, OP_RECORDS[t].weight])) as Record<OpType, number>;

/** The enumerator of one op kind: its record's `enabled`, appending to a list of ops of every kind. */
const enumerate = (type: OpType, scan: EnabledScan, out: Op[]): void => (OP_RECORDS[type].enabled as (scan: EnabledScan, out: OpSink<Op>) => void)(scan, out);

/** Every enabled op, grouped by kind in OP_TYPES order. */
export function enabledOps(sys: System): Op[] {
  const e = new EnabledScan(sys);
  const out: Op[] = [];
  for (const t of OP_TYPES) enumerate(t, e, out);
  return out;
}

/** The enabled ops of one kind; `scan` shares what several kinds of one state need (see `enabledScan`). */
export function enabledOfType<K extends OpType>(sys: System, type: K, scan?: EnabledScan): OpOfType<K>[] {
  const out: Op[] = [];
  enumerate(type, scan ?? new EnabledScan(sys), out);
  return out as OpOfType<K>[];
}

/** Appends the enabled ops of one kind to `out`; `scan` is the state's (from `enabledScan`). */
export function pushEnabled(scan: EnabledScan, type: OpType, out: Op[]): void {
  enumerate(type, scan, out);
}

/** The enumerators of `types`, in order: append each kind's enabled ops to a list (looked up once, not per state). */
export const enumeratorsOf = (types: readonly OpType[]): readonly ((scan: EnabledScan, out: Op[]) => void)[] =>
  types.map((t) => OP_RECORDS[t].enabled as (scan: EnabledScan, out: OpSink<Op>) => void);

/** A sink that counts the ops pushed to it and keeps none. */
class CountingSink implements OpSink<Op> {
  n = 0;
  push(): number {
    // `arguments`, not a rest parameter: counting allocates nothing.
    // eslint-disable-next-line prefer-rest-params
    return (this.n += arguments.length);
  }
}
const COUNTING = new CountingSink();

/** Whether a kind has an enabled op, by its record's `any` or by counting what its `enabled` lists. */
export type AnyEnabled = (scan: EnabledScan) => boolean;

/** The `any` of each of `types`, in order: the record's own, or one that counts what its `enabled` lists (looked up once, not per state). */
export const anyOf = (types: readonly OpType[]): readonly AnyEnabled[] =>
  types.map((t) => {
    const r = OP_RECORDS[t];
    if (r.any) return r.any;
    const enumerate = r.enabled as (scan: EnabledScan, out: OpSink<Op>) => void;
    return (scan: EnabledScan) => {
      COUNTING.n = 0;
      enumerate(scan, COUNTING);
      return COUNTING.n > 0;
    };
  });

/** What listing several op kinds of `sys` shares (pass it to `enabledOfType` or `pushEnabled`). */
export const enabledScan = (sys: System): EnabledScan => new EnabledScan(sys);
