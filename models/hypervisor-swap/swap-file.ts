/**
 * The hypervisor's swap file for one guest (VMware ESX's per-VM swap
 * file), as plain data: which guest pages it holds, in which slot, and the
 * contents each had when it was swapped out; and what the hypervisor's
 * access sampling has seen of the guest since its last sample. Pure
 * functions; the hypervisor's handler (src/system/handlers/hypervisor-swap.ts)
 * moves frames and SLAT entries around them.
 *
 * Claim: a GPA is in the swap file at most once, and while it is there no
 * SLAT entry maps it, so the guest's next access to it faults into the
 * hypervisor, which reads the slot back (a swap-in). An interleaving that
 * would break it: the hypervisor copies the page to its slot but leaves
 * the SLAT entry in place; the guest writes the page in place, and the
 * later swap-in brings back the old contents.
 */
import type { Content } from '../../src/substrate/ids.js';

/** One swapped-out guest page. */
export interface SwapSlot {
  /** The guest physical page. */
  readonly gpa: number;
  /** Its slot in the swap file. */
  readonly slot: number;
  /** The contents the page had when it was swapped out. */
  readonly saved: Content;
}

/** One guest's hypervisor swapping state (absent on a guest: nothing swapped, nothing sampled yet). */
export interface HvSwap {
  /** Swapped-out pages, by GPA ascending. */
  readonly slots: readonly SwapSlot[];
  /** GPAs the guest accessed since the hypervisor's last sample, ascending. */
  readonly accessed: readonly number[];
  /** The active fraction of the guest's memory at the last sample, in percent (100 before the first: nothing is presumed idle). */
  readonly activePercent: number;
}

/** The state of a guest the hypervisor has not swapped or sampled. */
export const NO_SWAP: HvSwap = { slots: [], accessed: [], activePercent: 100 };

/** The slot holding `gpa`, if it is swapped out. */
export const slotOf = (w: HvSwap | undefined, gpa: number): SwapSlot | undefined => w?.slots.find((x) => x.gpa === gpa);

/** The swapped-out GPAs, ascending. */
export const swappedGpas = (w: HvSwap | undefined): number[] => (w?.slots ?? []).map((x) => x.gpa);

/** The lowest slot number no page uses. */
export function freeSlot(w: HvSwap): number {
  const used = new Set(w.slots.map((x) => x.slot));
  let n = 0;
  while (used.has(n)) n++;
  return n;
}

/** `gpa` written to a free slot with its contents `saved`. */
export function addSlot(w: HvSwap, gpa: number, saved: Content): HvSwap {
  const slot: SwapSlot = { gpa, slot: freeSlot(w), saved };
  return { ...w, slots: [...w.slots, slot].sort((a, b) => a.gpa - b.gpa) };
}

/** The swap file without the slots of `gpas`. */
export function dropSlots(w: HvSwap, gpas: readonly number[]): HvSwap {
  const set = new Set(gpas);
  return w.slots.some((x) => set.has(x.gpa)) ? { ...w, slots: w.slots.filter((x) => !set.has(x.gpa)) } : w;
}

/** The sampler saw an access to `gpa`. */
export function noteAccess(w: HvSwap, gpa: number): HvSwap {
  if (w.accessed.includes(gpa)) return w;
  return { ...w, accessed: [...w.accessed, gpa].sort((a, b) => a - b) };
}
