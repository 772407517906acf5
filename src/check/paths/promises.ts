/**
 * What each machine state promises (its `meta.promise`), as checks on the
 * substrate-backed system. The path walker runs the check of every state
 * it reaches; a state without a check here is reported as unchecked.
 *
 * Each check receives the system and which instance of the machine the
 * walker drives, and returns null or what is wrong.
 */
import type { System } from '../../system/system.js';
import type { VpContext } from '../../../models/virtual-processor/machine.js';
import type { LpContext } from '../../../models/scheduler/machine.js';

/** The instance a check looks at: a partition, a VP of a partition, or a logical processor. */
export interface Instance {
  readonly pid?: string;
  readonly vp?: number;
  readonly lp?: number;
}

/** Null when the state's promise holds, otherwise what is wrong. */
export type PromiseCheck = (sys: System, at: Instance) => string | null;

const lpsRunning = (sys: System, pid: string, vp?: number) =>
  sys.substrate.lps.flatMap((l, i) => (l.running && l.running.pid === pid && (vp === undefined || l.running.vp === vp) ? [i] : []));

const heldBy = (sys: System, pid: string) => sys.substrate.memory.holder.filter((h) => h === `partition:${pid}` || h === `pool:${pid}`).length;

const vpCtx = (sys: System, at: Instance) => sys.partitions[at.pid!]!.vps[at.vp!]!.context as VpContext;

const noVps = (sys: System, at: Instance) => {
  const vps = sys.partitions[at.pid!]!.vps;
  if (vps.some((v) => v.value !== 'deleted')) return `${at.pid} still has live VPs`;
  return lpsRunning(sys, at.pid!).length ? `${at.pid} still runs on an LP` : null;
};

/** Checks by machine, then by state path. */
export const PROMISE_CHECKS: Readonly<Record<string, Readonly<Record<string, PromiseCheck>>>> = {
  partition: {
    uninitialized: (sys, at) => (sys.partitions[at.pid!]!.vps.length === 0 && !sys.substrate.pageTables[at.pid!] ? null : `${at.pid} has VPs or a page table before InitializePartition`),
    active: (sys, at) => {
      const vps = sys.partitions[at.pid!]!.vps;
      const want = sys.world.config.partitions.find((p) => p.id === at.pid)!.vps;
      return vps.length === want && vps.every((v) => v.value !== 'deleted') ? null : `${at.pid} is active without its ${want} live VPs`;
    },
    finalizing: noVps,
    finalized: noVps,
    deleted: (sys, at) => {
      const n = heldBy(sys, at.pid!);
      if (n) return `deleted ${at.pid} still holds ${n} frames`;
      return sys.substrate.slat[at.pid!] && Object.keys(sys.substrate.slat[at.pid!]!).length ? `deleted ${at.pid} still has SLAT entries` : null;
    },
  },
  vp: {
    ready: (sys, at) => {
      const c = vpCtx(sys, at);
      if (c.explicitSuspend || c.interceptSuspend) return 'a ready VP has a suspend flag set';
      return lpsRunning(sys, at.pid!, at.vp).length ? 'a ready VP is on a logical processor' : null;
    },
    running: (sys, at) => {
      const c = vpCtx(sys, at);
      if (c.explicitSuspend || c.interceptSuspend) return 'a running VP has a suspend flag set';
      const on = lpsRunning(sys, at.pid!, at.vp);
      return on.length === 1 ? null : `a running VP is on ${on.length} logical processors`;
    },
    waiting: (sys, at) => (lpsRunning(sys, at.pid!, at.vp).length ? 'a waiting VP is on a logical processor' : null),
    suspended: (sys, at) => {
      const c = vpCtx(sys, at);
      if (!c.explicitSuspend && !c.interceptSuspend) return 'a suspended VP has neither suspend flag set';
      return lpsRunning(sys, at.pid!, at.vp).length ? 'a suspended VP is on a logical processor' : null;
    },
    deleted: (sys, at) => (lpsRunning(sys, at.pid!, at.vp).length ? 'a deleted VP is on a logical processor' : null),
  },
  lp: {
    idle: (sys, at) => {
      const l = sys.substrate.lps[at.lp!]!;
      const tag = (sys.lps[at.lp!]!.context as LpContext).tag;
      if (l.running) return `idle lp${at.lp} runs ${l.running.pid} vp${l.running.vp}`;
      const other = l.tlb.find((e) => e.tag !== tag);
      return other ? `idle lp${at.lp} holds a TLB entry of ${other.tag}, not of the last VM ${tag}` : null;
    },
    running: (sys, at) => {
      const l = sys.substrate.lps[at.lp!]!;
      const tag = (sys.lps[at.lp!]!.context as LpContext).tag;
      if (!l.running) return `running lp${at.lp} runs no VP`;
      if (l.running.pid !== tag) return `lp${at.lp} runs ${l.running.pid} but is tagged ${tag}`;
      const other = l.tlb.find((e) => e.tag !== tag);
      return other ? `lp${at.lp} runs ${tag} but holds a TLB entry of ${other.tag}` : null;
    },
  },
};
