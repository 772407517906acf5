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
import type { Op } from '../../system/ops.js';
import type { Drive, Driver } from './driver.js';
import { FULL_ACCESS, lookupSlat } from '../../substrate/slat.js';
import type { VpContext } from '../../../models/virtual-processor/machine.js';
import type { LpContext } from '../../../models/virtual-processor/scheduler.js';
import { lpOf } from '../../system/handlers/scheduler.js';
import type { InterruptContext } from '../../../models/interrupt/machine.js';
import type { InterceptContext } from '../../../models/intercept/machine.js';
import type { WorkerContext } from '../../../models/intercept/vm-worker.js';
import { INITIAL_REGISTERS } from '../../../models/intercept/instructions.js';
import { indicesEqual } from '../../substrate/vmbus-ring.js';
import { runningVpOf } from '../../system/handlers/interrupts.js';
import { at } from '../../substrate/ids.js';
import { DM_DRIVERS } from './dm-drivers.js';
import { PATHS_CONFIG } from './config.js';

export type { Drive, Driver } from './driver.js';

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
  internal: ['CleanupComplete'],
  instance: (sys) => at(sys.partitions, P)?.machine,
  contextCompared: "nothing: the partition machine's context is the specification's own bookkeeping",
  sameContext: () => true,
  drive: (sys, e) => {
    const pool = at(sys.substrate.pools, P)?.length ?? 0;
    const state = at(sys.partitions, P)!.machine.value;
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
        const slat = at(sys.substrate.slat, P) ?? {};
        const gpa = Array.from({ length: 16 }, (_, i) => i).find((g) => !lookupSlat(slat, g));
        return gpa === undefined ? undrivable('every gpa page is mapped') : ops({ type: 'mapGpaPages', pid: P, gpa, pages: 1, access: FULL_ACCESS });
      }
      case 'UnmapGpaPages':
        return ops({ type: 'unmapGpaPages', pid: P, gpa: 0, pages: 1 });
      case 'GetMemoryBalance':
        return ops({ type: 'getMemoryBalance', pid: P });
      case 'InstallIntercept':
        return ops({ type: 'installIntercept', caller: 'root', pid: P, kind: 'cpuid', target: 0x1, mask: 4 });
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

/** Drives VP 0 of partition p1, which has a CPUID intercept on leaf 1 installed. */
export const vpDriver: Driver = {
  machine: 'vp',
  at: { pid: P, vp: 0 },
  events: [],
  setup: [...boot(P), { type: 'installIntercept', caller: 'root', pid: P, kind: 'cpuid', target: 0x1, mask: 4 }],
  instance: (sys) => at(sys.partitions, P)?.vps[0],
  contextCompared: 'explicitSuspend and interceptSuspend',
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
      case 'INTERCEPT_SUSPEND':
        // The hypervisor intercepts an instruction of the running VP only (reasons.ts names the other states).
        return lp >= 0 ? ops({ type: 'guestExecute', lp, instr: 'cpuid', arg: 0x1 }) : undrivable('only a running VP executes an instruction the hypervisor can intercept');
      case 'INTERCEPT_RESUME':
        // The root's VM worker answers the one message (this VP's): take it if it has not yet, then reply.
        return sys.intercepts.worker.value === 'simulating' ? ops({ type: 'workerReply' }) : ops({ type: 'workerTake' }, { type: 'workerReply' });
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
  contextCompared: 'tag (which VP the LP runs)',
  sameContext: (m, s) => (m as LpContext).tag === (s as LpContext).tag,
  drive: (sys, e) => {
    if (e.type === 'DESCHEDULE') return ops({ type: 'descheduleVp', lp: 0 });
    const pid = (e as EventObject & { pid: string }).pid;
    const vp = at(sys.partitions, pid)?.vps.findIndex((v) => v.value === 'ready') ?? -1;
    return vp < 0 ? undrivable(`no ready VP of ${pid}`) : ops({ type: 'dispatchVp', lp: 0, pid, vp });
  },
};

