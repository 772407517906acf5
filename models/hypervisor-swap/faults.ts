/**
 * Hypervisor swapping's faults: one per claim of properties/hypervisor-swap.ts,
 * and one that breaks the memory claim `no-frame-owned-twice` on a
 * swapping host. Each is a defect a real swapper could have.
 */
import { defineFault } from '../../src/faults/fault.js';
import { type Config, DEFAULT_CONFIG } from '../../src/system/config.js';
import type { Applied, System } from '../../src/system/system.js';
import type { Observation } from '../../src/system/outcome.js';
import { at, partitionHolder } from '../../src/substrate/ids.js';
import { FULL_ACCESS, lookupSlat, mapPages } from '../../src/substrate/slat.js';
import { setHolder, scrub } from '../../src/substrate/memory.js';
import { NO_SWAP, addSlot } from './swap-file.js';

/**
 * The host the swapping faults are shown on: two Dynamic Memory guests
 * (12 and 6 pages of startup memory; the second with half the shares, so
 * the same shares per page until a sample finds one idler) on 48 frames, so that once both run
 * fewer than 20 frames are free, the hypervisor's acute shortage
 * threshold; the waits are shortened as for the Dynamic Memory faults.
 */
export const SWAP_FAULT_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  frames: 48,
  hypervisorFrames: 4,
  rootFrames: 8,
  logicalProcessors: 1,
  tlbEntries: 4,
  maxPagesPerCall: 3,
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 16, dynamicMemory: { startupPages: 12, minPages: 4, maxPages: 16, committedPages: 8 } },
    { id: 'p2', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 6, minPages: 2, maxPages: 8, committedPages: 5, weight: 2500 } },
  ],
  dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1 },
  reclaim: 'balloon+swap',
  hypervisorSwap: { swapBelowFrames: 20 },
};

/** The hypervisor writes the page to its swap file but leaves it mapped (and its frame held): the guest goes on using it in place. */
export const swapOutLeavesPageMapped = defineFault({
  name: 'swap-out-leaves-page-mapped',
  description: 'The hypervisor writes a guest page to its swap file but leaves the SLAT entry and the frame in place, so the guest keeps accessing the page in place.',
  breaks: ['swapped-page-is-never-accessed-in-place'],
  substrate: () => ({
    swapOut: (s, pid, gpa) => {
      const e = lookupSlat(at(s.slat, pid) ?? {}, gpa);
      return e ? { s, frame: e.frame, saved: s.memory.content[e.frame]! } : null;
    },
  }),
  config: SWAP_FAULT_CONFIG,
});

/** The swap-in maps a fresh, zeroed frame and never reads the swap file. */
export const swapInSkipsSwapFile = defineFault({
  name: 'swap-in-skips-swap-file',
  description: 'A swap-in maps a fresh zeroed frame behind the page without reading its slot back from the swap file: the page comes back as zeros.',
  breaks: ['swapped-page-contents-come-back-unchanged'],
  substrate: (fns) => ({
    swapIn: (s, pid, gpa) => {
      const r = fns.grant(s, pid, [gpa], FULL_ACCESS);
      return r && { s: r.s, frame: r.frames[0]! };
    },
  }),
  config: SWAP_FAULT_CONFIG,
  weights: { dmTouch: 8, hvSwapOut: 6 },
});

/** The swap-in maps the first free frame but leaves it on the free list, which hands it out again. */
export const swapInLeavesFrameOnFreeList = defineFault({
  name: 'swap-in-leaves-frame-on-free-list',
  description: 'A swap-in maps the first frame of the free list behind the page without taking it off the list, so the frame is both free and the guest\'s.',
  breaks: ['no-frame-owned-twice', 'frames-conserved'],
  substrate: () => ({
    swapIn: (s, pid, gpa, saved) => {
      const frame = s.memory.free[0];
      if (frame === undefined) return null;
      const memory = setHolder(scrub(s.memory, [frame]), [frame], partitionHolder(pid));
      const content = memory.content.slice();
      content[frame] = saved;
      return { s: { ...s, memory: { ...memory, content }, slat: { ...s.slat, [pid]: mapPages(at(s.slat, pid) ?? {}, [gpa], [frame], FULL_ACCESS) } }, frame };
    },
  }),
  config: SWAP_FAULT_CONFIG,
  weights: { dmTouch: 6, hvSwapOut: 4 },
});

/** After a step: the swap slots the host dropped when it reclaimed balloon pages are put back, as if it never dropped them. */
function keepDiscarded(r: Applied): Applied {
  const gone = r.outcome.observations.filter((o): o is Extract<Observation, { kind: 'hvSwap' }> => o.kind === 'hvSwap' && o.event === 'discard');
  if (gone.length === 0) return r;
  let sys: System = r.system;
  for (const o of gone) {
    const g = at(sys.dm, o.pid)!;
    sys = { ...sys, dm: { ...sys.dm, [o.pid]: { ...g, swap: addSlot(g.swap ?? NO_SWAP, o.gpa, o.saved) } } };
  }
  const notes = r.outcome.notes.map((n) => n.replace(/swap slots of ballooned (gpa .*) dropped$/, 'swap slots of ballooned $1 kept'));
  return { system: sys, outcome: { ...r.outcome, notes, observations: r.outcome.observations.filter((o) => !gone.includes(o as never)) } };
}

/** The host reclaims balloon pages the hypervisor had swapped out, and keeps their swap slots. */
export const balloonReclaimKeepsSwapSlot = defineFault({
  name: 'balloon-reclaim-keeps-swap-slot',
  description: 'When the host reclaims balloon pages, it keeps the swap slots of those the hypervisor had swapped out: a page is both ballooned and in the swap file.',
  breaks: ['swapped-page-is-never-in-a-balloon'],
  ops: {
    dmDeliver: (system, op, next) => keepDiscarded(next(system, op)),
    dmSettle: (system, op, next) => keepDiscarded(next(system, op)),
  },
  // The balloon must take a page the draws swapped out: the random engine finds it with seed 1 (in 12 steps, shrunk), the explorer in 7.
  config: SWAP_FAULT_CONFIG,
  weights: { hvSwapOut: 6, dmBalloon: 6, dmGuestWork: 4, dmDeliver: 6 },
});
