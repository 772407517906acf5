/**
 * Intercept ops: InstallIntercept, guest instructions, the root's VM worker
 * taking and answering messages, and parent-only calls made by a child.
 * Machines decide protocol; this file sends them events and interprets the
 * actions they emit (every action name has an entry in a table).
 */
import type { MachineSet, System } from '../system.js';
import type { ChildCall } from '../op-schemas.js';
import { StepContext, type StepResult } from '../step-context.js';
import { type ActionTable, type StateOf, advance, interpret } from '../machine-runtime.js';
import { skipped } from '../outcome.js';
import { type PartitionId, ROOT, hex, at } from '../../substrate/ids.js';
import { sendVp } from './scheduler.js';
import { setIntercept, initialHandshake } from '../intercepts.js';
import { mayCall } from '../hypercall-access.js';
import type { HvStatus } from '../../../models/partition/machine.js';
import type { HypercallName } from '../hypercalls.js';
import type { InterceptEvent } from '../../../models/intercept/machine.js';
import type { WorkerEvent } from '../../../models/intercept/vm-worker.js';
import {
  type Instruction,
  type InterceptKind,
  KIND_MASK,
  KIND_TARGET_MAX,
  interceptFor,
  interceptKey,
  hypervisorCompletes,
  rootSimulates,
  describeInstruction,
} from '../../../models/intercept/instructions.js';

const regsText = (r: { rip: number; rax: number }) => `rip ${r.rip}, rax ${hex(r.rax)}`;

/** Sets one VP's handshake state. */
function setHandshake(sys: System, pid: PartitionId, vp: number, state: StateOf<MachineSet['intercept']>): System {
  const list = (at(sys.intercepts.handshakes, pid) ?? []).slice();
  list[vp] = state;
  return { ...sys, intercepts: { ...sys.intercepts, handshakes: { ...sys.intercepts.handshakes, [pid]: list } } };
}

/** Sends an event to one VP's handshake and interprets what it emits; false if the handshake does not take it. */
function sendHandshake(st: StepContext, pid: PartitionId, vp: number, event: InterceptEvent): boolean {
  const state = at(st.sys.intercepts.handshakes, pid)?.[vp];
  if (!state) return false;
  const adv = st.send('intercept', st.sys.world.machines.intercept, state, event, `${pid}.vp${vp}`);
  if (!adv.accepted) return false;
  st.sys = setHandshake(st.sys, pid, vp, adv.state);
  for (const a of adv.actions) interpret(HANDSHAKE_ACTIONS, a, st, pid, vp);
  return true;
}

/** What each handshake action does for VP `vp` of `pid`. A table keyed by the machine's own action names: an action nobody handles does not compile. */
const HANDSHAKE_ACTIONS: ActionTable<MachineSet['intercept'], [st: StepContext, pid: PartitionId, vp: number]> = {
  suspendVp: (st, pid, vp) => {
    if (sendVp(st, pid, vp, { type: 'INTERCEPT_SUSPEND' })) st.notes.push(`${pid} vp${vp} intercept-suspended`);
  },
  postMessage: (st, pid, vp) => {
    const hs = at(st.sys.intercepts.handshakes, pid)![vp]!.context;
    const p = hs.pending!;
    sendWorker(st, { type: 'POST', msg: { pid, vp, kind: p.kind, instr: p.instr, pre: p.pre } });
    st.countKey('intercepts', p.kind);
    st.observations.push({ kind: 'interceptPosted', pid, vp, intercept: p.kind });
    st.notes.push(`${p.kind} intercept message for ${pid} vp${vp} posted (pre-instruction ${regsText(p.pre)})`);
  },
  acknowledgeTaken: () => {},
  resumeVp: (st, pid, vp) => {
    if (sendVp(st, pid, vp, { type: 'INTERCEPT_RESUME' })) st.notes.push(`${pid} vp${vp} intercept-suspend cleared`);
  },
  completeInstruction: (st, pid, vp, a) => {
    const p = a.params;
    st.observations.push({ kind: 'instructionCompleted', pid, vp, by: p.by, intercepted: p.intercepted });
    st.notes.push(`the instruction of ${pid} vp${vp} completes (${p.by === 'root' ? "root's simulation" : 'by the hypervisor'})`);
  },
  remember: () => {},
  completeLocally: () => {},
  writeRegisters: () => {},
  forget: () => {},
};

