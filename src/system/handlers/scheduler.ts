/**
 * Scheduler and virtual-processor handling shared by every subsystem:
 * sending events to VPs, taking VPs off logical processors, dispatching.
 */
import type { MachineSet, System } from '../system.js';
import { type StepContext, setVp, setLp, setRunning } from '../step-context.js';
import { type ActionTable, type StateOf, interpret } from '../machine-runtime.js';
import type { PartitionId } from '../../substrate/ids.js';
import type { VpEvent } from '../../../models/virtual-processor/machine.js';
import type { LpEvent } from '../../../models/virtual-processor/scheduler.js';
import { at } from '../../substrate/ids.js';
import { userOf } from '../../substrate/tlb.js';

/** The LP a VP is running on, if any. */
export const lpOf = (sys: System, pid: PartitionId, vp: number): number => sys.substrate.lps.findIndex((l) => l.running?.pid === pid && l.running.vp === vp);

/** Sends an event to one VP, interpreting its `deschedule` action. Returns false if the VP does not take it. */
export function sendVp(st: StepContext, pid: PartitionId, vp: number, event: VpEvent): boolean {
  const rec = at(st.sys.partitions, pid);
  const state = rec?.vps[vp];
  if (!state) return false;
  const adv = st.send(`vp`, st.sys.world.machines.vp, state, event, `${pid}.vp${vp}`);
  if (!adv.accepted) return false;
  const lp = lpOf(st.sys, pid, vp);
  st.sys = setVp(st.sys, pid, vp, adv.state);
  for (const a of adv.actions) interpret(VP_ACTIONS, a, st, lp);
  return true;
}

/** What each VP machine action does, given the LP the VP ran on (-1: none). A table: an action nobody handles does not compile. */
const VP_ACTIONS: ActionTable<MachineSet['vp'], [st: StepContext, lp: number]> = {
  deschedule: (st, lp) => {
    if (lp >= 0) leaveLp(st, lp);
  },
  setExplicit: () => {},
  clearExplicit: () => {},
  setIntercept: () => {},
  clearIntercept: () => {},
};

/** Takes whatever runs on `lp` off it (the LP machine goes idle, keeping its tag). */
export function leaveLp(st: StepContext, lp: number): void {
  const adv = st.send('lp', st.sys.world.machines.lp, st.sys.lps[lp]!, { type: 'DESCHEDULE' } satisfies LpEvent, `lp${lp}`);
  if (adv.accepted) st.sys = setLp(st.sys, lp, adv.state);
  st.sys = setRunning(st.sys, lp, null);
}

/** What each LP machine action does when `pid` is dispatched on `lp` (`before`: the LP machine before). A table: an action nobody handles does not compile. */
const LP_ACTIONS: ActionTable<MachineSet['lp'], [st: StepContext, lp: number, pid: PartitionId, before: StateOf<MachineSet['lp']>]> = {
  preemptCurrent: (st, _lp, _pid, _before, a) => {
    const p = a.params;
    sendVp(st, p.pid, p.vp, { type: 'PREEMPT' });
    st.notes.push(`${p.pid} vp${p.vp} preempted`);
  },
  purgeTlbTag: (st, lp, _pid, _before, a) => {
    const tag = a.params.tag;
    const r = st.sys.world.substrateFns.purgeLpTag(st.sys.substrate, lp, tag);
    st.sys = { ...st.sys, substrate: r.s };
    if (r.purged > 0) {
      st.count('tlbPurges');
      st.count('tlbEntriesPurged', r.purged);
    }
    st.notes.push(`purged ${r.purged} TLB entr${r.purged === 1 ? 'y' : 'ies'} of ${tag}`);
  },
  loadTlbTag: (st, lp, pid, before, a) => {
    const prev = a.params.previous;
    const r = st.sys.world.substrateFns.loadTag(st.sys.substrate, lp, pid, prev);
    st.sys = { ...st.sys, substrate: r.s };
    if (r.load?.recycledFrom !== undefined) {
      st.count('tlbTagsRecycled');
      st.notes.push(`tag ${r.load.asid} recycled from ${r.load.recycledFrom}: flushed ${r.load.flushed} entr${r.load.flushed === 1 ? 'y' : 'ies'}`);
    }
    if (prev === null || prev === pid) return;
    countSwitch(st, lp, pid, before);
    // The point of tagging: the previous VM's entries stay, under its own tag.
    const after = r.s.lps[lp]!;
    const kept = after.tlb.filter((e) => userOf(after, e) === prev).length;
    if (kept === 0) return;
    st.count('tlbPurgesAvoided');
    st.count('tlbEntriesRetained', kept);
    st.notes.push(`kept ${kept} TLB entr${kept === 1 ? 'y' : 'ies'} of ${prev} under its tag`);
  },
  countVmSwitch: (st, lp, pid, before) => countSwitch(st, lp, pid, before),
  track: () => {},
  clearVp: () => {},
};

/** Counts a VM switch on `lp` to `pid` and records it (`before`: the LP machine before). */
function countSwitch(st: StepContext, lp: number, pid: PartitionId, before: StateOf<MachineSet['lp']>): void {
  const from = before.context.tag!;
  st.count('vmSwitches');
  st.observations.push({ kind: 'vmSwitch', lp, from, to: pid });
  st.notes.unshift(`VM switch ${from} -> ${pid}`);
}

/** Dispatches a Ready VP onto `lp`, preempting what ran there and purging on a VM switch. */
export function dispatch(st: StepContext, lp: number, pid: PartitionId, vp: number): void {
  const before = st.sys.lps[lp]!;
  const adv = st.send('lp', st.sys.world.machines.lp, before, { type: 'DISPATCH', pid, vp, ...(st.sys.world.config.tlbDiscipline === 'tagged' ? { tagged: true } : {}) } satisfies LpEvent, `lp${lp}`);
  st.sys = setLp(st.sys, lp, adv.state);
  for (const a of adv.actions) interpret(LP_ACTIONS, a, st, lp, pid, before);
  sendVp(st, pid, vp, { type: 'DISPATCH' });
  st.sys = setRunning(st.sys, lp, { pid, vp });
}

