/**
 * Partition hypercalls: the call goes through the partition's lifecycle
 * machine, and the actions the machine emits are interpreted against the
 * substrate through one table (PARTITION_ACTIONS) keyed by the machine's
 * own action names.
 */
import type { MachineSet, System } from '../system.js';
import { type StepContext, type StepResult, setPartition, setPartitionMachine } from '../step-context.js';
import { sendVp, leaveLp } from './scheduler.js';
import * as icpt from './intercept.js';
import { type ActionNamed, type ActionTable, type Advance, advance, initialState, interpret } from '../machine-runtime.js';
import { type PartitionId, hexRanges, framesText, at } from '../../substrate/ids.js';
import { bootPageTable, GVA_BASE } from '../../substrate/page-table.js';
import type { Substrate } from '../../substrate/substrate.js';
import { framesHeldBy } from '../../substrate/memory.js';
import type { PartitionEvent, HvStatus } from '../../../models/partition/machine.js';
import type { HypercallName } from '../hypercalls.js';
import { setUpPartitionIo, tearDownPartitionIo } from './interrupts.js';

/** The arguments of a partition hypercall op that the machine's actions read (those it does not carry are absent). */
export interface PartitionCallArgs {
  readonly pid: PartitionId;
  readonly pages?: number;
  readonly gpa?: number;
  readonly access?: number;
}

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
    st.send('partition', st.sys.world.machines.partition, rec.machine, event, pid);
    return null;
  }
  const bad = precheck?.() ?? null;
  if (bad) {
    st.call(name, bad);
    return null;
  }
  st.call(name, 'SUCCESS');
  st.send('partition', st.sys.world.machines.partition, rec.machine, event, pid);
  st.sys = setPartitionMachine(st.sys, pid, adv.state);
  return adv;
}

/** The child partition `pid` of the system's config. */
export function childConfig(sys: System, pid: PartitionId) {
  return sys.world.config.partitions.find((p) => p.id === pid);
}

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

/** The page numbers `start` to `start + n - 1`. */
export const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

/** Interprets one partition machine action for the hypercall op `op`. */
type PartitionAction = (st: StepContext, op: PartitionCallArgs, pid: PartitionId) => void;

/** What each partition machine action does to the substrate (a table keyed by the machine's own action names: an action nobody handles does not compile). */
const PARTITION_ACTIONS: ActionTable<MachineSet['partition'], Parameters<PartitionAction>> = {
  depositFrames: (st, op, pid) => {
    const n = op.pages!;
    const r = st.sys.world.substrateFns.deposit(st.sys.substrate, pid, n)!;
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(`root ${framesText(r.frames)} -> ${pid}'s pool`);
  },
  withdrawFrames: (st, op, pid) => {
    const n = op.pages!;
    const r = st.sys.world.substrateFns.withdraw(st.sys.substrate, pid, n);
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(r.frames.length ? `${framesText(r.frames)} back to the root${zeroed(r.s, r.frames) ? ', zeroed' : ''}` : 'pool empty, nothing withdrawn');
  },
  mapGuestPages: (st, op, pid) => {
    const gpas = range(op.gpa!, op.pages!);
    const r = st.sys.world.substrateFns.grant(st.sys.substrate, pid, gpas, op.access!, { largePages: st.sys.world.config.largePages })!;
    st.sys = { ...st.sys, substrate: r.s };
    st.notes.push(`gpa ${hexRanges(gpas)} -> ${framesText(r.frames)}`);
  },
  unmapGuestPages: (st, op, pid) => {
    const r = st.sys.world.substrateFns.release(st.sys.substrate, pid, range(op.gpa!, op.pages!));
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
  releaseGpaMappings: (st, _op, pid) => {
    const r = st.sys.world.substrateFns.releaseAll(st.sys.substrate, pid);
    st.sys = { ...st.sys, substrate: r.s };
    if (r.frames.length) st.notes.push(`GPA mappings deallocated: ${framesText(r.frames)} freed`);
  },
  completeFinalization: (st, _op, pid) => {
    const rec = at(st.sys.partitions, pid)!;
    const adv = st.send('partition', st.sys.world.machines.partition, rec.machine, { type: 'CleanupComplete' }, pid);
    st.sys = setPartitionMachine(st.sys, pid, adv.state);
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
    const inUse = framesHeldBy(st.sys.substrate.memory, `partition:${pid}`).length;
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
function interpretPartition(st: StepContext, op: PartitionCallArgs, actions: Advance<MachineSet['partition']>['actions']): void {
  for (const a of actions) interpret(PARTITION_ACTIONS, a, st, op, op.pid);
}

/** A partition hypercall op: the call through the partition machine (`partitionCall`), then its actions on the substrate. */
export function hypercall(st: StepContext, op: PartitionCallArgs, name: HypercallName, event: PartitionEvent, precheck?: () => HvStatus | null): StepResult {
  const adv = partitionCall(st, name, op.pid, event, precheck);
  if (adv) interpretPartition(st, op, adv.actions);
  return st.done();
}

/** The partition's memory is managed by its Dynamic Memory VSP (MapGpaPages and UnmapGpaPages are not the root's to make). */
export const dmManaged = (sys: System, pid: PartitionId): boolean => childConfig(sys, pid)?.dynamicMemory !== undefined;

/** True when every frame holds zeroes (what a scrub leaves). */
const zeroed = (s: Substrate, frames: readonly number[]): boolean => frames.every((f) => s.memory.content[f] === 'zero');