/** Sends an event to the root's VM worker and interprets what it emits. */
function sendWorker(st: StepContext, event: WorkerEvent): boolean {
  const before = st.sys.intercepts.worker;
  const adv = st.send('vmWorker', st.sys.world.machines.vmWorker, before, event, 'root');
  if (!adv.accepted) return false;
  st.sys = { ...st.sys, intercepts: { ...st.sys.intercepts, worker: adv.state } };
  for (const a of adv.actions) interpret(WORKER_ACTIONS, a, st);
  return true;
}

const who = (m: { pid: PartitionId; vp: number }) => `${m.pid} vp${m.vp}`;

/** What each VM worker action does. A table keyed by the machine's own action names: an action nobody handles does not compile. */
const WORKER_ACTIONS: ActionTable<MachineSet['vmWorker'], [st: StepContext]> = {
  simulate: (st) => {
    const m = st.sys.intercepts.worker.context.current;
    if (!m) return;
    st.notes.push(`the worker takes ${who(m)}'s ${describeInstruction(m.instr)}`);
    sendHandshake(st, m.pid, m.vp, { type: 'TAKEN' });
  },
  reply: (st, a) => {
    const m = a.params.message;
    const regs = rootSimulates(m.pre, m.instr);
    st.call('SetVpRegisters', 'SUCCESS');
    const delivered = sendHandshake(st, m.pid, m.vp, { type: 'REPLY', regs });
    st.observations.push({ kind: 'interceptReply', pid: m.pid, vp: m.vp, regs, delivered });
    st.notes.unshift(`the worker writes ${who(m)}'s registers (${regsText(regs)})${delivered ? '' : ', but no intercept of that VP is waiting'}`);
  },
  holdBack: (st) => {
    st.notes.push('the worker queue is full: the hypervisor holds the message back');
  },
  enqueue: () => {},
  dequeue: () => {},
  refill: () => {},
  finish: () => {},
  age: () => {},
  cancel: () => {},
};

/** Gives a partition's new VPs their handshakes (called when InitializePartition creates the VPs). */
export function createHandshakes(st: StepContext, p: PartitionId, vps: number): void {
  const list = Array.from({ length: vps }, () => initialHandshake(st.sys.world.machines.intercept));
  st.sys = { ...st.sys, intercepts: { ...st.sys.intercepts, handshakes: { ...st.sys.intercepts.handshakes, [p]: list } } };
}

/** Withdraws a finalized partition's messages, handshakes and installed intercepts. */
export function teardownIntercepts(st: StepContext, p: PartitionId): void {
  const w = st.sys.intercepts.worker.context;
  const waiting = [...w.queue, ...w.held, ...(w.current ? [w.current] : [])].filter((m) => m.pid === p).length;
  sendWorker(st, { type: 'CANCEL', pid: p });
  const { [p]: _h, ...handshakes } = st.sys.intercepts.handshakes;
  const { [p]: _t, ...tables } = st.sys.intercepts.tables;
  st.sys = { ...st.sys, intercepts: { ...st.sys.intercepts, handshakes, tables } };
  if (waiting > 0) st.notes.push(`${waiting} intercept message${waiting > 1 ? 's' : ''} of ${p} withdrawn`);
}

/** Records a hypercall made by a named caller. */
function namedCall(st: StepContext, caller: PartitionId, name: HypercallName, target: PartitionId, status: HvStatus): void {
  st.call(name, status);
  st.observations.push({ kind: 'hypercall', caller, name, pid: target, status });
}

const isActive = (sys: System, p: PartitionId) => at(sys.partitions, p)?.machine.value === 'active';