/** Drives logical processor 0 on the tagged discipline (one hardware tag per LP, so switches recycle it), with VPs of p1 and p2. */
export const lpTaggedDriver: Driver = {
  ...lpDriver,
  variant: 'tagged',
  config: { ...PATHS_CONFIG, tlbDiscipline: 'tagged', tlbTags: 1 },
  events: [{ type: 'DISPATCH', pid: 'p1', vp: 0, tagged: true }, { type: 'DISPATCH', pid: 'p2', vp: 0, tagged: true }, { type: 'DESCHEDULE' }],
};

/** p1 active with two mapped GPA pages (I/O buffers) and its VP 0 running on LP 0. */
const ioReady: Op[] = [...boot(P), { type: 'mapGpaPages', pid: P, gpa: 0, pages: 2, access: FULL_ACCESS }, { type: 'dispatchVp', lp: 0, pid: P, vp: 0 }];

/** Drives the I/O that p1's VP 0 submits first (io0), through the whole path. */
export const ioDriver: Driver = {
  machine: 'io',
  at: { pid: P, io: 0 },
  events: [],
  setup: [...ioReady, { type: 'submitIo', lp: 0, gpa: 0 }],
  // The record goes when the guest has read the completion (the setup submitted it; only the channel's
  // teardown removes it otherwise, and that takes the channel too): a channel without io0 has completed it.
  instance: (sys) => {
    const ch = at(sys.vmbus, P);
    return ch?.ios.find((x) => x.id === 0)?.machine ?? (ch ? { value: 'done', context: {} } : undefined);
  },
  contextCompared: "nothing: the I/O machine's context is the specification's own bookkeeping",
  sameContext: () => true,
  drive: (_sys, e) => {
    switch (e.type) {
      case 'VSP_TAKE':
        return ops({ type: 'vspTakeRequest', pid: P });
      case 'DEVICE_COMPLETE':
        return ops({ type: 'deviceComplete', pid: P, io: 0 });
      case 'ROOT_ISR':
        return ops({ type: 'rootIsr', pid: P, io: 0 });
      case 'COMPLETION_WRITTEN':
        return ops({ type: 'vspSignal', pid: P, io: 0 });
      case 'COMPLETION_READ':
        return ops({ type: 'guestHandle', lp: 0 });
      default:
        return undrivable(`no op sends ${e.type} to an I/O`);
    }
  },
};

/** Drives the root VSP's reader of p1's outbound ring; p1's VP 0 runs and writes the requests. */
export const ringReaderDriver: Driver = {
  machine: 'ringReader',
  at: { pid: P },
  events: [
    { type: 'END_READ', nonEmptyAfterUnmask: true },
    { type: 'END_READ', nonEmptyAfterUnmask: false },
  ],
  setup: ioReady,
  instance: (sys) => at(sys.vmbus, P)?.reader,
  contextCompared: "nothing: the ring reader's context is the specification's own bookkeeping",
  sameContext: () => true,
  drive: (sys, e) => {
    const ring = at(sys.vmbus, P)!.outbound;
    const reader = at(sys.vmbus, P)!.reader.value;
    const submit: Op = { type: 'submitIo', lp: 0, gpa: 0 };
    switch (e.type) {
      case 'SIGNAL':
        // The reader declares SIGNAL only while asleep: a writer signals only a ring that was empty with interrupt_mask clear.
        return reader === 'asleep' ? ops(submit) : undrivable(`a writer never signals a ${reader} reader`);
      case 'READ':
        return indicesEqual(ring) ? ops(submit, { type: 'vspTakeRequest', pid: P }) : ops({ type: 'vspTakeRequest', pid: P });
      case 'END_READ': {
        const more = (e as EventObject & { nonEmptyAfterUnmask: boolean }).nonEmptyAfterUnmask;
        // A request written while the mask is set is there when the reader looks again; an empty ring is what it finds otherwise.
        if (more) return indicesEqual(ring) ? ops(submit, { type: 'vspEndRead', pid: P }) : ops({ type: 'vspEndRead', pid: P });
        return indicesEqual(ring) ? ops({ type: 'vspEndRead', pid: P }) : ops({ type: 'vspTakeRequest', pid: P }, { type: 'vspEndRead', pid: P });
      }
      default:
        return undrivable(`no op sends ${e.type} to the ring reader`);
    }
  },
};

