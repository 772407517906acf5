/**
 * `step(system, op)`: the one pure function every engine drives.
 *
 * It routes the op (a table with a handler for every op kind), advances
 * the machine(s) it concerns with XState's pure transition, and interprets
 * the actions they emit against the substrate. Machines decide protocol; the substrate only
 * holds state; nothing here reads a clock or a random source.
 */
import type { Op, OpType } from './ops.js';
import type { System, MachineSet, OpOverride } from './system.js';
import { skipped } from './outcome.js';
import { StepContext, type StepResult, setPartition } from './step-context.js';
import { sendVp, leaveLp, dispatch } from './handlers/scheduler.js';
import * as icpt from './handlers/intercept.js';
import { toInstruction } from '../../models/intercept/instructions.js';

export type { StepResult } from './step-context.js';
import { type ActionNamed, type ActionTable, type Advance, advance, initialState, interpret } from './machine-runtime.js';
import { type PartitionId, ROOT, hex, hexRanges, framesText, at } from '../substrate/ids.js';
import { bootPageTable, GVA_BASE } from '../substrate/page-table.js';
import type { Substrate } from '../substrate/substrate.js';
import { lookupSlat } from '../substrate/slat.js';
import { writeFrame } from '../substrate/memory.js';
import { type PartitionEvent, type HvStatus, MIN_POOL_PAGES } from '../../models/partition/machine.js';
import { describeOp } from './describe.js';
import type { VpContext } from '../../models/virtual-processor/machine.js';
import type { HypercallName } from './hypercalls.js';
import { bump } from './counters.js';
import { validateOp } from './validate-op.js';
import { onVpDispatched, setUpPartitionIo, tearDownPartitionIo, afterInterruptStep } from './handlers/interrupts.js';
import * as io from './handlers/vmbus.js';
import { pinnedGpas } from './io-state.js';
import { type DmHandled, dmStart, dmDeliver, dmSettle, dmGuestWork, dmRequest, dmBalance, dmWorkload, dmTick, dmAccessGate, dmAfterAccess } from './handlers/dynamic-memory.js';


/** Sends a hypercall event to a partition's lifecycle machine; returns the adv or null after recording an error status. */
function partitionCall(st: StepContext, name: HypercallName, pid: PartitionId, event: PartitionEvent, precheck?: () => HvStatus | null): Advance<MachineSet['partition']> | null {
  const rec = at(st.sys.partitions, pid);
  if (!rec || rec.machine.value === 'deleted') {
    st.call(name, 'INVALID_PARTITION_ID');
    return null;
  }
  const adv = advance(st.sys.world.machines.partition, rec.machine, event);
  if (!adv.accepted) {
    st.call(name, 'INVALID_PARTITION_STATE');
    return null;
  }
  const deny = adv.actions.find((a): a is ActionNamed<MachineSet['partition'], 'deny'> => a.type === 'deny');
  if (deny) {
    st.call(name, deny.params.status);
    st.send('partition', st.sys.world.machines.partition, rec.machine, event);
    return null;
  }
  const bad = precheck?.() ?? null;
  if (bad) {
    st.call(name, bad);
    return null;
  }
  st.call(name, 'SUCCESS');
  st.send('partition', st.sys.world.machines.partition, rec.machine, event);
  st.sys = setPartition(st.sys, pid, { ...at(st.sys.partitions, pid)!, machine: adv.state });
  return adv;
}

function childConfig(sys: System, pid: PartitionId) {
  return sys.world.config.partitions.find((p) => p.id === pid);
}

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

/** The page numbers `start` to `start + n - 1`. */
export const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

/** Interprets one partition machine action for the hypercall op `op`. */
type PartitionAction = (st: StepContext, op: Extract<Op, { pid: PartitionId }>, pid: PartitionId) => void;

