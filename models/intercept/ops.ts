/**
 * The intercepts' op records (reference §5): InstallIntercept, a guest
 * instruction, the root's VM worker pausing and resuming a VM and taking
 * and answering intercept messages, and a parent-only call made by a
 * child. The handshake and worker machines' actions are interpreted in
 * src/system/handlers/intercept.ts.
 */
import { z } from 'zod';
import { defineOp, type OpSink } from '../../src/system/op-record.js';
import type { EnabledScan } from '../../src/system/enabled-scan.js';
import type { System } from '../../src/system/system.js';
import { StepContext, type StepResult } from '../../src/system/step-context.js';
import { skipped } from '../../src/system/outcome.js';
import { sendVp } from '../../src/system/handlers/scheduler.js';
import * as icpt from '../../src/system/handlers/intercept.js';
import { CHILD_CALLS, INSTRUCTIONS } from '../../src/system/op-schemas.js';
import { GEN_PORTS, GEN_LEAVES, GEN_MSRS, GEN_VECTORS } from '../../src/system/intercept-args.js';
import { type PartitionId, ROOT, hex, at } from '../../src/substrate/ids.js';
import type { PartitionEvent } from '../partition/machine.js';
import { type InterceptKind, type Instruction, INTERCEPT_KINDS, interceptKey, interceptFor, toInstruction, describeInstruction } from './instructions.js';

const mask = (m: number) => (m > 7 ? `${hex(m)} (invalid)` : ['READ', 'WRITE', 'EXECUTE'].filter((_, i) => m & (1 << i)).join('|'));

/** Every generated guest instruction, in a fixed order (the root's instructions are never generated). */
const GEN_INSTRUCTIONS: readonly { instr: Instruction['op']; arg: number }[] = [
  ...GEN_LEAVES.map((arg) => ({ instr: 'cpuid' as const, arg })),
  ...GEN_MSRS.map((arg) => ({ instr: 'rdmsr' as const, arg })),
  ...GEN_MSRS.map((arg) => ({ instr: 'wrmsr' as const, arg })),
  ...GEN_PORTS.map((arg) => ({ instr: 'in' as const, arg })),
  ...GEN_PORTS.map((arg) => ({ instr: 'out' as const, arg })),
  ...GEN_VECTORS.map((arg) => ({ instr: 'exception' as const, arg })),
];

/** True when the guest instruction hits an intercept installed in `table`. */
function hitsInstalled(table: Readonly<Record<string, number>>, o: { instr: Instruction['op']; arg: number }): boolean {
  const hit = interceptFor(toInstruction(o));
  return hit ? ((table[hit.key] ?? 0) & hit.bit) !== 0 : false;
}

/** InstallIntercept masks generated per kind (besides 0, which removes): every access, and one access alone. */
const INSTALL_MASKS: Record<InterceptKind, readonly number[]> = { ioPort: [3, 2], msr: [3, 1], cpuid: [4], exception: [4] };

/** The probe of InstallIntercept: whether a partition's machine takes the call in its state. */
const INSTALL_PROBE: PartitionEvent = { type: 'InstallIntercept' };

/** InstallIntercept targets generated per kind. */
const INSTALL_TARGETS: Record<InterceptKind, readonly number[]> = { ioPort: GEN_PORTS, msr: [0], cpuid: GEN_LEAVES, exception: GEN_VECTORS };

/** Pauses (explicit suspend on every VP not yet suspended) or resumes (clears it on every VP) a VM. */
function pauseOrResumeVm(system: System, pid: PartitionId, what: 'pause' | 'resume'): StepResult {
  const vps = at(system.partitions, pid)?.vps ?? [];
  const targets = vps.map((vp, i) => ({ vp, i })).filter(({ vp }) => vp.value !== 'deleted' && vp.context.explicitSuspend === (what === 'resume'));
  if (at(system.partitions, pid)?.machine.value !== 'active' || targets.length === 0) return { system, outcome: skipped(`${pid} has no VP to ${what}`) };
  const st = new StepContext(system);
  for (const { i } of targets) {
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, pid, i, { type: what === 'pause' ? 'SUSPEND' : 'RESUME' });
  }
  st.notes.push(`${pid} vp${targets.map((t) => t.i).join(', vp')} ${what === 'pause' ? 'explicitly suspended' : 'explicit suspend cleared'}`);
  return st.done();
}

/** The enumerator of PauseVm or ResumeVm. */
const pausesOrResumes =
  <T extends 'pauseVm' | 'resumeVm'>(t: T) =>
  (e: EnabledScan, out: OpSink<{ type: T; pid: PartitionId }>) => {
    const sys = e.sys;
    const want = t === 'resumeVm';
    for (const p of e.live) {
      const rec = at(sys.partitions, p.id)!;
      // Pausing is tried only while one of the VM's VPs awaits the root: otherwise it is suspendVp on each VP.
      const waits = (at(sys.intercepts.handshakes, p.id) ?? []).some((h) => h.value !== 'idle');
      if (t === 'pauseVm' && !waits) continue;
      if (rec.machine.value === 'active' && rec.vps.some((vp) => vp.value !== 'deleted' && vp.context.explicitSuspend === want)) out.push({ type: t, pid: p.id });
    }
  };

