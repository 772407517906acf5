/**
 * Hypervisor swapping (VMware ESX's; hosts with `reclaim: "balloon+swap"`):
 * the hypervisor, under acute shortage, picks a guest by the idle memory
 * tax and a page of it by a pseudo-random draw that is part of the op,
 * and writes the page to its swap file; any later touch of that page by
 * the guest (an access, the guest zero-filling it for a new commit, or
 * the guest paging it out itself: double paging) first faults into the
 * hypervisor, which reads it back. A page the guest gives up through its
 * balloon needs no backing: the hypervisor drops its slot.
 *
 * On a `balloon` host (Hyper-V, the default) none of this happens: the
 * hooks here return at once and the guests' records never get a swap file.
 */
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import { type PartitionId, hex, at } from '../../substrate/ids.js';
import { mappedGpas } from '../../substrate/slat.js';
import { pinnedGpas } from '../io-state.js';
import type { DmGuest } from '../dm-record.js';
import { type HvSwap, NO_SWAP, addSlot, dropSlots, noteAccess, slotOf } from '../../../models/hypervisor-swap/swap-file.js';
import { type TaxInput, DEFAULT_IDLE_TAX_PERCENT, DEFAULT_SWAP_BELOW_FRAMES, taxVictim } from '../../../models/hypervisor-swap/idle-tax.js';

/** Hyper-V's default memory weight, the shares of a guest that names none. */
const DEFAULT_SHARES = 5000;

/** Whether the host swaps (`reclaim: "balloon+swap"`). */
export const swapMode = (sys: System): boolean => sys.world.config.reclaim === 'balloon+swap';

/** The idle memory tax rate in force, in percent. */
export const idleTaxPercent = (sys: System): number => sys.world.config.hypervisorSwap?.idleTaxPercent ?? DEFAULT_IDLE_TAX_PERCENT;

/** Acute shortage: a swapping host with fewer free frames than its threshold. */
export const acuteShortage = (sys: System): boolean => swapMode(sys) && sys.substrate.memory.free.length < (sys.world.config.hypervisorSwap?.swapBelowFrames ?? DEFAULT_SWAP_BELOW_FRAMES);

/** A live Dynamic Memory guest (started, partition Active). */
const live = (sys: System, pid: PartitionId): DmGuest | undefined => (at(sys.partitions, pid)?.machine.value === 'active' ? at(sys.dm, pid) : undefined);

/** Replaces a guest's swap state. */
function setSwap(st: StepContext, pid: PartitionId, f: (w: HvSwap) => HvSwap): void {
  const g = at(st.sys.dm, pid)!;
  st.sys = { ...st.sys, dm: { ...st.sys.dm, [pid]: { ...g, swap: f(g.swap ?? NO_SWAP) } } };
}

/**
 * The pages the hypervisor may swap out of `pid`, ascending: what it maps
 * below the guest's visible memory as the host counts it, except the
 * buffers of synthetic I/Os in flight (pinned for DMA); none while the
 * guest holds no more than its configured minimum, which plays the part
 * of ESX's min size (a reservation never reclaimed). It knows nothing of
 * how the guest uses them.
 */
export function swapCandidates(sys: System, pid: PartitionId): number[] {
  const g = live(sys, pid);
  if (!g) return [];
  const busy = new Set(pinnedGpas(sys.vmbus, pid));
  const held = mappedGpas(at(sys.substrate.slat, pid) ?? {}).filter((gpa) => gpa < g.hostVisible);
  if (held.length <= (sys.world.config.partitions.find((p) => p.id === pid)?.dynamicMemory?.minPages ?? 0)) return [];
  return held.filter((gpa) => !busy.has(gpa)).sort((a, b) => a - b);
}

/** What the idle memory tax knows of each live guest: its shares (memory weight), the pages it holds, its sampled active fraction. */
export function taxInputs(sys: System): TaxInput[] {
  return sys.world.config.partitions
    .filter((p) => p.dynamicMemory && live(sys, p.id))
    .map((p) => ({ pid: p.id, shares: p.dynamicMemory!.weight ?? DEFAULT_SHARES, pages: swapCandidates(sys, p.id).length, activePercent: at(sys.dm, p.id)!.swap?.activePercent ?? NO_SWAP.activePercent }));
}

