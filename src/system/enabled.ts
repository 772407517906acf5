/**
 * The ops worth trying in a state, with every relevant argument, in a
 * deterministic order: the random engine draws from this list (weighted by
 * op kind) and the explorer expands every entry.
 *
 * A hypercall is listed when the partition machine takes it in its current
 * state, whatever its guards then decide (so a denied DeletePartition is
 * tried, and a fault in a guard is reachable); calls the TLFS table rejects
 * outright are left out, as are ops whose structural precondition fails
 * (dispatching a VP that is not Ready, accessing memory on an idle LP).
 */
import type { System } from './system.js';
import { type Op, type OpType, type DmOp, OP_TYPES, type QUERY_OP_TYPES } from './ops.js';
import { lookupSlat } from '../substrate/slat.js';
import { ROOT, at } from '../substrate/ids.js';
import type { VpContext } from '../../models/virtual-processor/machine.js';
import type { PartitionEvent } from '../../models/partition/machine.js';
import { EnabledScan } from './enabled-scan.js';
import { GEN_PORTS, GEN_LEAVES, GEN_MSRS, GEN_VECTORS } from './intercept-args.js';
import { type InterceptKind, type Instruction, INTERCEPT_KINDS, interceptKey, interceptFor, toInstruction } from '../../models/intercept/instructions.js';
import { enabledDmOps } from './enabled-dm.js';
import { dmAccessGate } from './handlers/dynamic-memory.js';
import { indicesEqual } from '../substrate/vmbus-ring.js';
import { type IoEvent } from '../../models/vmbus/machine.js';
import { VMBUS_SINT } from './io-state.js';
import { guestOn, activeChannel, ioTakes, ioBufferCandidates } from './handlers/vmbus.js';

/** Relative weight of each op kind in generated runs. */
export const OP_WEIGHTS: Record<OpType, number> = {
  createPartition: 3,
  depositMemory: 3,
  withdrawMemory: 1,
  initializePartition: 3,
  mapGpaPages: 4,
  unmapGpaPages: 2,
  finalizePartition: 1,
  deletePartition: 1,
  getMemoryBalance: 1,
  getNextChildPartition: 1,
  dispatchVp: 4,
  descheduleVp: 1,
  haltVp: 1,
  suspendVp: 1,
  resumeVp: 1,
  guestAccess: 5,
  rootAccess: 1,
  tick: 1,
  installIntercept: 4,
  guestExecute: 8,
  pauseVm: 3,
  resumeVm: 1,
  workerTake: 2,
  workerReply: 2,
  childHypercall: 1,
  dmStart: 4,
  dmDeliver: 2,
  dmSettle: 8,
  dmGuestWork: 8,
  dmBalloon: 4,
  dmUnballoon: 16,
  dmHotAdd: 3,
  dmBalance: 1,
  dmCommit: 1,
  dmDecommit: 1,
  submitIo: 6,
  vspTakeRequest: 3,
  vspEndRead: 2,
  deviceComplete: 3,
  rootIsr: 3,
  vspSignal: 4,
  vspPostMessage: 2,
  guestHandle: 3,
  eom: 2,
  maskSint: 1,
  unmaskSint: 1,
};

/** True when the guest-instruction op `o` hits an intercept installed in `table`. */
function hitsInstalled(table: Readonly<Record<string, number>>, o: Op): boolean {
  const hit = o.type === 'guestExecute' ? interceptFor(toInstruction(o)) : null;
  return hit ? ((table[hit.key] ?? 0) & hit.bit) !== 0 : false;
}

/** Every generated guest instruction, in a fixed order (the root's instructions are never generated). */
const GEN_INSTRUCTIONS: readonly { instr: Instruction['op']; arg: number }[] = [
  ...GEN_LEAVES.map((arg) => ({ instr: 'cpuid' as const, arg })),
  ...GEN_MSRS.map((arg) => ({ instr: 'rdmsr' as const, arg })),
  ...GEN_MSRS.map((arg) => ({ instr: 'wrmsr' as const, arg })),
  ...GEN_PORTS.map((arg) => ({ instr: 'in' as const, arg })),
  ...GEN_PORTS.map((arg) => ({ instr: 'out' as const, arg })),
  ...GEN_VECTORS.map((arg) => ({ instr: 'exception' as const, arg })),
];

