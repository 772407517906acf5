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
import { userOf, tagOf } from '../../substrate/tlb.js';
import type { LpContext } from '../../../models/virtual-processor/scheduler.js';
import type { InterruptContext } from '../../../models/interrupt/machine.js';
import { lookupSlat } from '../../substrate/slat.js';
import { indicesEqual } from '../../substrate/vmbus-ring.js';
import { at } from '../../substrate/ids.js';
import { DM_GUEST_PROMISES, DM_HOST_PROMISES } from './dm-promises.js';
import type { Instance, PromiseCheck } from './instance.js';

export type { Instance, PromiseCheck } from './instance.js';

const lpsRunning = (sys: System, pid: string, vp?: number) =>
  sys.substrate.lps.flatMap((l, i) => (l.running && l.running.pid === pid && (vp === undefined || l.running.vp === vp) ? [i] : []));

const heldBy = (sys: System, pid: string) => sys.substrate.memory.holder.filter((h) => h === `partition:${pid}` || h === `pool:${pid}`).length;

const vpCtx = (sys: System, at: Instance) => sys.partitions[at.pid!]!.vps[at.vp!]!.context as VpContext;

const noVps = (sys: System, at: Instance) => {
  const vps = sys.partitions[at.pid!]!.vps;
  if (vps.some((v) => v.value !== 'deleted')) return `${at.pid} still has live VPs`;
  return lpsRunning(sys, at.pid!).length ? `${at.pid} still runs on an LP` : null;
};

/** No live VP and no GPA mapping: what FinalizePartition's cleanup leaves (WDK "Partition Finalization"). */
const finalizedCleanly = (sys: System, at: Instance) => {
  const vps = noVps(sys, at);
  if (vps) return vps;
  const mapped = sys.substrate.memory.holder.filter((h) => h === `partition:${at.pid}`).length;
  return mapped ? `finalized ${at.pid} still holds ${mapped} mapped frame${mapped === 1 ? '' : 's'}` : null;
};

const outbound = (sys: System, at: Instance) => sys.vmbus[at.pid!]!.outbound;
const ioRec = (sys: System, at: Instance) => sys.vmbus[at.pid!]?.ios.find((x) => x.id === at.io);
const onRing = (packets: readonly { tag: number }[], at: Instance) => packets.some((p) => p.tag === at.io);