/** The guest the idle memory tax makes give up a page now (null: the host does not swap now, or nobody holds a page). */
export function swapVictim(sys: System): PartitionId | null {
  if (!acuteShortage(sys)) return null;
  return taxVictim(taxInputs(sys), idleTaxPercent(sys))?.pid ?? null;
}

/** Swaps `gpa` of `pid` out to the swap file. */
export function swapOut(st: StepContext, pid: PartitionId, gpa: number): boolean {
  const r = st.sys.world.substrateFns.swapOut(st.sys.substrate, pid, gpa);
  if (!r) return false;
  st.sys = { ...st.sys, substrate: r.s };
  setSwap(st, pid, (w) => addSlot(w, gpa, r.saved));
  st.observations.push({ kind: 'hvSwap', pid, gpa, event: 'swapOut', frame: r.frame, saved: r.saved });
  st.notes.push(`hypervisor swaps ${pid} gpa ${hex(gpa)} out (frame ${hex(r.frame)} freed, one disk write)`);
  return true;
}

/** Why a touch of the guest cannot proceed: a swap-in found no free frame. */
export type SwapInBlocked = string;

/**
 * Before the guest touches `gpas`: each that is swapped out faults into
 * the hypervisor, which reads it back into a free frame (`cause` says why
 * the guest touched it). Returns null, or why a swap-in could not be made
 * (no frame free): the caller then skips its op, changing nothing.
 */
export function swapInForTouch(st: StepContext, pid: PartitionId, gpas: readonly number[], cause: 'access' | 'guestWrite' | 'doublePaging'): SwapInBlocked | null {
  for (const gpa of gpas) {
    const slot = slotOf(at(st.sys.dm, pid)?.swap, gpa);
    if (!slot) continue;
    const r = st.sys.world.substrateFns.swapIn(st.sys.substrate, pid, gpa, slot.saved);
    if (!r) return `no frame is free to swap ${pid} gpa ${hex(gpa)} back in`;
    st.sys = { ...st.sys, substrate: r.s };
    setSwap(st, pid, (w) => dropSlots(w, [gpa]));
    st.observations.push({ kind: 'hvSwap', pid, gpa, event: 'swapIn', frame: r.frame, saved: slot.saved, restored: r.s.memory.content[r.frame]!, cause });
    const why = cause === 'doublePaging' ? ', only for the guest to write it to its own page file (double paging)' : cause === 'guestWrite' ? ' for the guest to reuse it' : '';
    st.notes.push(`${pid} gpa ${hex(gpa)} faults into the hypervisor: swapped back in to frame ${hex(r.frame)} (one disk read)${why}`);
  }
  return null;
}

/** The host took `gpas` of `pid` back (a balloon response's ranges, unused hot-add pages): their swap slots are dropped unread. */
export function discardSwapped(st: StepContext, pid: PartitionId, gpas: readonly number[]): void {
  const w = at(st.sys.dm, pid)?.swap;
  const gone = gpas.map((gpa) => slotOf(w, gpa)).filter((x) => x !== undefined);
  if (gone.length === 0) return;
  setSwap(st, pid, (x) => dropSlots(x, gpas));
  for (const x of gone) st.observations.push({ kind: 'hvSwap', pid, gpa: x.gpa, event: 'discard', frame: null, saved: x.saved });
  st.notes.push(`${pid}: swap slots of ballooned gpa ${gone.map((x) => hex(x.gpa)).join(', ')} dropped`);
}

/** The hypervisor's access sampling saw the guest touch `gpa` (swapping hosts only). */
export function sampleAccess(st: StepContext, pid: PartitionId, gpa: number): void {
  if (!swapMode(st.sys) || !at(st.sys.dm, pid)) return;
  setSwap(st, pid, (w) => noteAccess(w, gpa));
}

/**
 * HvSample: the hypervisor ends a sampling period: each live guest's
 * active fraction becomes the share of the pages it holds (mapped or
 * swapped) that it touched in the period, in percent, and the period starts over.
 */
export function hvSample(st: StepContext): void {
  for (const { pid, pages } of taxInputs(st.sys)) {
    const w = at(st.sys.dm, pid)!.swap ?? NO_SWAP;
    const held = pages + w.slots.length;
    const active = held === 0 ? 100 : Math.min(100, Math.round((100 * w.accessed.length) / held));
    setSwap(st, pid, (x) => ({ ...x, accessed: [], activePercent: active }));
    st.notes.push(`${pid}: ${w.accessed.length} of ${held} pages touched since the last sample: ${active}% active`);
  }
}