/** What each partition machine action does to the substrate (a table keyed by the machine's own action names: an action nobody handles does not compile). */
const PARTITION_ACTIONS: ActionTable<MachineSet['partition'], Parameters<PartitionAction>> = {
  depositFrames: (st, op, pid) => {
    const n = (op as { pages: number }).pages;
    const r = st.sys.world.substrateFns.deposit(st.sys.substrate, pid, n)!;
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(`root ${framesText(r.frames)} -> ${pid}'s pool`);
  },
  withdrawFrames: (st, op, pid) => {
    const n = (op as { pages: number }).pages;
    const r = st.sys.world.substrateFns.withdraw(st.sys.substrate, pid, n);
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(r.frames.length ? `${framesText(r.frames)} back to the root${zeroed(r.s, r.frames) ? ', zeroed' : ''}` : 'pool empty, nothing withdrawn');
  },
  mapGuestPages: (st, op, pid) => {
    const o = op as Extract<Op, { type: 'mapGpaPages' }>;
    const gpas = range(o.gpa, o.pages);
    const r = st.sys.world.substrateFns.grant(st.sys.substrate, pid, gpas, o.access, { largePages: st.sys.world.config.largePages })!;
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(`gpa ${hexRanges(gpas)} -> ${framesText(r.frames)}`);
  },
  unmapGuestPages: (st, op, pid) => {
    const o = op as Extract<Op, { type: 'unmapGpaPages' }>;
    const r = st.sys.world.substrateFns.release(st.sys.substrate, pid, range(o.gpa, o.pages));
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(r.frames.length ? `gpa ${hexRanges(r.gpas)} unmapped, ${framesText(r.frames)} freed` : 'nothing was mapped there');
  },
  createVps: (st, op, pid) => {
    const c = childConfig(st.sys, pid)!;
    const vps = Array.from({ length: c.vps }, () => initialState(st.sys.world.machines.vp));
    st.sys = setPartition(st.sys, pid, { ...at(st.sys.partitions, pid)!, vps });
    st.sys = { ...st.sys, substrate: { ...st.sys.substrate, pageTables: { ...st.sys.substrate.pageTables, [pid]: bootPageTable(c.gpaPages, GVA_BASE) } } };
    icpt.createHandshakes(st, pid, c.vps);
    st.sys = setUpPartitionIo(st.sys, pid, c.vps);
    st.notes.push(`${c.vps} VP${c.vps > 1 ? 's' : ''} created`);
  },
  teardownVps: (st, op, pid) => {
    const rec = at(st.sys.partitions, pid)!;
    icpt.teardownIntercepts(st, pid);
    rec.vps.forEach((_, i) => sendVp(st, pid, i, { type: 'DELETE' }));
    for (let lp = 0; lp < st.sys.substrate.lps.length; lp++) if (st.sys.substrate.lps[lp]!.running?.pid === pid) leaveLp(st, lp);
    st.sys = tearDownPartitionIo(st.sys, pid);
    st.notes.push('VPs torn down');
  },
  releaseMemory: (st, op, pid) => {
    const r = st.sys.world.substrateFns.releaseAll(st.sys.substrate, pid);
    const { [pid]: _pt, ...pageTables } = r.s.pageTables;
    const { [pid]: _slat, ...slat } = r.s.slat;
    st.sys = { ...st.sys, substrate: { ...r.s, pageTables, slat } };
    if (r.frames.length) st.notes.push(`${framesText(r.frames)} freed`);
  },
  reportMemoryBalance: (st, op, pid) => {
    const available = at(st.sys.substrate.pools, pid)?.length ?? 0;
    const inUse = st.sys.substrate.memory.holder.filter((h) => h === `partition:${pid}`).length;
    st.notes.push(`${pid}: ${pages(available)} available in its pool, ${pages(inUse)} in use`);
  },
  reportNextChild: (st, op, pid) => {
    // The model has no nested partitions: a child's list of children is always empty.
    st.notes.push(`${pid} has no child partition: HV_PARTITION_ID_INVALID`);
  },
  deny: () => {},
  installIntercept: () => {},
};

/** Interprets the partition machine's actions for one hypercall op. */
function interpretPartition(st: StepContext, op: Extract<Op, { pid: PartitionId }>, actions: Advance<MachineSet['partition']>['actions']): void {
  for (const a of actions) interpret(PARTITION_ACTIONS, a, st, op, op.pid);
}

