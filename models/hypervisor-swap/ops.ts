/**
 * Hypervisor swapping's op records (VMware ESX; only on hosts with
 * `reclaim: "balloon+swap"`, so other hosts keep their state space): the
 * hypervisor swaps a page out under acute shortage, ends an access
 * sampling period (the idle memory tax's input), and a guest's workload
 * touches one of its pages. The work is in
 * src/system/handlers/hypervisor-swap.ts.
 */
import { defineOp } from '../../src/system/op-record.js';
import type { System } from '../../src/system/system.js';
import { type PartitionId, hex, at } from '../../src/substrate/ids.js';
import { lookupSlat } from '../../src/substrate/slat.js';
import { writeFrame } from '../../src/substrate/memory.js';
import { pagedOut, touch } from '../../src/dynamic-memory/guest-memory.js';
import { setDm } from '../../src/system/handlers/dm-channel.js';
import { swapMode, swapVictim, swapCandidates, swapOut, swapInForTouch, sampleAccess, hvSample as sampleNow } from '../../src/system/handlers/hypervisor-swap.js';

/** The live Dynamic Memory guests of a swapping host (none on other hosts). */
function swappingGuests(sys: System): PartitionId[] {
  if (!swapMode(sys)) return [];
  return sys.world.config.partitions.filter((p) => p.dynamicMemory && at(sys.dm, p.id) && at(sys.partitions, p.id)?.machine.value === 'active').map((p) => p.id);
}

/**
 * HvSwapOut: under acute shortage, the hypervisor swaps one page of the
 * guest the idle memory tax picks out to its swap file. Which page is
 * `pick` modulo the guest's candidates (the pages it maps, ascending): a
 * pseudo-random draw made before the op, so that the op, and any run of
 * them, is deterministic. The hypervisor knows nothing of the guest's LRU.
 */
export const hvSwapOut = defineOp({
  type: 'hvSwapOut',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pick: f.u32() }),
  weight: 3,
  reads: ['dm', 'memory', 'partitions', 'slat', 'vmbus'],
  enabled: (e, out) => {
    const pid = swapVictim(e.sys);
    if (pid === null) return;
    const n = swapCandidates(e.sys, pid).length;
    for (let pick = 0; pick < n; pick++) out.push({ type: 'hvSwapOut', pid, pick });
  },
  apply: (st, o, system) => {
    if (!swapMode(system)) return st.skip('the host does not swap (reclaim is "balloon")');
    const victim = swapVictim(system);
    if (victim === null) return st.skip(`no acute shortage (${system.substrate.memory.free.length} frames free), or no guest holds a page`);
    if (victim !== o.pid) return st.skip(`the idle memory tax picks ${victim}, not ${o.pid}`);
    const candidates = swapCandidates(system, o.pid);
    const gpa = candidates[o.pick % candidates.length]!;
    st.notes.push(`idle memory tax: ${o.pid} gives up a page; draw ${o.pick} picks gpa ${hex(gpa)} of ${candidates.length}`);
    if (!swapOut(st, o.pid, gpa)) return st.skip(`${o.pid} gpa ${hex(gpa)} is not mapped`);
    return st.done();
  },
  describe: (o) => `hvSwapOut ${o.pid} draw ${o.pick}`,
});

/** HvSample: the hypervisor ends an access sampling period: each guest's active fraction is measured and the period starts over. */
export const hvSample = defineOp({
  type: 'hvSample',
  args: () => ({}),
  weight: 1,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    if (swappingGuests(e.sys).length > 0) out.push({ type: 'hvSample' });
  },
  apply: (st, _o, system) => {
    if (swappingGuests(system).length === 0) return st.skip('no live guest on a swapping host');
    sampleNow(st);
    return st.done();
  },
  describe: () => 'hvSample',
});

/**
 * DmTouch: a guest's workload writes one of its pages. A resident page
 * (in the working set) becomes the most recently used; a page the
 * hypervisor swapped out faults into it first and is read back. A page the
 * guest had trimmed to its page file (free in the guest, while the page
 * file holds some) is a guest page fault: the guest reads it back from
 * its page file into that page. Listed on swapping hosts only (elsewhere
 * `guestAccess` ages the LRU); a trace may name it on any Dynamic Memory guest.
 */
export const dmTouch = defineOp({
  type: 'dmTouch',
  args: (f) => ({ pid: f.pid('dynamicMemory'), gpa: f.gpa('partition') }),
  weight: 2,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    for (const pid of swappingGuests(e.sys)) {
      const mm = at(e.sys.dm, pid)!.mm;
      for (const gpa of [...mm.workingSet].sort((a, b) => a - b)) out.push({ type: 'dmTouch', pid, gpa });
    }
  },
  apply: (st, o, system) => {
    const g = at(system.dm, o.pid);
    if (!g || at(system.partitions, o.pid)?.machine.value !== 'active') return st.skip(`${o.pid} runs no Dynamic Memory guest`);
    const mm = g.mm;
    if (o.gpa >= mm.visible) return st.skip(`${o.pid} has not onlined gpa ${hex(o.gpa)}`);
    if (mm.balloon.includes(o.gpa)) return st.skip(`gpa ${hex(o.gpa)} is in ${o.pid}'s balloon`);
    const resident = mm.workingSet.includes(o.gpa);
    if (!resident && pagedOut(mm) === 0) return st.skip(`gpa ${hex(o.gpa)} is free in ${o.pid} and its page file is empty`);
    const blocked = swapInForTouch(st, o.pid, [o.gpa], resident ? 'access' : 'guestWrite');
    if (blocked) return st.skip(blocked);
    const e = lookupSlat(at(st.sys.substrate.slat, o.pid) ?? {}, o.gpa);
    if (!e) return st.skip(`${o.pid} gpa ${hex(o.gpa)} is not mapped`);
    st.sys = { ...st.sys, substrate: { ...st.sys.substrate, memory: writeFrame(st.sys.substrate.memory, e.frame, o.pid) } };
    setDm(st, o.pid, (x) => ({ ...x, mm: resident ? touch(x.mm, o.gpa) : { ...x.mm, workingSet: [...x.mm.workingSet, o.gpa] } }));
    sampleAccess(st, o.pid, o.gpa);
    st.observations.push({ kind: 'dmTouch', pid: o.pid, gpa: o.gpa, guestFault: !resident });
    st.notes.push(resident ? `${o.pid} writes gpa ${hex(o.gpa)} (frame ${hex(e.frame)})` : `${o.pid} page fault on gpa ${hex(o.gpa)}: read back from its page file (one disk read), frame ${hex(e.frame)}`);
    return st.done();
  },
  describe: (o) => `dmTouch ${o.pid} gpa ${hex(o.gpa)}`,
});