/** InstallIntercept masks generated per kind (besides 0, which removes): every access, and one access alone. */
const INSTALL_MASKS: Record<InterceptKind, readonly number[]> = { ioPort: [3, 2], msr: [3, 1], cpuid: [4], exception: [4] };

/** InstallIntercept targets generated per kind. */
const INSTALL_TARGETS: Record<InterceptKind, readonly number[]> = { ioPort: GEN_PORTS, msr: [0], cpuid: GEN_LEAVES, exception: GEN_VECTORS };

const ACCESS_RW = 3;

/** Lists the enabled ops of one kind in the state `e` into `out`, in a fixed order. */
type Enumerator = (e: EnabledScan, out: Op[]) => void;

const DEPOSIT_PROBE: PartitionEvent = { type: 'DepositMemory', pages: 1 };
const WITHDRAW_PROBE: PartitionEvent = { type: 'WithdrawMemory', pages: 1 };
const MAP_PROBE: PartitionEvent = { type: 'MapGpaPages', gpa: 0, pages: 1, access: ACCESS_RW };
const UNMAP_PROBE: PartitionEvent = { type: 'UnmapGpaPages', gpa: 0, pages: 1 };
const FINALIZE_PROBE: PartitionEvent = { type: 'FinalizePartition', hasChildren: false };
/** The enumerator of a read-only partition query: every live partition whose machine takes the call. */
const query =
  (type: (typeof QUERY_OP_TYPES)[number], probe: PartitionEvent): Enumerator =>
  (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, probe)) out.push({ type, pid: p.id });
  };
const INSTALL_PROBE: PartitionEvent = { type: 'InstallIntercept' };

/** Each DM kind is listed by `enabledDmOps`. */
const dmKind =
  (type: DmOp['type']): Enumerator =>
  (e, out) => {
    for (const op of enabledDmOps(e.sys, type)) out.push(op);
  };

/** PauseVm or ResumeVm. */
const pauseOrResume =
  (t: 'pauseVm' | 'resumeVm'): Enumerator =>
  (e, out) => {
    const sys = e.sys;
    const want = t === 'resumeVm';
    for (const p of e.live) {
      const rec = at(sys.partitions, p.id)!;
      // Pausing is tried only while one of the VM's VPs awaits the root: otherwise it is suspendVp on each VP.
      const waits = (at(sys.intercepts.handshakes, p.id) ?? []).some((h) => h.value !== 'idle');
      if (t === 'pauseVm' && !waits) continue;
      if (rec.machine.value === 'active' && rec.vps.some((vp) => vp.value !== 'deleted' && (vp.context as VpContext).explicitSuspend === want)) out.push({ type: t, pid: p.id });
    }
  };

/** DeviceComplete, RootIsr or VspSignal: every I/O whose machine takes the event. */
const ioEvent =
  (t: 'deviceComplete' | 'rootIsr' | 'vspSignal'): Enumerator =>
  (e, out) => {
    const sys = e.sys;
    const event: IoEvent = { type: t === 'deviceComplete' ? 'DEVICE_COMPLETE' : t === 'rootIsr' ? 'ROOT_ISR' : 'COMPLETION_WRITTEN' };
    for (const p of e.live) {
      const ch = activeChannel(sys, p.id);
      if (!ch || (t === 'vspSignal' && ch.inbound.pendingSendSz !== 0)) continue;
      for (const io of ch.ios) if (ioTakes(sys, io, event)) out.push({ type: t, pid: p.id, io: io.id });
    }
  };

/** GuestHandle or Eom on the VMBus SINT of each LP's guest VP. */
const sintService =
  (t: 'guestHandle' | 'eom'): Enumerator =>
  (e, out) => {
    const sys = e.sys;
    e.s.lps.forEach((_, lp) => {
      const g = guestOn(sys, lp);
      const sint = g && at(sys.interrupts.partitions, g.pid)?.synic[g.vp]?.sints[VMBUS_SINT];
      if (!sint) return;
      if (t === 'guestHandle' ? sint.asserted : sint.slot === null && sint.messagePending) out.push({ type: t, lp });
    });
  };

