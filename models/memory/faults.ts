/**
 * Faults of the memory hypercalls as the hypervisor carries them out on
 * the simulated hardware: DepositMemory, WithdrawMemory, MapGpaPages and
 * UnmapGpaPages (frame ownership, the free list, scrubbing, the SLAT and
 * the TLB entries that cache it). Each replaces one substrate function
 * with a wrapper that undoes one part of what the function in force did.
 *
 * The wrappers are exported: the Dynamic Memory VSP's faults apply the
 * same defects to its own grant and release.
 */
import { defineFault } from '../../src/faults/fault.js';
import type { GrantFn, ReleaseFn, SubstrateFns } from '../../src/substrate/fns.js';
import { ROOT, at } from '../../src/substrate/ids.js';
import { FULL_ACCESS, mapPages, unmapPages } from '../../src/substrate/slat.js';

/** A release that takes the frames but leaves the partition's SLAT as it was (the old translations stay). */
export const keepingSlatEntries =
  (release: ReleaseFn): ReleaseFn =>
  (s, pid, gpas) => {
    const r = release(s, pid, gpas);
    return { ...r, s: { ...r.s, slat: s.slat } };
  };

/** A release that marks the frames free but leaves the free list as it was (the frames are lost). */
export const forgettingFreeList =
  (release: ReleaseFn): ReleaseFn =>
  (s, pid, gpas) => {
    const r = release(s, pid, gpas);
    return { ...r, s: { ...r.s, memory: { ...r.s.memory, free: s.memory.free } } };
  };

/** A release that leaves every logical processor's TLB as it was (no flush of the old translations). */
export const skippingTlbFlush =
  (release: ReleaseFn): ReleaseFn =>
  (s, pid, gpas) => {
    const r = release(s, pid, gpas);
    return { ...r, s: { ...r.s, lps: s.lps } };
  };

/** A grant that leaves the frames' contents as they were (no scrub: the previous owner's data stays). */
export const skippingScrub =
  (grant: GrantFn): GrantFn =>
  (s, pid, gpas, access, opts) => {
    const r = grant(s, pid, gpas, access, opts);
    return r && { ...r, s: { ...r.s, memory: { ...r.s.memory, content: s.memory.content } } };
  };

/** A grant that leaves the frames' holders as they were (taken off the free list and mapped, yet recorded as free). */
const skippingHolderUpdate =
  (grant: GrantFn): GrantFn =>
  (s, pid, gpas, access, opts) => {
    const r = grant(s, pid, gpas, access, opts);
    return r && { ...r, s: { ...r.s, memory: { ...r.s.memory, holder: s.memory.holder } } };
  };

/** A deposit that leaves the root's identity mappings of the deposited frames in place. */
const keepingRootMapping =
  (deposit: SubstrateFns['deposit']): SubstrateFns['deposit'] =>
  (s, pid, n) => {
    const r = deposit(s, pid, n);
    return r && { ...r, s: { ...r.s, slat: { ...r.s.slat, [ROOT]: at(s.slat, ROOT)! } } };
  };

/**
 * A withdraw that maps the returned pages into the root's identity map at
 * the wrong frames: the i-th page withdrawn is mapped to frame i (counting
 * from the start of machine memory, where the hypervisor reserves its
 * frames at boot) instead of to itself.
 */
const mappingFromFrameZero =
  (withdraw: SubstrateFns['withdraw']): SubstrateFns['withdraw'] =>
  (s, pid, n) => {
    const r = withdraw(s, pid, n);
    const root = mapPages(unmapPages(at(r.s.slat, ROOT)!, r.frames), r.frames, r.frames.map((_, i) => i), FULL_ACCESS);
    return { ...r, s: { ...r.s, slat: { ...r.s.slat, [ROOT]: root } } };
  };