/** Drives p1's interrupt deferral machine with control messages the root posts while p1's VP 0 runs or not. */
export const interruptDriver: Driver = {
  machine: 'interrupt',
  at: { pid: P },
  events: [
    { type: 'RAISE', irq: 0, running: { pid: P, vp: 0 }, lastRun: null },
    { type: 'RAISE', irq: 0, running: null, lastRun: null },
    { type: 'VP_DISPATCHED', vp: 0 },
  ],
  setup: boot(P),
  instance: (sys) => at(sys.interrupts.partitions, P)?.controller,
  contextCompared: 'the number of deferred interrupts (deferred.length)',
  sameContext: (m, s) => (m as InterruptContext).deferred.length === (s as InterruptContext).deferred.length,
  // Each deferral lengthens the list: two deferred interrupts show every transition.
  explore: (snap) => (snap.context as InterruptContext).deferred.length < 2,
  drive: (sys, e) => {
    const running = runningVpOf(sys, P);
    const deferring = at(sys.interrupts.partitions, P)!.controller.value === 'deferring';
    const post: Op = { type: 'vspPostMessage', pid: P };
    switch (e.type) {
      case 'RAISE': {
        if ((e as EventObject & { running: unknown }).running !== null) {
          if (running) return ops(post);
          return deferring ? undrivable('dispatching a VP of the partition delivers the deferred interrupts and leaves deferring') : ops({ type: 'dispatchVp', lp: 0, pid: P, vp: 0 }, post);
        }
        return running ? ops({ type: 'descheduleVp', lp: lpOf(sys, P, running.vp) }, post) : ops(post);
      }
      case 'VP_DISPATCHED':
        return running ? undrivable('a VP of the partition already runs') : ops({ type: 'dispatchVp', lp: 0, pid: P, vp: 0 });
      default:
        return undrivable(`no op sends ${e.type} to the deferral machine`);
    }
  },
};

/** Drives the intercept handshake of p1's VP 0, with a CPUID intercept on leaf 1 installed; leaf 0xb is not intercepted. */
export const interceptDriver: Driver = {
  machine: 'intercept',
  at: { pid: P, vp: 0 },
  events: [
    { type: 'EXECUTE', instr: { op: 'cpuid', leaf: 0x1 }, hits: 'cpuid', result: INITIAL_REGISTERS },
    { type: 'EXECUTE', instr: { op: 'cpuid', leaf: 0xb }, hits: null, result: INITIAL_REGISTERS },
    { type: 'REPLY', regs: INITIAL_REGISTERS },
  ],
  setup: [...boot(P), { type: 'installIntercept', caller: 'root', pid: P, kind: 'cpuid', target: 0x1, mask: 4 }],
  instance: (sys) => at(sys.intercepts.handshakes, P)?.[0],
  contextCompared: 'whether a message is pending (pending is null or not)',
  sameContext: (m, s) => ((m as InterceptContext).pending === null) === ((s as InterceptContext).pending === null),
  drive: (sys, e) => {
    switch (e.type) {
      case 'EXECUTE': {
        const leaf = (e as EventObject & { hits: unknown }).hits ? 0x1 : 0xb;
        const exec: Op = { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: leaf };
        // The VP runs its instruction on LP 0: dispatch it there first when it is not running (after a reply it is Ready).
        return sys.substrate.lps[0]!.running?.pid === P && sys.substrate.lps[0]!.running.vp === 0 ? ops(exec) : ops({ type: 'dispatchVp', lp: 0, pid: P, vp: 0 }, exec);
      }
      case 'TAKEN':
        return ops({ type: 'workerTake' });
      case 'REPLY':
        return ops({ type: 'workerReply' });
      default:
        return undrivable(`no op sends ${e.type} to an intercept handshake`);
    }
  },
};

/** The messages the walker has VPs post: CPUID leaf 1 (intercepted) from p1's two VPs and p2's VP 0. */
const POSTERS: readonly { pid: string; vp: number }[] = [
  { pid: 'p1', vp: 0 },
  { pid: 'p1', vp: 1 },
  { pid: 'p2', vp: 0 },
];

