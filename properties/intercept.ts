/**
 * What the intercept handshake and the root's VM worker claim
 * (models/intercept; reference §2, §3, §5): an intercepted instruction
 * completes only after the root's reply, with the registers the root
 * computed from the instruction's own pre-instruction registers;
 * intercept-suspend stalls only the VP that took the intercept;
 * every intercept is answered exactly once, within a bound; and a child's
 * call to a parent-only hypercall is refused. Its `sometimes` goals: each
 * intercept kind is taken, and the interleavings worth reaching come up.
 */
import { type Invariant, type Goal, type LastStep, splitInvariant } from './property.js';
import type { System } from '../src/system/system.js';
import type { InterceptContext } from '../models/intercept/machine.js';
import type { InterceptMessage } from '../models/intercept/vm-worker.js';
import { type InterceptKind, INTERCEPT_KINDS, rootSimulates, describeInstruction } from '../models/intercept/instructions.js';
import { answerBound } from '../src/system/intercepts.js';
import { PARENT_ONLY } from '../src/system/hypercall-access.js';
import type { HypercallName } from '../src/system/hypercalls.js';
import { ROOT, hex, at } from '../src/substrate/ids.js';
import type { MachineState } from '../src/system/machine-runtime.js';

const awaiting = (h: MachineState<InterceptContext> | undefined) => h !== undefined && (h.value === 'posted' || h.value === 'simulating');

/** A VP that has a handshake, with its VP machine. */
interface VpWithHandshake {
  readonly pid: string;
  readonly vp: number;
  readonly hs: MachineState<InterceptContext>;
  readonly m: MachineState<{ readonly interceptSuspend?: boolean }>;
}

/** `vpsWithHandshakes` per handshake table and partition table (both immutable): the intercept claims of one state share one list. */
const WITH_HANDSHAKES = new WeakMap<object, WeakMap<object, readonly VpWithHandshake[]>>();

/** Every VP that has a handshake, with its VP machine (one list per handshake and partition tables). */
function vpsWithHandshakes(s: System): readonly VpWithHandshake[] {
  const { handshakes } = s.intercepts;
  let byPartitions = WITH_HANDSHAKES.get(handshakes);
  if (byPartitions === undefined) WITH_HANDSHAKES.set(handshakes, (byPartitions = new WeakMap()));
  let list = byPartitions.get(s.partitions);
  if (list === undefined) {
    const out: VpWithHandshake[] = [];
    for (const pid in handshakes) {
      const hss = handshakes[pid]!;
      for (let vp = 0; vp < hss.length; vp++) {
        const m = at(s.partitions, pid)?.vps[vp];
        if (m) out.push({ pid, vp, hs: hss[vp]!, m });
      }
    }
    byPartitions.set(s.partitions, (list = out));
  }
  return list;
}

const obs = (last: LastStep | undefined) => last?.outcome.observations ?? [];

/** An intercepted instruction completes only with the root's reply, and its VP stays suspended until then. */
export const completesOnlyAfterRootReply: Invariant = splitInvariant({
  kind: 'always',
  name: 'intercepted-instruction-completes-only-after-root-reply',
  reads: ['intercepts', 'partitions', 'tlbs'],
  description: "While an intercept awaits the root, its VP is intercept-suspended and off every logical processor; an intercepted instruction completes only in the step where the root's VM worker replies to it.",
  stepFirst: false,
  state: (s) => {
    for (const { pid, vp, hs, m } of vpsWithHandshakes(s)) {
      if (!awaiting(hs)) continue;
      if (!m.context.interceptSuspend) return `${pid} vp${vp} awaits the root's reply (${hs.context.pending?.kind} intercept) but its intercept-suspend flag is clear (vp is ${String(m.value)})`;
      const lp = s.substrate.lps.findIndex((l) => l.running?.pid === pid && l.running.vp === vp);
      if (lp >= 0) return `${pid} vp${vp} awaits the root's reply but runs on lp${lp}`;
    }
    return null;
  },
  step: (_s, last) => {
    const o = obs(last);
    for (const c of o) {
      if (c.kind !== 'instructionCompleted' || !c.intercepted) continue;
      const replied = o.some((r) => r.kind === 'interceptReply' && r.pid === c.pid && r.vp === c.vp && r.delivered);
      if (c.by !== 'root' || !replied) return `the intercepted instruction of ${c.pid} vp${c.vp} completed ${c.by === 'root' ? 'without a reply' : 'by the hypervisor'} before the root's VM worker replied`;
    }
    return null;
  },
});