/** A withdraw that gives the frames back to the root with their contents as they were (no scrub). */
const withdrawingUnscrubbed =
  (withdraw: SubstrateFns['withdraw']): SubstrateFns['withdraw'] =>
  (s, pid, n) => {
    const r = withdraw(s, pid, n);
    return { ...r, s: { ...r.s, memory: { ...r.s.memory, content: s.memory.content } } };
  };

/** UnmapGpaPages frees the frame but keeps the SLAT entry. */
export const unmapKeepsSlatEntry = defineFault({
  name: 'unmap-keeps-slat-entry',
  description: 'UnmapGpaPages hands the frame back to the free list before (instead of) removing the old SLAT entry.',
  breaks: ['no-frame-owned-twice', 'slat-maps-only-owned-frames'],
  substrate: (f) => ({ release: keepingSlatEntries(f.release) }),
});

/** UnmapGpaPages loses the frame. */
export const unmapForgetsFreeList = defineFault({
  name: 'unmap-forgets-free-list',
  description: 'UnmapGpaPages marks the frame free but never puts it back on the free list: the page is lost.',
  breaks: ['frames-conserved'],
  substrate: (f) => ({ release: forgettingFreeList(f.release) }),
});

/** MapGpaPages does not record the new holder. */
export const mapSkipsHolderUpdate = defineFault({
  name: 'map-skips-holder-update',
  description: 'MapGpaPages takes frames off the free list and maps them without recording the partition as their holder.',
  breaks: ['slat-maps-only-owned-frames', 'no-frame-owned-twice', 'frames-conserved'],
  substrate: (f) => ({ grant: skippingHolderUpdate(f.grant) }),
});

/** DepositMemory leaves the root's mappings of the deposited frames. */
export const depositKeepsRootMapping = defineFault({
  name: 'deposit-keeps-root-mapping',
  description: "DepositMemory moves frames into the partition's pool but leaves them in the root's identity map.",
  breaks: ['root-never-maps-hypervisor-frames', 'no-frame-owned-twice', 'slat-maps-only-owned-frames'],
  substrate: (f) => ({ deposit: keepingRootMapping(f.deposit) }),
});

/** UnmapGpaPages leaves stale translations in the TLBs. */
export const unmapSkipsTlbFlush = defineFault({
  name: 'unmap-skips-tlb-flush',
  description: 'UnmapGpaPages changes the SLAT without flushing the TLB entries that cached the old translation.',
  breaks: ['tlb-agrees-with-slat'],
  substrate: (f) => ({ release: skippingTlbFlush(f.release) }),
});

/** MapGpaPages does not zero the frames it hands out. */
export const mapSkipsScrub = defineFault({
  name: 'map-skips-scrub',
  description: 'MapGpaPages hands frames to a partition without zeroing them first.',
  breaks: ['no-cross-partition-data-leak'],
  substrate: (f) => ({ grant: skippingScrub(f.grant) }),
});

/** WithdrawMemory does not zero the frames it gives back. */
export const withdrawSkipsScrub = defineFault({
  name: 'withdraw-skips-scrub',
  description: 'WithdrawMemory gives pool pages back to the root without zeroing them.',
  breaks: ['no-cross-partition-data-leak'],
  substrate: (f) => ({ withdraw: withdrawingUnscrubbed(f.withdraw) }),
});

/** WithdrawMemory maps the root's GPAs to frames the hypervisor reserved. */
export const withdrawMapsReservedFrames = defineFault({
  name: 'withdraw-maps-reserved-frames',
  description: "WithdrawMemory maps the returned pages into the root's identity map counting from frame 0: the root maps frames the hypervisor reserved at boot.",
  // A reserved frame the root maps is claimed twice (the hypervisor's and the root's), and its SLAT maps a frame it does not hold: the engines report the first of these three.
  breaks: ['no-frame-owned-twice', 'slat-maps-only-owned-frames', 'root-never-maps-hypervisor-frames'],
  substrate: (f) => ({ withdraw: mappingFromFrameZero(f.withdraw) }),
});