/** An I/O in flight: its record is there and its buffer stays pinned (and mapped). */
const inFlight = (sys: System, at: Instance): string | null => {
  const io = ioRec(sys, at);
  if (!io) return `io${at.io} of ${at.pid} has no record`;
  const slat = sys.substrate.slat[at.pid!] ?? {};
  const unmapped = io.gpas.find((g) => !lookupSlat(slat, g));
  return unmapped === undefined ? null : `io${at.io}'s buffer gpa ${unmapped} is not mapped while the I/O is in flight`;
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
    finalizing: finalizedCleanly,
    finalized: finalizedCleanly,
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
  io: {
    queued: (sys, at) => inFlight(sys, at) ?? (onRing(outbound(sys, at).packets, at) ? null : `queued io${at.io} is not on the outbound ring`),
    issued: (sys, at) => inFlight(sys, at) ?? (onRing(outbound(sys, at).packets, at) ? `issued io${at.io} is still on the outbound ring` : null),
    deviceDone: inFlight,
    // The root ISR leaves no state of its own (the step counts it): its mark is the stage itself, with the I/O still in flight.
    isrDone: inFlight,
    completing: (sys, at) => inFlight(sys, at) ?? (onRing(sys.vmbus[at.pid!]!.inbound.packets, at) ? null : `io${at.io}'s completion is not on the inbound ring`),
    done: (sys, at) => (ioRec(sys, at) ? `done io${at.io} still has a record (its buffer stays pinned)` : null),
  },
  ringReader: {
    asleep: (sys, at) => {
      const r = outbound(sys, at);
      if (r.interruptMask) return 'a sleeping reader left interrupt_mask set';
      return indicesEqual(r) ? null : 'the reader sleeps on a non-empty ring';
    },
    signalled: (sys, at) => (indicesEqual(outbound(sys, at)) ? 'a signalled reader has nothing to read' : null),
    draining: (sys, at) => (outbound(sys, at).interruptMask ? null : 'a draining reader has interrupt_mask clear'),
  },
  intercept: {
    idle: (sys, at) => (vpCtx(sys, at).interceptSuspend ? 'no intercept is pending, yet intercept-suspend is set' : null),
    posted: (sys, at) => {
      if (!vpCtx(sys, at).interceptSuspend) return 'the VP waits on the root without intercept-suspend';
      const w = sys.intercepts.worker.context;
      const mine = [...w.queue, ...w.held].filter((m) => m.pid === at.pid && m.vp === at.vp).length;
      return mine === 1 ? null : `${mine} intercept messages of ${at.pid} vp${at.vp} are on their way to the root, not 1`;
    },
    simulating: (sys, at) => {
      if (!vpCtx(sys, at).interceptSuspend) return 'the root simulates, yet intercept-suspend is clear';
      const cur = sys.intercepts.worker.context.current;
      return cur && cur.pid === at.pid && cur.vp === at.vp ? null : "the root's VM worker does not hold this VP's message";
    },
  },
  vmWorker: {
    idle: (sys) => {
      const w = sys.intercepts.worker.context;
      if (w.current) return 'an idle worker holds a message';
      const waiting = Object.entries(sys.intercepts.handshakes).flatMap(([pid, hs]) => hs.flatMap((h, vp) => (h.value === 'posted' ? [[pid, vp] as const] : [])));
      const lost = waiting.find(([pid, vp]) => ![...w.queue, ...w.held].some((m) => m.pid === pid && m.vp === vp));
      return lost ? `${lost[0]} vp${lost[1]} waits on the root, but its message is neither queued nor held back` : null;
    },
    simulating: (sys) => {
      const cur = sys.intercepts.worker.context.current;
      if (!cur) return 'a simulating worker holds no message';
      return at(sys.intercepts.handshakes, cur.pid)?.[cur.vp]?.value === 'simulating' ? null : `the worker simulates ${cur.pid} vp${cur.vp}'s instruction, but that VP's handshake is not simulating`;
    },
  },
  interrupt: {
    idle: (sys, at) => {
      const c = sys.interrupts.partitions[at.pid!]!.controller.context as InterruptContext;
      return c.deferred.length ? `idle, yet ${c.deferred.length} interrupts are deferred` : null;
    },
    deferring: (sys, at) => {
      if (sys.substrate.lps.some((l) => l.running?.pid === at.pid)) return `a VP of ${at.pid} is dispatched while its interrupts are deferred`;
      const c = sys.interrupts.partitions[at.pid!]!.controller.context as InterruptContext;
      return new Set(c.deferred).size === c.deferred.length ? null : 'an interrupt is deferred twice';
    },
  },
  dmGuest: DM_GUEST_PROMISES,
  dmHost: DM_HOST_PROMISES,
  lp: {
    idle: (sys, at) => {
      const l = sys.substrate.lps[at.lp!]!;
      const tag = (sys.lps[at.lp!]!.context as LpContext).tag;
      if (l.running) return `idle lp${at.lp} runs ${l.running.pid} vp${l.running.vp}`;
      const other = l.tlb.find((e) => (l.tags ? userOf(l, e) !== e.tag : e.tag !== tag));
      return other ? `idle lp${at.lp} holds a TLB entry of ${other.tag}, not of the last VM ${tag}` : null;
    },
    running: (sys, at) => {
      const l = sys.substrate.lps[at.lp!]!;
      const tag = (sys.lps[at.lp!]!.context as LpContext).tag;
      if (!l.running) return `running lp${at.lp} runs no VP`;
      if (l.running.pid !== tag) return `lp${at.lp} runs ${l.running.pid} but is tagged ${tag}`;
      if (l.tags && tagOf(l, tag!) < 0) return `lp${at.lp} runs ${tag} but holds no hardware tag for it`;
      const other = l.tlb.find((e) => (l.tags ? userOf(l, e) !== e.tag : e.tag !== tag));
      return other ? `lp${at.lp} runs ${tag} but holds a TLB entry of ${other.tag}` : null;
    },
  },
};
