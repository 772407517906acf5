/**
 * How the path walker makes the substrate-backed system take a machine
 * event: for each machine, the instance it watches, the event variants
 * the model is explored with (payloads that pick each guarded branch), and
 * the ops that make the system send that event to that instance.
 *
 * An event no op can produce is `undrivable`, with the reason; the walker
 * then stops that path on the system and reports the transition as reached
 * in the model only.
 */
import type { EventObject } from 'xstate';
import type { System } from '../../system/system.js';
import type { Op } from '../../system/ops.js';
import type { MachineState } from '../../system/machine-runtime.js';
import type { Instance } from './promises.js';
import { FULL_ACCESS, lookupSlat } from '../../substrate/slat.js';
import type { VpContext } from '../../../models/virtual-processor/machine.js';
import type { LpContext } from '../../../models/scheduler/machine.js';
import { lpOf } from '../../system/handlers/scheduler.js';

/** What to do on the system for one model event. */
export type Drive = { readonly kind: 'ops'; readonly ops: readonly Op[] } | { readonly kind: 'undrivable'; readonly reason: string };

/** How to drive one machine. */
export interface Driver {
  readonly machine: string;
  /** The instance watched. */
  readonly at: Instance;
  /** Event variants to explore the model with (events not listed are explored without payload). */
  readonly events: readonly (EventObject & Readonly<Record<string, unknown>>)[];
  /** Ops that create the instance, from the initial system. */
  readonly setup: readonly Op[];
  /** The instance's machine state in `sys`. */
  readonly instance: (sys: System) => MachineState | undefined;
  /** The ops that make the system send `event` to the instance. */
  readonly drive: (sys: System, event: EventObject) => Drive;
  /** True when the model's context and the system's agree (on what the system determines). */
  readonly sameContext: (model: unknown, sys: unknown) => boolean;
}

const ops = (...o: Op[]): Drive => ({ kind: 'ops', ops: o });
const undrivable = (reason: string): Drive => ({ kind: 'undrivable', reason });

const P = 'p1';

/** Drives partition p1's lifecycle machine. */
export const partitionDriver: Driver = {
  machine: 'partition',
  at: { pid: P },
  events: [
    { type: 'DepositMemory', pages: 1 },
    { type: 'WithdrawMemory', pages: 1 },
    { type: 'InitializePartition', poolPages: 0 },
    { type: 'InitializePartition', poolPages: 1 },
    { type: 'MapGpaPages', gpa: 0, pages: 1, access: FULL_ACCESS },
    { type: 'UnmapGpaPages', gpa: 0, pages: 1 },
    { type: 'FinalizePartition', hasChildren: false },
    { type: 'FinalizePartition', hasChildren: true },
    { type: 'DeletePartition', poolPages: 0 },
    { type: 'DeletePartition', poolPages: 1 },
  ],
  setup: [{ type: 'createPartition', pid: P }],
  instance: (sys) => sys.partitions[P]?.machine,
  sameContext: () => true,
  drive: (sys, e) => {
    const pool = sys.substrate.pools[P]?.length ?? 0;
    const state = sys.partitions[P]!.machine.value;
    const ev = e as EventObject & { pages?: number; poolPages?: number; hasChildren?: boolean };
    switch (e.type) {
      case 'DepositMemory':
        return ops({ type: 'depositMemory', pid: P, pages: ev.pages! });
      case 'WithdrawMemory':
        return ops({ type: 'withdrawMemory', pid: P, pages: ev.pages! });
      case 'InitializePartition':
        if (ev.poolPages! > 0 && pool === 0) return ops({ type: 'depositMemory', pid: P, pages: 1 }, { type: 'initializePartition', pid: P });
        if (ev.poolPages === 0 && pool > 0) return undrivable('the pool is not empty and an uninitialized partition accepts no WithdrawMemory');
        return ops({ type: 'initializePartition', pid: P });
      case 'MapGpaPages': {
        const slat = sys.substrate.slat[P] ?? {};
        const gpa = Array.from({ length: 16 }, (_, i) => i).find((g) => !lookupSlat(slat, g));
        return gpa === undefined ? undrivable('every gpa page is mapped') : ops({ type: 'mapGpaPages', pid: P, gpa, pages: 1, access: FULL_ACCESS });
      }
      case 'UnmapGpaPages':
        return ops({ type: 'unmapGpaPages', pid: P, gpa: 0, pages: 1 });
      case 'GetMemoryBalance':
        return ops({ type: 'getMemoryBalance', pid: P });
      case 'GetNextChildPartition':
        return ops({ type: 'getNextChildPartition', pid: P });
      case 'FinalizePartition':
        return ev.hasChildren ? undrivable('the system never finalizes a partition with children (no nested partitions)') : ops({ type: 'finalizePartition', pid: P });
      case 'DeletePartition':
        if (ev.poolPages! > 0 && pool === 0)
          return state === 'uninitialized' ? ops({ type: 'depositMemory', pid: P, pages: 1 }, { type: 'deletePartition', pid: P }) : undrivable('the pool is empty and this state accepts no deposit');
        if (ev.poolPages === 0 && pool > 0)
          return state === 'finalized' ? ops({ type: 'withdrawMemory', pid: P, pages: pool }, { type: 'deletePartition', pid: P }) : undrivable('the pool is not empty and this state accepts no withdraw');
        return ops({ type: 'deletePartition', pid: P });
      default:
        return undrivable(`no op issues ${e.type}`);
    }
  },
};