/** InstallIntercept (0x4D): the root (or, denied, a child) installs or removes an intercept on a partition. */
export const installIntercept = defineOp({
  type: 'installIntercept',
  args: (f) => ({ caller: f.caller(), pid: f.pid(), kind: z.enum(INTERCEPT_KINDS), target: f.u32(), mask: f.u32() }),
  weight: 4,
  reads: ['intercepts', 'partitions'],
  enabled: (e, out) => {
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
  // A partition that takes the call has its denied child install listed, whatever its table holds.
  any: (e) => {
    for (const p of e.live) if (e.accepts(p.id, INSTALL_PROBE)) return true;
    return false;
  },
  apply: (_st, o, system) => icpt.installIntercept(system, o),
  describe: (o) =>
    o.mask === 0 ? `installIntercept by ${o.caller}: remove ${o.pid} ${o.kind} ${hex(o.target)}` : `installIntercept by ${o.caller}: ${o.pid} ${o.kind} ${hex(o.target)} mask ${mask(o.mask)}`,
});

/** GuestExecute: the VP running on `lp` executes an instruction (CPUID leaf, MSR index, I/O port, or exception vector). */
export const guestExecute = defineOp({
  type: 'guestExecute',
  args: (f) => ({ lp: f.lp(), instr: z.enum(INSTRUCTIONS), arg: f.u32() }),
  weight: 8,
  reads: ['intercepts', 'tlbs'],
  enabled: (e, out) => {
    const sys = e.sys;
    e.s.lps.forEach((l, lp) => {
      // The root's instructions are never intercepted (nobody installs intercepts on it): only children's are worth trying.
      if (!l.running || l.running.pid === ROOT || at(sys.intercepts.handshakes, l.running.pid)?.[l.running.vp]?.value !== 'idle') return;
      const table = at(sys.intercepts.tables, l.running.pid) ?? {};
      const all = GEN_INSTRUCTIONS.map((i) => ({ type: 'guestExecute' as const, lp, ...i }));
      // Every instruction that hits an installed intercept, and one that hits none: instructions the hypervisor
      // completes itself all take the same path, so one representative is enough.
      const hits = all.filter((o) => hitsInstalled(table, o));
      const miss = all.find((o) => !hitsInstalled(table, o));
      out.push(...hits, ...(miss ? [miss] : []));
    });
  },
  // Each LP that lists any lists one instruction at least (a hit, or the one that misses).
  any: (e) => {
    const sys = e.sys;
    for (const l of e.s.lps) if (l.running && l.running.pid !== ROOT && at(sys.intercepts.handshakes, l.running.pid)?.[l.running.vp]?.value === 'idle') return GEN_INSTRUCTIONS.length > 0;
    return false;
  },
  apply: (_st, o, system) => icpt.execute(system, o.lp, toInstruction(o)),
  describe: (o) => `guest on lp${o.lp} executes ${describeInstruction(toInstruction(o))}`,
});

/** PauseVm: the root's VM worker pauses a VM (explicit suspend on each of its VPs that is not suspended yet). */
export const pauseVm = defineOp({
  type: 'pauseVm',
  args: (f) => ({ pid: f.pid() }),
  weight: 3,
  reads: ['intercepts', 'partitions'],
  enabled: pausesOrResumes('pauseVm'),
  apply: (_st, o, system) => pauseOrResumeVm(system, o.pid, 'pause'),
  describe: (o) => `root VM worker pauses ${o.pid}`,
});

/** ResumeVm: the root's VM worker resumes a paused VM (clears explicit suspend on each of its VPs). */
export const resumeVm = defineOp({
  type: 'resumeVm',
  args: (f) => ({ pid: f.pid() }),
  weight: 1,
  reads: ['intercepts', 'partitions'],
  enabled: pausesOrResumes('resumeVm'),
  apply: (_st, o, system) => pauseOrResumeVm(system, o.pid, 'resume'),
  describe: (o) => `root VM worker resumes ${o.pid}`,
});

/** WorkerTake: the root's VM worker takes the oldest queued intercept message. */
export const workerTake = defineOp({
  type: 'workerTake',
  args: () => ({}),
  weight: 2,
  reads: ['intercepts'],
  enabled: (e, out) => {
    const w = e.sys.intercepts.worker;
    if (w.value === 'idle' && w.context.queue.length > 0) out.push({ type: 'workerTake' });
  },
  apply: (_st, _o, system) => icpt.workerTake(system),
  describe: () => 'root VM worker takes the next intercept message',
});

/** WorkerReply: the root's VM worker answers the message in hand. */
export const workerReply = defineOp({
  type: 'workerReply',
  args: () => ({}),
  weight: 2,
  reads: ['intercepts'],
  enabled: (e, out) => {
    if (e.sys.intercepts.worker.value === 'simulating') out.push({ type: 'workerReply' });
  },
  apply: (_st, _o, system) => icpt.workerReply(system),
  describe: () => 'root VM worker replies to the message in hand',
});

/** ChildHypercall: a child partition tries a parent-only hypercall (always denied by the gate). */
export const childHypercall = defineOp({
  type: 'childHypercall',
  args: (f) => ({ caller: f.caller('child'), call: z.enum(CHILD_CALLS), pid: f.pid() }),
  weight: 1,
  reads: ['partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    const callers = e.live.filter((p) => at(sys.partitions, p.id)!.machine.value === 'active');
    for (const c of callers) {
      for (const p of e.live) for (const call of CHILD_CALLS) if (call !== 'CreatePartition') out.push({ type: 'childHypercall', caller: c.id, call, pid: p.id });
      for (const p of e.cfg.partitions) if (!at(sys.partitions, p.id)) out.push({ type: 'childHypercall', caller: c.id, call: 'CreatePartition', pid: p.id });
    }
  },
  // An active caller is live, so it can at least call on itself.
  any: (e) => {
    if (!CHILD_CALLS.some((call) => call !== 'CreatePartition')) return false;
    for (const p of e.live) if (at(e.sys.partitions, p.id)!.machine.value === 'active') return true;
    return false;
  },
  apply: (_st, o, system) => icpt.childHypercall(system, o),
  describe: (o) => `${o.caller} calls ${o.call} on ${o.pid}`,
});