/** MaskSint or UnmaskSint on the VMBus SINT of each LP's guest VP. */
const sintMask =
  (t: 'maskSint' | 'unmaskSint'): Enumerator =>
  (e, out) => {
    const sys = e.sys;
    // With synthetic I/O switched off (no I/O, no messages) nothing ever arrives on the SINT: masking it proves nothing.
    if (e.cfg.maxIosInFlight + e.cfg.maxMessagesOutstanding === 0) return;
    e.s.lps.forEach((_, lp) => {
      const g = guestOn(sys, lp);
      const sint = g && at(sys.interrupts.partitions, g.pid)?.synic[g.vp]?.sints[VMBUS_SINT];
      if (sint && sint.masked === (t === 'unmaskSint')) out.push({ type: t, lp, sint: VMBUS_SINT });
    });
  };

/**
 * The enumerator of every op kind. A table rather than a match chain:
 * listing one kind costs one lookup, whatever the size of the vocabulary,
 * and a kind missing here does not compile.
 */
const ENUMERATORS: { readonly [K in OpType]: Enumerator } = {
  createPartition: (e, out) => {
    for (const p of e.cfg.partitions) if (!at(e.sys.partitions, p.id)) out.push({ type: 'createPartition', pid: p.id });
  },
  depositMemory: (e, out) => {
    const held = e.rootHeld();
    for (const p of e.live) if (e.accepts(p.id, DEPOSIT_PROBE)) for (let n = 1, k = e.counts(held); n <= k; n++) out.push({ type: 'depositMemory', pid: p.id, pages: n });
  },
  withdrawMemory: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, WITHDRAW_PROBE)) for (let n = 1, k = e.counts(e.pool(p.id)); n <= k; n++) out.push({ type: 'withdrawMemory', pid: p.id, pages: n });
  },
  initializePartition: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, { type: 'InitializePartition', poolPages: e.pool(p.id) })) out.push({ type: 'initializePartition', pid: p.id });
  },
  mapGpaPages: (e, out) => {
    const { cfg, s } = e;
    for (const p of e.live) {
      if (p.dynamicMemory) continue;
      if (!e.accepts(p.id, MAP_PROBE)) continue;
      const slat = at(s.slat, p.id) ?? {};
      for (let gpa = 0; gpa < p.gpaPages; gpa++) {
        for (let n = 1; n <= cfg.maxPagesPerCall && gpa + n <= p.gpaPages && n <= s.memory.free.length; n++) {
          if (lookupSlat(slat, gpa + n - 1)) break;
          out.push({ type: 'mapGpaPages', pid: p.id, gpa, pages: n, access: ACCESS_RW });
        }
      }
    }
  },
  unmapGpaPages: (e, out) => {
    const { cfg, s } = e;
    for (const p of e.live) {
      if (p.dynamicMemory) continue;
      if (!e.accepts(p.id, UNMAP_PROBE)) continue;
      const slat = at(s.slat, p.id) ?? {};
      for (let gpa = 0; gpa < p.gpaPages; gpa++) {
        if (!lookupSlat(slat, gpa)) continue;
        for (let n = 1; n <= cfg.maxPagesPerCall && gpa + n <= p.gpaPages; n++) out.push({ type: 'unmapGpaPages', pid: p.id, gpa, pages: n });
      }
    }
  },
  finalizePartition: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, FINALIZE_PROBE)) out.push({ type: 'finalizePartition', pid: p.id });
  },
  deletePartition: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, { type: 'DeletePartition', poolPages: e.pool(p.id) })) out.push({ type: 'deletePartition', pid: p.id });
  },
  getMemoryBalance: query('getMemoryBalance', { type: 'GetMemoryBalance' }),
  getNextChildPartition: query('getNextChildPartition', { type: 'GetNextChildPartition' }),
  dispatchVp: (e, out) => {
    for (let lp = 0; lp < e.cfg.logicalProcessors; lp++)
      for (const pid of e.withVps) {
        const vps = at(e.sys.partitions, pid)!.vps;
        for (let i = 0; i < vps.length; i++) if (vps[i]!.value === 'ready') out.push({ type: 'dispatchVp', lp, pid, vp: i });
      }
  },
  descheduleVp: (e, out) => {
    e.s.lps.forEach((l, lp) => l.running && out.push({ type: 'descheduleVp', lp }));
  },
  haltVp: (e, out) => {
    e.s.lps.forEach((l, lp) => l.running && out.push({ type: 'haltVp', lp }));
  },
  suspendVp: (e, out) => {
    for (const pid of e.withVps) {
      const vps = at(e.sys.partitions, pid)!.vps;
      for (let i = 0; i < vps.length; i++) if (vps[i]!.value !== 'deleted' && !(vps[i]!.context as VpContext).explicitSuspend) out.push({ type: 'suspendVp', pid, vp: i });
    }
  },
  resumeVp: (e, out) => {
    for (const pid of e.withVps) {
      const vps = at(e.sys.partitions, pid)!.vps;
      for (let i = 0; i < vps.length; i++) if ((vps[i]!.context as VpContext).explicitSuspend) out.push({ type: 'resumeVp', pid, vp: i });
    }
  },
  guestAccess: (e, out) => {
    const { sys, s } = e;
    s.lps.forEach((l, lp) => {
      if (!l.running) return;
      // Only GVAs whose GPA is mapped: faulting accesses change nothing and would crowd out the rest.
      const pt = at(s.pageTables, l.running.pid) ?? {};
      const slat = at(s.slat, l.running.pid) ?? {};
      for (const gva of Object.keys(pt).map(Number)) {
        const gate = dmAccessGate(sys, lp, l.running.pid, gva);
        if (gate.skip) continue;
        // A Dynamic Memory guest's balloon pages stay in its page table: touching one is worth trying even once reclaimed.
        if (!lookupSlat(slat, pt[gva]!) && !(gate.gpa !== undefined && at(sys.dm, l.running.pid)?.mm.balloon.includes(gate.gpa))) continue;
        out.push({ type: 'guestAccess', lp, gva, write: false });
        out.push({ type: 'guestAccess', lp, gva, write: true });
      }
    });
  },
  rootAccess: (e, out) => {
    // Only frames that changed hands are worth reading: the root's own untouched memory proves nothing.
    const s = e.s;
    const slat = at(s.slat, ROOT)!;
    for (const f of Object.keys(slat).map(Number)) if (s.memory.content[f] !== 'root') out.push({ type: 'rootAccess', gpa: f, write: false });
  },
  tick: (_e, out) => {
    out.push({ type: 'tick' });
  },
  installIntercept: (e, out) => {
    const sys = e.sys;
    const active = e.live.filter((p) => e.accepts(p.id, INSTALL_PROBE));
    for (const p of active) {
      const table = at(sys.intercepts.tables, p.id) ?? {};
      for (const kind of INTERCEPT_KINDS)
        for (const target of INSTALL_TARGETS[kind]) {
          const now = table[interceptKey(kind, target)] ?? 0;
          for (const mask of INSTALL_MASKS[kind]) if (mask !== now) out.push({ type: 'installIntercept', caller: ROOT, pid: p.id, kind, target, mask });
          if (now !== 0) out.push({ type: 'installIntercept', caller: ROOT, pid: p.id, kind, target, mask: 0 });
        }
    }
    // A running child trying to install an intercept (always denied).
    for (const c of active) for (const p of active) out.push({ type: 'installIntercept', caller: c.id, pid: p.id, kind: 'cpuid', target: GEN_LEAVES[0]!, mask: 4 });
  },
  guestExecute: (e, out) => {
    const sys = e.sys;
    e.s.lps.forEach((l, lp) => {
      // The root's instructions are never intercepted (nobody installs intercepts on it): only children's are worth trying.
      if (!l.running || l.running.pid === ROOT || at(sys.intercepts.handshakes, l.running.pid)?.[l.running.vp]?.value !== 'idle') return;
      const table = at(sys.intercepts.tables, l.running.pid) ?? {};
      const all = GEN_INSTRUCTIONS.map((i): Op => ({ type: 'guestExecute', lp, ...i }));
      // Every instruction that hits an installed intercept, and one that hits none: instructions the hypervisor
      // completes itself all take the same path, so one representative is enough.
      const hits = all.filter((o) => hitsInstalled(table, o));
      const miss = all.find((o) => !hitsInstalled(table, o));
      out.push(...hits, ...(miss ? [miss] : []));
    });
  },
  pauseVm: pauseOrResume('pauseVm'),
  resumeVm: pauseOrResume('resumeVm'),
  workerTake: (e, out) => {
    const w = e.sys.intercepts.worker;
    if (w.value === 'idle' && w.context.queue.length > 0) out.push({ type: 'workerTake' });
  },
  workerReply: (e, out) => {
    if (e.sys.intercepts.worker.value === 'simulating') out.push({ type: 'workerReply' });
  },
  childHypercall: (e, out) => {
    const sys = e.sys;
    const callers = e.live.filter((p) => at(sys.partitions, p.id)!.machine.value === 'active');
    for (const c of callers) {
      for (const p of e.live) out.push({ type: 'childHypercall', caller: c.id, call: 'MapGpaPages', pid: p.id });
      for (const p of e.cfg.partitions) if (!at(sys.partitions, p.id)) out.push({ type: 'childHypercall', caller: c.id, call: 'CreatePartition', pid: p.id });
    }
  },
  dmStart: dmKind('dmStart'),
  dmDeliver: dmKind('dmDeliver'),
  dmSettle: dmKind('dmSettle'),
  dmGuestWork: dmKind('dmGuestWork'),
  dmBalloon: dmKind('dmBalloon'),
  dmUnballoon: dmKind('dmUnballoon'),
  dmHotAdd: dmKind('dmHotAdd'),
  dmBalance: dmKind('dmBalance'),
  dmCommit: dmKind('dmCommit'),
  dmDecommit: dmKind('dmDecommit'),
  submitIo: (e, out) => {
    const sys = e.sys;
    e.s.lps.forEach((_, lp) => {
      const g = guestOn(sys, lp);
      const ch = g && at(sys.vmbus, g.pid);
      if (!g || !ch || ch.ios.length >= e.cfg.maxIosInFlight || ch.outbound.pendingSendSz !== 0) return;
      for (const gpa of ioBufferCandidates(sys, g.pid)) out.push({ type: 'submitIo', lp, gpa });
    });
  },
  vspTakeRequest: (e, out) => {
    for (const p of e.live) {
      const ch = activeChannel(e.sys, p.id);
      if (ch && ch.reader.value !== 'asleep' && ch.outbound.packets.length > 0 && !indicesEqual(ch.outbound)) out.push({ type: 'vspTakeRequest', pid: p.id });
    }
  },
  vspEndRead: (e, out) => {
    for (const p of e.live) if (activeChannel(e.sys, p.id)?.reader.value === 'draining') out.push({ type: 'vspEndRead', pid: p.id });
  },
  deviceComplete: ioEvent('deviceComplete'),
  rootIsr: ioEvent('rootIsr'),
  vspSignal: ioEvent('vspSignal'),
  vspPostMessage: (e, out) => {
    const sys = e.sys;
    for (const p of e.live) {
      if (!activeChannel(sys, p.id)) continue;
      if (sys.interrupts.irqs.filter((r) => r.pid === p.id && r.kind === 'message').length < e.cfg.maxMessagesOutstanding) out.push({ type: 'vspPostMessage', pid: p.id });
    }
  },
  guestHandle: sintService('guestHandle'),
  eom: sintService('eom'),
  maskSint: sintMask('maskSint'),
  unmaskSint: sintMask('unmaskSint'),
};

/** Every enabled op, grouped by kind in OP_TYPES order. */
export function enabledOps(sys: System): Op[] {
  const e = new EnabledScan(sys);
  const out: Op[] = [];
  for (const t of OP_TYPES) ENUMERATORS[t](e, out);
  return out;
}

/** The enabled ops of one kind; `scan` shares what several kinds of one state need (see `enabledScan`). */
export function enabledOfType(sys: System, type: OpType, scan?: EnabledScan): Op[] {
  const out: Op[] = [];
  ENUMERATORS[type](scan ?? new EnabledScan(sys), out);
  return out;
}

/** Appends the enabled ops of one kind to `out`; `scan` is the state's (from `enabledScan`). */
export function pushEnabled(scan: EnabledScan, type: OpType, out: Op[]): void {
  ENUMERATORS[type](scan, out);
}

/** What listing several op kinds of `sys` shares (pass it to `enabledOfType` or `pushEnabled`). */
export const enabledScan = (sys: System): EnabledScan => new EnabledScan(sys);
