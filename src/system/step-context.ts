/**
 * The accumulator of one step, and the small immutable setters handlers use.
 * Op records (models/<mechanism>/ops.ts) and the handlers in src/system/handlers/ take a
 * StepContext, replace `sys` with new values and push notes, observations
 * and machine transitions; the System itself is never mutated.
 */
import type { AnyStateMachine } from 'xstate';
import type { System, PartitionRecord } from './system.js';
import type { StepOutcome, Observation, MachineTransition, HypercallResult } from './outcome.js';
import { type Advance, type EventOf, type MachineState, type StateOf, advance, stateName } from './machine-runtime.js';
import type { PartitionId } from '../substrate/ids.js';
import type { HvStatus } from '../../models/partition/machine.js';
import type { VpContext } from '../../models/virtual-processor/machine.js';
import type { LpContext } from '../../models/virtual-processor/scheduler.js';
import { type HypercallName, HYPERCALL_CODES, hypercallLabel } from './hypercalls.js';
import type { Count, KeyedCounter, NumericCounter } from './counters.js';
import { at } from '../substrate/ids.js';

/** The result of one step: the next System and what happened. */
export interface StepResult {
  readonly system: System;
  readonly outcome: StepOutcome;
}

/** A mutable accumulator used inside one step only; the System itself is never mutated. */
export class StepContext {
  notes: string[] = [];
  observations: Observation[] = [];
  transitions: MachineTransition[] = [];
  hypercall: HypercallResult | undefined;
  /** What the step adds to the counters (reported in its outcome, never kept in the System). */
  counts: Count[] = [];
  constructor(public sys: System) {}

  /** Advances one machine instance (`instance` names it, as `MachineTransition.instance` says), recording the transition for coverage. */
  send<M extends AnyStateMachine>(machine: string, def: M, state: StateOf<M>, event: EventOf<M>, instance: string): Advance<M> {
    const adv = advance(def, state, event);
    if (adv.accepted)
      this.transitions.push({ machine, from: stateName(state.value), event: event.type, to: stateName(adv.state.value), actions: adv.actions.map((a) => a.type), branch: adv.branch, instance });
    return adv;
  }

  /** Records and counts a hypercall with its status. */
  call(name: HypercallName, status: HvStatus): void {
    this.hypercall = { name, code: HYPERCALL_CODES[name], status };
    this.countKey('hypercalls', hypercallLabel(name));
  }

  /** Counts `by` more of a numeric counter (nothing when `by` is 0). */
  count(counter: NumericCounter, by = 1): void {
    if (by !== 0) this.counts.push({ counter, by });
  }

  /** Counts one more of entry `key` of a keyed counter. */
  countKey(counter: KeyedCounter, key: string | number): void {
    this.counts.push({ counter, key });
  }

  /** The step's result, as applied. */
  done(): StepResult {
    return {
      system: this.sys,
      outcome: { status: 'applied', hypercall: this.hypercall, notes: this.notes, observations: this.observations, transitions: this.transitions, counts: this.counts },
    };
  }
}

/**
 * A context that goes on from an applied step's result, keeping its notes,
 * observations, transitions, counts and hypercall: for an op apply that adds to
 * the apply it wraps.
 */
export function continueStep(r: StepResult): StepContext {
  const st = new StepContext(r.system);
  st.notes = [...r.outcome.notes];
  st.observations = [...r.outcome.observations];
  st.transitions = [...r.outcome.transitions];
  st.counts = [...r.outcome.counts];
  st.hypercall = r.outcome.hypercall;
  return st;
}

/** Replaces one partition record. */
export const setPartition = (sys: System, pid: PartitionId, rec: PartitionRecord): System => ({ ...sys, partitions: { ...sys.partitions, [pid]: rec } });
/** Replaces one partition's lifecycle machine state (the same System when it is that state already). */
export const setPartitionMachine = (sys: System, pid: PartitionId, state: PartitionRecord['machine']): System => {
  const rec = at(sys.partitions, pid)!;
  return rec.machine === state ? sys : setPartition(sys, pid, { ...rec, machine: state });
};
/** Replaces one VP's machine state (the same System when it is that state already). */
export const setVp = (sys: System, pid: PartitionId, vp: number, state: MachineState<VpContext>): System => {
  const rec = at(sys.partitions, pid)!;
  if (rec.vps[vp] === state) return sys;
  const vps = rec.vps.slice();
  vps[vp] = state;
  return setPartition(sys, pid, { ...rec, vps });
};
/** Replaces one LP's scheduler machine state (the same System when it is that state already). */
export const setLp = (sys: System, lp: number, state: MachineState<LpContext>): System => {
  if (sys.lps[lp] === state) return sys;
  const lps = sys.lps.slice();
  lps[lp] = state;
  return { ...sys, lps };
};
/** Records which VP runs on an LP in the substrate. */
export const setRunning = (sys: System, lp: number, running: { pid: PartitionId; vp: number } | null): System => {
  const lps = sys.substrate.lps.slice();
  lps[lp] = { ...lps[lp]!, running };
  return { ...sys, substrate: { ...sys.substrate, lps } };
};