/** Intercept-suspend is set only on the VP whose instruction was intercepted. */
export const suspendsOnlyItsVp: Invariant = {
  kind: 'always',
  name: 'intercept-suspends-only-its-vp',
  reads: ['intercepts', 'partitions'],
  description: "A VP's intercept-suspend flag is set only while that VP's own intercept awaits the root: one VP's intercept never stalls another.",
  check: (s) => {
    for (const { pid, vp, hs, m } of vpsWithHandshakes(s)) {
      if (!m.context.interceptSuspend || awaiting(hs)) continue;
      const cause = (at(s.intercepts.handshakes, pid) ?? []).findIndex((h) => awaiting(h));
      return `${pid} vp${vp} is intercept-suspended but has no intercept of its own pending${cause >= 0 ? ` (vp${cause}'s is)` : ''}`;
    }
    return null;
  },
};

const label = (m: InterceptMessage) => `${m.pid} vp${m.vp}'s ${m.kind} message`;

/**
 * Every intercept is answered exactly once, within a bound: no message
 * lost or duplicated, none held back while the queue has room, and each
 * answered within 2·N worker steps (N = virtual processors configured).
 */
export const everyInterceptAnsweredOnce: Invariant = splitInvariant({
  kind: 'always',
  name: 'every-intercept-answered-once',
  reads: ['intercepts', 'partitions'],
  description:
    "Each VP awaiting the root has exactly one message in the root's VM worker (held, queued or in hand), every message there belongs to a VP awaiting it, no reply finds nobody waiting, no message is held back while the queue has room, and every message is answered within 2·N steps of the worker (N = virtual processors in the configuration).",
  stepFirst: false,
  state: (s) => {
    const w = s.intercepts.worker.context;
    const all = [...w.held, ...w.queue, ...(w.current ? [w.current] : [])];
    const bound = answerBound(s.world.config);
    for (const { pid, vp, hs } of vpsWithHandshakes(s)) {
      const mine = all.filter((m) => m.pid === pid && m.vp === vp);
      if (awaiting(hs) && mine.length === 0) return `${pid} vp${vp} awaits the root but its intercept message is nowhere: it was lost`;
      if (mine.length > 1) return `${label(mine[0]!)} is in the worker ${mine.length} times: it will be answered more than once`;
      if (!awaiting(hs) && mine.length === 1) return `${label(mine[0]!)} is still in the worker after ${pid} vp${vp} was answered`;
      if (hs.value === 'simulating' && !(w.current?.pid === pid && w.current.vp === vp)) return `${pid} vp${vp} is being simulated but the worker holds ${w.current ? label(w.current) : 'nothing'}`;
    }
    for (const m of all) if (!at(s.intercepts.handshakes, m.pid)?.[m.vp]) return `${label(m)} belongs to no VP`;
    if (w.held.length > 0 && w.queue.length < w.capacity) return `${label(w.held[0]!)} is held back although the worker queue has room`;
    const late = all.find((m) => m.waited >= bound);
    if (late) return `${label(late)} has waited ${late.waited} worker steps, beyond the bound of ${bound}`;
    return null;
  },
  step: (_s, last) => {
    for (const r of obs(last)) if (r.kind === 'interceptReply' && !r.delivered) return `the worker answered ${r.pid} vp${r.vp} although no intercept of it was waiting`;
    return null;
  },
});

/** No child partition's call to a parent-only hypercall succeeds. */
export const childCannotCallParentOnly: Invariant = {
  kind: 'always',
  name: 'child-cannot-call-parent-only-hypercalls',
  reads: [],
  description: 'A child partition calling a parent-only hypercall (create, deposit, map, install intercepts, ...) is always refused with ACCESS_DENIED, whichever partition it names.',
  readsStep: true,
  check: (_s, last) => {
    for (const o of obs(last))
      if (o.kind === 'hypercall' && o.caller !== ROOT && PARENT_ONLY.includes(o.name as HypercallName) && o.status !== 'ACCESS_DENIED')
        return `${o.caller} called ${o.name} on ${o.pid} and got ${o.status} instead of ACCESS_DENIED`;
    return null;
  },
};

/** Registers are frozen while the root simulates, and are exactly the root's when the VP resumes. */
export const registersConsistent: Invariant = splitInvariant({
  kind: 'always',
  name: 'register-state-consistent-after-intercept',
  reads: ['intercepts', 'partitions'],
  description: "While an intercept awaits the root, the VP's registers are the pre-instruction ones it posted; when the root replies, the VP resumes with exactly the registers the root wrote.",
  stepFirst: false,
  state: (s) => {
    for (const { pid, vp, hs } of vpsWithHandshakes(s)) {
      const p = hs.context.pending;
      if (!awaiting(hs) || !p) continue;
      const r = hs.context.regs;
      if (r.rip !== p.pre.rip || r.rax !== p.pre.rax) return `${pid} vp${vp}'s registers changed to rip ${r.rip}, rax ${hex(r.rax)} while its intercept awaits the root`;
    }
    return null;
  },
  step: (s, last) => {
    for (const o of obs(last)) {
      if (o.kind !== 'interceptReply' || !o.delivered) continue;
      const r = at(s.intercepts.handshakes, o.pid)?.[o.vp]?.context.regs;
      if (!r || r.rip !== o.regs.rip || r.rax !== o.regs.rax)
        return `the root wrote rip ${o.regs.rip}, rax ${hex(o.regs.rax)} for ${o.pid} vp${o.vp}, but it resumes with ${r ? `rip ${r.rip}, rax ${hex(r.rax)}` : 'no registers'}`;
    }
    return null;
  },});

/** The root's simulation starts from the intercepted instruction and its own pre-instruction registers. */
export const rootSimulatesWithOwnRegisters: Invariant = {
  kind: 'always',
  name: 'root-simulates-intercepted-instruction-with-its-own-registers',
  description:
    "The registers the root's VM worker writes back for an intercept are its simulation of that VP's intercepted instruction from the registers that instruction's message carried (the VP's state before the instruction), never from another message's or a stale copy.",
  readsStep: true,
  reads: [],
  check: (_s, last) => {
    for (const o of obs(last)) {
      if (o.kind !== 'interceptReply' || !o.delivered) continue;
      const p = at(last!.before.intercepts.handshakes, o.pid)?.[o.vp]?.context.pending;
      if (!p) continue;
      const want = rootSimulates(p.pre, p.instr);
      if (o.regs.rip !== want.rip || o.regs.rax !== want.rax)
        return `the root answered ${o.pid} vp${o.vp}'s ${describeInstruction(p.instr)} (taken at rip ${p.pre.rip}, rax ${hex(p.pre.rax)}) with rip ${o.regs.rip}, rax ${hex(o.regs.rax)}; simulated from its own registers it gives rip ${want.rip}, rax ${hex(want.rax)}`;
    }
    return null;
  },
};

/** The intercept invariants. */
export const interceptInvariants: readonly Invariant[] = [
  completesOnlyAfterRootReply,
  suspendsOnlyItsVp,
  everyInterceptAnsweredOnce,
  childCannotCallParentOnly,
  registersConsistent,
  rootSimulatesWithOwnRegisters,
];

const KIND_WORDS: Record<InterceptKind, string> = { ioPort: 'an I/O port', msr: 'an MSR', cpuid: 'a CPUID', exception: 'an exception' };

/** One goal per kind: a VP takes an intercept of that kind. */
export const interceptKindGoals: readonly Goal[] = INTERCEPT_KINDS.map((k) => ({
  kind: 'sometimes' as const,
  name: `${k === 'ioPort' ? 'io-port' : k}-intercept-taken`,
  description: `A guest instruction hits ${KIND_WORDS[k]} intercept and its message goes to the root.`,
  reached: (_s: System, last: LastStep | undefined) => obs(last).some((o) => o.kind === 'interceptPosted' && o.intercept === k),
}));

const waitingVps = (s: System) => vpsWithHandshakes(s).filter((v) => awaiting(v.hs));

/** Whether at least `n` VPs await the root (`waitingVps`, counted without a list). */
function atLeastWaiting(s: System, n: number): boolean {
  const vps = vpsWithHandshakes(s);
  for (let i = 0, found = 0; i < vps.length; i++) if (awaiting(vps[i]!.hs) && ++found >= n) return true;
  return n <= 0;
}

/** The interleavings the weighted generation should reach. */
export const interleavingGoals: readonly Goal[] = [
  {
    kind: 'sometimes',
    name: 'two-vps-await-the-root-at-once',
    reads: ['intercepts', 'partitions'],
    description: 'Two VPs are intercept-suspended waiting for the root at the same time.',
    reached: (s) => atLeastWaiting(s, 2),
  },
  {
    kind: 'sometimes',
    name: 'vm-switch-while-intercept-pending',
    description: 'A logical processor switches VMs while some VP awaits the root.',
    reached: (s, last) => obs(last).some((o) => o.kind === 'vmSwitch') && atLeastWaiting(s, 1),
  },
  {
    kind: 'sometimes',
    name: 'partition-finalized-while-vp-waits',
    description: 'A partition is finalized while one of its VPs awaits the root.',
    reached: (_s, last) =>
      last?.op.type === 'finalizePartition' && last.outcome.hypercall?.status === 'SUCCESS' && waitingVps(last.before).some((v) => v.pid === (last.op as { pid: string }).pid),
  },
];

/** The intercept goals. */
export const interceptGoals: readonly Goal[] = [...interceptKindGoals, ...interleavingGoals];