/** Applies an op that is known to be well-formed for the system's config. */
export function applyOp(system: System, op: Op): StepResult {
  const routed = route(system, op);
  const result = routed.outcome.status === 'applied' ? { ...routed, system: afterInterruptStep(routed.system) } : routed;
  return result;
}

/** Takes the running VP off `lp`: preempted (back to Ready) or halted (Waiting). */
function stopRunning(st: Routing, lp: number, event: 'PREEMPT' | 'HALT'): StepResult {
  const running = st.sys.substrate.lps[lp]!.running;
  if (!running) return st.skip(`lp${lp} runs no VP`);
  sendVp(st, running.pid, running.vp, { type: event });
  leaveLp(st, lp);
  return st.done();
}

/** A partition hypercall op: the call through the partition machine (`partitionCall`), then its actions on the substrate. */
export function hypercall(st: StepContext, op: Extract<Op, { pid: PartitionId }>, name: HypercallName, event: PartitionEvent, precheck?: () => HvStatus | null): StepResult {
  const adv = partitionCall(st, name, op.pid, event, precheck);
  if (adv) interpretPartition(st, op, adv.actions);
  return st.done();
}

/** One step's accumulator with the System it started from, and the verdicts handlers return. */
class Routing extends StepContext {
  constructor(readonly system: System) {
    super(system);
  }

  /** The op was not enabled: nothing changes. */
  skip(reason: string): StepResult {
    return { system: this.system, outcome: skipped(reason) };
  }

  /** A handler's verdict: a reason means the op was not enabled (nothing changes). */
  orSkip(reason: string | null): StepResult {
    return reason === null ? this.done() : this.skip(reason);
  }

  /** A Dynamic Memory handler's verdict. */
  dm(r: DmHandled): StepResult {
    return r.kind === 'skipped' ? this.skip(r.reason) : this.done();
  }

  /** The partition's memory is managed by its Dynamic Memory VSP. */
  dmManaged(pid: PartitionId): boolean {
    return dmManaged(this.system, pid);
  }
}

/** The partition's memory is managed by its Dynamic Memory VSP (MapGpaPages and UnmapGpaPages are not the root's to make). */
export const dmManaged = (sys: System, pid: PartitionId): boolean => childConfig(sys, pid)?.dynamicMemory !== undefined;

/** True when every frame holds zeroes (what a scrub leaves). */
const zeroed = (s: Substrate, frames: readonly number[]): boolean => frames.every((f) => s.memory.content[f] === 'zero');

/** The handler of one op kind: `system` is the System the step starts from, `st` its accumulator. */
type Route<K extends OpType> = (st: Routing, o: Extract<Op, { type: K }>, system: System) => StepResult;

/**
 * The handler of every op kind. A table rather than a match chain: routing
 * costs one lookup whatever the size of the vocabulary, and an op kind
 * nobody handles does not compile.
 */