/** InstallIntercept (0x4D): privilege, partition, state, then arguments. */
export function installIntercept(system: System, o: { readonly caller: PartitionId; readonly pid: PartitionId; readonly kind: InterceptKind; readonly target: number; readonly mask: number }): StepResult {
  if (o.caller !== ROOT && !isActive(system, o.caller)) return { system, outcome: skipped(`${o.caller} is not running`) };
  const st = new StepContext(system);
  const status = ((): HvStatus => {
    if (!mayCall(o.caller, 'InstallIntercept')) return 'ACCESS_DENIED';
    const rec = at(system.partitions, o.pid);
    if (!rec || rec.machine.value === 'deleted') return 'INVALID_PARTITION_ID';
    if (!advance(system.world.machines.partition, rec.machine, { type: 'InstallIntercept' }).accepted) return 'INVALID_PARTITION_STATE';
    if (o.mask > 7 || (o.mask & ~KIND_MASK[o.kind]) !== 0 || o.target > KIND_TARGET_MAX[o.kind]) return 'INVALID_PARAMETER';
    return 'SUCCESS';
  })();
  namedCall(st, o.caller, 'InstallIntercept', o.pid, status);
  if (status !== 'SUCCESS') return st.done();
  st.send('partition', system.world.machines.partition, at(system.partitions, o.pid)!.machine, { type: 'InstallIntercept' }, o.pid);
  const key = interceptKey(o.kind, o.target);
  const table = setIntercept(at(system.intercepts.tables, o.pid) ?? {}, key, o.mask);
  st.sys = { ...st.sys, intercepts: { ...st.sys.intercepts, tables: { ...st.sys.intercepts.tables, [o.pid]: table } } };
  st.notes.push(o.mask === 0 ? `${o.pid}: ${key} removed` : `${o.pid}: ${key} intercepted (mask ${o.mask})`);
  return st.done();
}

/** A guest instruction executed by the VP running on `lp`. */
export function execute(system: System, lp: number, instr: Instruction): StepResult {
  const running = system.substrate.lps[lp]?.running;
  if (!running) return { system, outcome: skipped(`lp${lp} runs no VP`) };
  const hs = at(system.intercepts.handshakes, running.pid)?.[running.vp];
  if (!hs || hs.value !== 'idle') return { system, outcome: skipped(`${running.pid} vp${running.vp} is waiting for the root`) };
  const st = new StepContext(system);
  const hit = interceptFor(instr);
  const mask = hit ? (at(system.intercepts.tables, running.pid)?.[hit.key] ?? 0) : 0;
  const hits = hit && mask & hit.bit ? hit.kind : null;
  st.notes.push(`${running.pid} vp${running.vp} executes ${describeInstruction(instr)}${hits ? `: ${hits} intercept` : ', no intercept'}`);
  sendHandshake(st, running.pid, running.vp, { type: 'EXECUTE', instr, hits, result: hypervisorCompletes(hs.context.regs, instr) });
  return st.done();
}

/** The root's VM worker takes the oldest queued message. */
export function workerTake(system: System): StepResult {
  const w = system.intercepts.worker;
  if (w.value !== 'idle' || w.context.queue.length === 0) return { system, outcome: skipped('the worker has no message to take') };
  const st = new StepContext(system);
  sendWorker(st, { type: 'TAKE' });
  return st.done();
}

/** The root's VM worker answers the message in hand. */
export function workerReply(system: System): StepResult {
  if (system.intercepts.worker.value !== 'simulating') return { system, outcome: skipped('the worker has no message in hand') };
  const st = new StepContext(system);
  sendWorker(st, { type: 'REPLY' });
  return st.done();
}

/**
 * A parent-only hypercall made by a child partition: every call this op can
 * name (`ChildCall`) is in `PARENT_ONLY`, so the gate denies it with
 * ACCESS_DENIED before looking at anything else.
 */
export function childHypercall(system: System, o: { readonly caller: PartitionId; readonly call: ChildCall; readonly pid: PartitionId }): StepResult {
  if (!isActive(system, o.caller)) return { system, outcome: skipped(`${o.caller} is not running`) };
  const st = new StepContext(system);
  namedCall(st, o.caller, o.call, o.pid, 'ACCESS_DENIED');
  st.notes.push(`${o.caller} may not call ${o.call}`);
  return st.done();
}