const whoWaits = (c: WorkerContext) => JSON.stringify([c.queue.map((m) => [m.pid, m.vp]), c.held.map((m) => [m.pid, m.vp]), c.current && [c.current.pid, c.current.vp]]);

/** Drives the root's VM worker with the intercepts of three VPs of p1 and p2 (CPUID leaf 1 intercepted on both). */
export const vmWorkerDriver: Driver = {
  machine: 'vmWorker',
  at: {},
  events: [
    ...POSTERS.map((m) => ({ type: 'POST', msg: { ...m, kind: 'cpuid', instr: { op: 'cpuid', leaf: 0x1 }, pre: INITIAL_REGISTERS } })),
    { type: 'CANCEL', pid: 'p1' },
    { type: 'CANCEL', pid: 'p2' },
  ],
  setup: [...boot('p1'), ...boot('p2'), ...['p1', 'p2'].map((pid): Op => ({ type: 'installIntercept', caller: 'root', pid, kind: 'cpuid', target: 0x1, mask: 4 }))],
  instance: (sys) => sys.intercepts.worker,
  // Which VP's message is where (the registers they carry depend on earlier replies).
  contextCompared: "which VP's message is in the queue, held back, and in hand (pid and vp of each, in order)",
  sameContext: (m, s) => whoWaits(m as WorkerContext) === whoWaits(s as WorkerContext),
  // The queue, the held-back list and the message in hand make hundreds of model states: their simple paths are too many.
  simplePaths: false,
  // Two messages at once show every branch; a message that has waited two worker steps already shows the aging.
  explore: (snap) => {
    const c = snap.context as WorkerContext;
    const all = [...c.queue, ...c.held, ...(c.current ? [c.current] : [])];
    return all.length <= 2 && all.every((m) => m.waited <= 1);
  },
  drive: (sys, e) => {
    switch (e.type) {
      case 'POST': {
        const { pid, vp } = (e as EventObject & { msg: { pid: string; vp: number } }).msg;
        const v = at(sys.partitions, pid)?.vps[vp];
        if (!v || v.value === 'deleted') return undrivable(`${pid} is finalized: its VPs post nothing`);
        const exec = (lp: number): Op => ({ type: 'guestExecute', lp, instr: 'cpuid', arg: 0x1 });
        const on = lpOf(sys, pid, vp);
        if (on >= 0) return ops(exec(on));
        if (v.value !== 'ready') return undrivable(`${pid} vp${vp} is ${v.value}: a VP posts one intercept at a time, and only while it runs`);
        // Run it on a free LP, or on one whose VP does not wait on the root.
        const lp = Math.max(0, sys.substrate.lps.findIndex((l) => !l.running));
        return ops({ type: 'dispatchVp', lp, pid, vp }, exec(lp));
      }
      case 'TAKE':
        return ops({ type: 'workerTake' });
      case 'REPLY':
        return ops({ type: 'workerReply' });
      case 'CANCEL': {
        const pid = (e as EventObject & { pid: string }).pid;
        const state = at(sys.partitions, pid)?.machine.value;
        return state === 'active' ? ops({ type: 'finalizePartition', pid }) : undrivable(`${pid} is ${state}: only finalizing an active partition withdraws its messages`);
      }
      default:
        return undrivable(`no op sends ${e.type} to the VM worker`);
    }
  },
};

/**
 * Machines of the standard set the walker does not drive, and why (their
 * transitions are then exercised by the random engine and the scenarios
 * only); `hvspec paths` names them. Every standard machine has a driver.
 */
export const NO_DRIVER: Readonly<Record<string, string>> = {};

/** The drivers of the standard machines (the Dynamic Memory machines have several each: see dm-drivers.ts). */
export const STANDARD_DRIVERS: readonly Driver[] = [partitionDriver, vpDriver, lpDriver, lpTaggedDriver, interceptDriver, vmWorkerDriver, interruptDriver, ioDriver, ringReaderDriver, ...DM_DRIVERS];