const ROUTES: { readonly [K in OpType]: Route<K> } = {
  createPartition: (st, o, system) => {
    if (at(system.partitions, o.pid)) return st.skip(`${o.pid} already exists`);
    st.call('CreatePartition', 'SUCCESS');
    st.sys = setPartition(st.sys, o.pid, { machine: initialState(system.world.machines.partition), vps: [] });
    st.transitions.push({ machine: 'partition', from: '(none)', event: 'CreatePartition', to: 'uninitialized', actions: [] });
    return st.done();
  },
  depositMemory: (st, o, system) => {
    return hypercall(st, o, 'DepositMemory', { type: 'DepositMemory', pages: o.pages }, () =>
      system.substrate.memory.holder.filter((h) => h === 'root').length < o.pages ? 'INSUFFICIENT_MEMORY' : null,
    );
  },
  withdrawMemory: (st, o, system) => hypercall(st, o, 'WithdrawMemory', { type: 'WithdrawMemory', pages: o.pages }),
  initializePartition: (st, o, system) => hypercall(st, o, 'InitializePartition', { type: 'InitializePartition', poolPages: at(system.substrate.pools, o.pid)?.length ?? 0 }),
  mapGpaPages: (st, o, system) => {
    if (st.dmManaged(o.pid)) return st.skip(`${o.pid}'s memory is managed by its Dynamic Memory VSP`);
    const c = childConfig(system, o.pid);
    return hypercall(st, o, 'MapGpaPages', { type: 'MapGpaPages', gpa: o.gpa, pages: o.pages, access: o.access }, () => {
      if (!c || o.gpa + o.pages > c.gpaPages) return 'INVALID_PARAMETER';
      const slat = at(system.substrate.slat, o.pid) ?? {};
      if (range(o.gpa, o.pages).some((g) => lookupSlat(slat, g))) return 'INVALID_PARAMETER';
      return system.substrate.memory.free.length < o.pages ? 'INSUFFICIENT_MEMORY' : null;
    });
  },
  unmapGpaPages: (st, o, system) => {
    if (st.dmManaged(o.pid)) return st.skip(`${o.pid}'s memory is managed by its Dynamic Memory VSP`);
    const pinned = pinnedGpas(system.vmbus, o.pid);
    return hypercall(st, o, 'UnmapGpaPages', { type: 'UnmapGpaPages', gpa: o.gpa, pages: o.pages }, () => {
      if (!range(o.gpa, o.pages).some((g) => pinned.includes(g))) return null;
      st.notes.push(`gpa in ${hexRanges(range(o.gpa, o.pages))} is pinned for an I/O in flight`);
      return 'OPERATION_DENIED';
    });
  },
  finalizePartition: (st, o, system) => hypercall(st, o, 'FinalizePartition', { type: 'FinalizePartition', hasChildren: false }),
  deletePartition: (st, o, system) => hypercall(st, o, 'DeletePartition', { type: 'DeletePartition', poolPages: at(system.substrate.pools, o.pid)?.length ?? 0 }),
  getMemoryBalance: (st, o) => hypercall(st, o, 'GetMemoryBalance', { type: 'GetMemoryBalance' }),
  getNextChildPartition: (st, o) => hypercall(st, o, 'GetNextChildPartition', { type: 'GetNextChildPartition' }),
  dispatchVp: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || vp.value !== 'ready') return st.skip(`${o.pid} vp${o.vp} is not ready`);
    dispatch(st, o.lp, o.pid, o.vp);
    onVpDispatched(st, o.pid, o.vp);
    return st.done();
  },
  descheduleVp: (st, o) => stopRunning(st, o.lp, 'PREEMPT'),
  haltVp: (st, o) => stopRunning(st, o.lp, 'HALT'),
  suspendVp: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || vp.value === 'deleted') return st.skip(`${o.pid} vp${o.vp} does not exist`);
    if ((vp.context as VpContext).explicitSuspend) return st.skip(`${o.pid} vp${o.vp} is already suspended`);
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, o.pid, o.vp, { type: 'SUSPEND' });
    return st.done();
  },
  resumeVp: (st, o, system) => {
    const vp = at(system.partitions, o.pid)?.vps[o.vp];
    if (!vp || !(vp.context as VpContext).explicitSuspend) return st.skip(`${o.pid} vp${o.vp} is not explicitly suspended`);
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, o.pid, o.vp, { type: 'RESUME' });
    return st.done();
  },
  guestAccess: (st, o, system) => {
    const running = system.substrate.lps[o.lp]!.running;
    if (!running) return st.skip(`lp${o.lp} runs no VP`);
    const pid = running.pid;
    const gate = dmAccessGate(system, o.lp, pid, o.gva);
    if (gate.skip) return st.skip(gate.skip);
    const before = system.substrate.memory;
    const r = system.world.substrateFns.guestAccess(system.substrate, o.lp, pid, o.gva, o.write, system.world.config.tlbEntries);
    st.sys = { ...st.sys, substrate: r.s, counters: bump(st.sys.counters, 'guestAccesses') };
    if (gate.gpa !== undefined) dmAfterAccess(st, pid, gate.gpa);
    const res = r.result;
    const what = o.write ? 'write' : 'read';
    if (res.kind === 'fault') {
      st.notes.push(`${pid} ${what} gva ${hex(o.gva << 12)} faults: ${res.reason}${res.gpa === undefined ? '' : ` (gpa ${hex(res.gpa)})`}`);
      return st.done();
    }
    st.sys = { ...st.sys, counters: bump(st.sys.counters, res.kind === 'hit' ? 'tlbHits' : 'tlbMisses') };
    st.observations.push({ kind: 'access', pid, gva: o.gva, gpa: res.gpa, frame: res.frame, write: o.write, content: before.content[res.frame]!, via: res.kind });
    st.notes.push(`${pid} ${what} gva ${hex(o.gva << 12)} -> gpa ${hex(res.gpa)} -> frame ${hex(res.frame)} (TLB ${res.kind === 'hit' ? 'hit' : 'miss'})`);
    return st.done();
  },
  rootAccess: (st, o, system) => {
    const e = lookupSlat(at(system.substrate.slat, ROOT)!, o.gpa);
    if (!e) return st.skip(`the root does not map gpa ${hex(o.gpa)}`);
    const content = system.substrate.memory.content[e.frame]!;
    st.observations.push({ kind: 'access', pid: ROOT, gpa: o.gpa, frame: e.frame, write: o.write, content, via: 'identity' });
    if (o.write) {
      st.sys = { ...st.sys, substrate: { ...system.substrate, memory: writeFrame(system.substrate.memory, e.frame, ROOT) } };
    }
    st.notes.push(`root ${o.write ? 'write' : 'read'} gpa ${hex(o.gpa)} -> frame ${hex(e.frame)}`);
    return st.done();
  },
  tick: (st, _o, system) => {
    st.sys = { ...st.sys, counters: bump(st.sys.counters, 'ticks') };
    for (const [pid, rec] of Object.entries(system.partitions))
      rec.vps.forEach((vp, i) => {
        if (vp.value === 'waiting') {
          sendVp(st, pid, i, { type: 'WAKE' });
          st.notes.push(`timer wakes ${pid} vp${i}`);
        }
      });
    dmTick(st);
    return st.done();
  },
  installIntercept: (st, o, system) => icpt.installIntercept(system, o),
  guestExecute: (st, o, system) => icpt.execute(system, o.lp, toInstruction(o)),
  pauseVm: (st, o, system) => pauseVm(system, o.pid, 'pause'),
  resumeVm: (st, o, system) => pauseVm(system, o.pid, 'resume'),
  workerTake: (st, _o, system) => icpt.workerTake(system),
  workerReply: (st, _o, system) => icpt.workerReply(system),
  childHypercall: (st, o, system) => icpt.childHypercall(system, o),
  submitIo: (st, o, system) => st.orSkip(io.submitIo(st, o.lp, o.gpa)),
  vspTakeRequest: (st, o, system) => st.orSkip(io.vspTakeRequest(st, o.pid)),
  vspEndRead: (st, o, system) => st.orSkip(io.vspEndRead(st, o.pid)),
  deviceComplete: (st, o, system) => st.orSkip(io.ioStep(st, o.pid, o.io, { type: 'DEVICE_COMPLETE' }, 'device completion')),
  rootIsr: (st, o, system) => st.orSkip(io.ioStep(st, o.pid, o.io, { type: 'ROOT_ISR' }, 'the root ISR')),
  vspSignal: (st, o, system) => st.orSkip(io.vspSignal(st, o.pid, o.io)),
  vspPostMessage: (st, o, system) => st.orSkip(io.vspPostMessage(st, o.pid)),
  guestHandle: (st, o, system) => st.orSkip(io.guestHandle(st, o.lp)),
  eom: (st, o, system) => st.orSkip(io.guestEom(st, o.lp)),
  maskSint: (st, o, system) => st.orSkip(io.setMask(st, o.lp, o.sint, true)),
  unmaskSint: (st, o, system) => st.orSkip(io.setMask(st, o.lp, o.sint, false)),
  dmStart: (st, o, system) => {
    if (!at(system.partitions, o.pid) && st.dmManaged(o.pid)) {
      // The VM worker creates the partition first: CreatePartition, DepositMemory, InitializePartition.
      const boot: Op[] = [{ type: 'createPartition', pid: o.pid }, { type: 'depositMemory', pid: o.pid, pages: MIN_POOL_PAGES }, { type: 'initializePartition', pid: o.pid }];
      for (const b of boot) {
        const r = route(st.sys, b);
        if (r.outcome.status === 'skipped' || (r.outcome.hypercall && r.outcome.hypercall.status !== 'SUCCESS')) return st.skip(`${o.pid} could not be created: ${r.outcome.reason ?? r.outcome.hypercall?.status}`);
        st.sys = r.system;
        st.notes.push(...r.outcome.notes.map((n) => `${describeOp(b)}: ${n}`));
        st.transitions.push(...r.outcome.transitions);
        st.hypercall = r.outcome.hypercall;
      }
    }
    return st.dm(dmStart(st, o.pid));
  },
  dmDeliver: (st, o, system) => st.dm(dmDeliver(st, o.pid, o.to)),
  dmSettle: (st, o, system) => st.dm(dmSettle(st, o.pid)),
  dmGuestWork: (st, o, system) => st.dm(dmGuestWork(st, o.pid)),
  dmBalloon: (st, o, system) => st.dm(dmRequest(st, o.pid, 'balloon', o.pages, true)),
  dmUnballoon: (st, o, system) => st.dm(dmRequest(st, o.pid, 'unballoon', o.pages, true)),
  dmHotAdd: (st, o, system) => st.dm(dmRequest(st, o.pid, 'hotAdd', o.pages, true)),
  dmBalance: (st, _o, system) => st.dm(dmBalance(st)),
  dmCommit: (st, o, system) => st.dm(dmWorkload(st, o.pid, o.pages)),
  dmDecommit: (st, o, system) => st.dm(dmWorkload(st, o.pid, -o.pages)),
};

