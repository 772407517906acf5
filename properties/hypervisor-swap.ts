/**
 * What hypervisor swapping claims (models/hypervisor-swap; hosts with
 * `reclaim: "balloon+swap"`): a page in the swap file is never mapped,
 * so the guest never accesses it in place and every access goes through
 * a swap-in; a page comes back from the swap file with the contents it
 * had; and a page the host holds as ballooned is never also in the swap
 * file. The memory claim `no-frame-owned-twice` (properties/memory.ts)
 * holds on these hosts too: a swap-in takes its frame off the free list.
 */
import type { Invariant } from './property.js';
import { hex, at } from '../src/substrate/ids.js';
import { lookupSlat } from '../src/substrate/slat.js';
import { rangePages } from '../models/dynamic-memory/messages.js';

/** A swapped page has no SLAT entry: any access to it faults into the hypervisor, which swaps it in first. */
export const swappedPageIsNeverAccessedInPlace: Invariant = {
  kind: 'always',
  name: 'swapped-page-is-never-accessed-in-place',
  reads: ['dm', 'slat'],
  description: "A guest page in the hypervisor's swap file is not mapped in the guest's SLAT, so the guest cannot read or write it in place: every access faults into the hypervisor, which swaps the page in first.",
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      if (!g.swap || g.swap.slots.length === 0) continue;
      const slat = at(s.substrate.slat, pid) ?? {};
      for (const x of g.swap.slots) {
        const e = lookupSlat(slat, x.gpa);
        if (e) return `${pid} gpa ${hex(x.gpa)} is in the swap file (slot ${x.slot}) but its SLAT still maps frame ${hex(e.frame)}: the guest accesses it in place`;
      }
    }
    return null;
  },
};

/** A swap-in restores exactly what the swap-out wrote. */
export const swappedPageContentsComeBackUnchanged: Invariant = {
  kind: 'always',
  name: 'swapped-page-contents-come-back-unchanged',
  reads: [],
  description: 'A page swapped back in holds exactly the contents it had when the hypervisor swapped it out.',
  readsStep: true,
  check: (_s, last) => {
    for (const o of last?.outcome.observations ?? [])
      if (o.kind === 'hvSwap' && o.event === 'swapIn' && o.restored !== o.saved)
        return `${o.pid} gpa ${hex(o.gpa)} was swapped out holding ${o.saved}'s data and came back in frame ${hex(o.frame ?? 0)} holding ${o.restored === 'zero' ? 'zeros' : `${o.restored}'s data`}`;
    return null;
  },
};

/** A page the host reclaimed through the balloon has no swap slot. */
export const swappedPageIsNeverInABalloon: Invariant = {
  kind: 'always',
  name: 'swapped-page-is-never-in-a-balloon',
  reads: ['dm'],
  description: "A guest page the host holds as ballooned (reclaimed from a balloon response) is not also in the hypervisor's swap file: reclaiming a swapped page drops its slot.",
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      if (!g.swap || g.swap.slots.length === 0) continue;
      const ballooned = new Set(rangePages(g.reclaimed));
      for (const x of g.swap.slots) if (ballooned.has(x.gpa)) return `${pid} gpa ${hex(x.gpa)} is in ${pid}'s balloon and also in the swap file (slot ${x.slot})`;
    }
    return null;
  },
};

/** Every claim of hypervisor swapping. */
export const hypervisorSwapInvariants: readonly Invariant[] = [swappedPageIsNeverAccessedInPlace, swappedPageContentsComeBackUnchanged, swappedPageIsNeverInABalloon];