const boot = (pid: string): Op[] => [
  { type: 'createPartition', pid },
  { type: 'depositMemory', pid, pages: 1 },
  { type: 'initializePartition', pid },
];

/** Drives VP 0 of partition p1. */
export const vpDriver: Driver = {
  machine: 'vp',
  at: { pid: P, vp: 0 },
  events: [],
  setup: boot(P),
  instance: (sys) => sys.partitions[P]?.vps[0],
  sameContext: (m, s) => (m as VpContext).explicitSuspend === (s as VpContext).explicitSuspend && (m as VpContext).interceptSuspend === (s as VpContext).interceptSuspend,
  drive: (sys, e) => {
    const lp = lpOf(sys, P, 0);
    switch (e.type) {
      case 'DISPATCH':
        return ops({ type: 'dispatchVp', lp: 0, pid: P, vp: 0 });
      case 'PREEMPT':
        return ops({ type: 'descheduleVp', lp });
      case 'HALT':
        return ops({ type: 'haltVp', lp });
      case 'WAKE':
        return ops({ type: 'tick' });
      case 'SUSPEND':
        return ops({ type: 'suspendVp', pid: P, vp: 0 });
      case 'RESUME':
        return ops({ type: 'resumeVp', pid: P, vp: 0 });
      case 'DELETE':
        return ops({ type: 'finalizePartition', pid: P });
      default:
        return undrivable(`no op sends ${e.type} to a VP`);
    }
  },
};

/** Drives logical processor 0 with VPs of p1 and p2 (two each, so one is always ready). */
export const lpDriver: Driver = {
  machine: 'lp',
  at: { lp: 0 },
  events: [{ type: 'DISPATCH', pid: 'p1', vp: 0 }, { type: 'DISPATCH', pid: 'p2', vp: 0 }, { type: 'DESCHEDULE' }],
  setup: [...boot('p1'), ...boot('p2')],
  instance: (sys) => sys.lps[0],
  sameContext: (m, s) => (m as LpContext).tag === (s as LpContext).tag,
  drive: (sys, e) => {
    if (e.type === 'DESCHEDULE') return ops({ type: 'descheduleVp', lp: 0 });
    const pid = (e as EventObject & { pid: string }).pid;
    const vp = sys.partitions[pid]?.vps.findIndex((v) => v.value === 'ready') ?? -1;
    return vp < 0 ? undrivable(`no ready VP of ${pid}`) : ops({ type: 'dispatchVp', lp: 0, pid, vp });
  },
};

/** The drivers of the standard machines. */
export const STANDARD_DRIVERS: readonly Driver[] = [partitionDriver, vpDriver, lpDriver];