/** The standard apply of an op: its handler in `ROUTES`. */
export function standardApply(system: System, op: Op): StepResult {
  return (ROUTES[op.type] as Route<OpType>)(new Routing(system), op, system);
}

/**
 * Routes one op to its apply: the World's replacement for its kind (given
 * the standard apply as `next`), else its handler. The op's own effect,
 * before the end-of-step bookkeeping.
 */
export function route(system: System, op: Op): StepResult {
  const own = system.world.ops?.[op.type] as OpOverride | undefined;
  return own ? own(system, op, standardApply) : standardApply(system, op);
}

/** Pauses (explicit suspend on every VP not yet suspended) or resumes (clears it on every VP) a VM. */
function pauseVm(system: System, pid: PartitionId, what: 'pause' | 'resume'): StepResult {
  const vps = at(system.partitions, pid)?.vps ?? [];
  const targets = vps.map((vp, i) => ({ vp, i })).filter(({ vp }) => vp.value !== 'deleted' && (vp.context as VpContext).explicitSuspend === (what === 'resume'));
  if (at(system.partitions, pid)?.machine.value !== 'active' || targets.length === 0) return { system, outcome: skipped(`${pid} has no VP to ${what}`) };
  const st = new StepContext(system);
  for (const { i } of targets) {
    st.call('SetVpRegisters', 'SUCCESS');
    sendVp(st, pid, i, { type: what === 'pause' ? 'SUSPEND' : 'RESUME' });
  }
  st.notes.push(`${pid} vp${targets.map((t) => t.i).join(', vp')} ${what === 'pause' ? 'explicitly suspended' : 'explicit suspend cleared'}`);
  return st.done();
}

/**
 * Advances `system` by `op`. Pure and deterministic. Throws an OpError for
 * an op that is malformed for this config (unknown partition, negative
 * count); an op that is well-formed but not enabled is skipped.
 */
export function step(system: System, op: Op): StepResult {
  const v = validateOp(system.world.config, op);
  if (!v.ok) throw v.error;
  return applyOp(system, v.op);
}
