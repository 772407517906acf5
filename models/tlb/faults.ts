/** Faults of the TLB discipline: what the scheduler and the hypervisor must flush, the rights a cached translation carries, and the TLB's capacity. */
import { defineFault, forget } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { tlbLookup } from '../../src/substrate/tlb.js';
import { FULL_ACCESS } from '../../src/substrate/slat.js';

/** No TLB purge on a VM switch. */
export const skipTlbPurgeOnVmSwitch = defineFault({
  name: 'skip-tlb-purge-on-vm-switch',
  description: "The scheduler dispatches a VP of another VM without purging the previous VM's TLB entries.",
  breaks: ['tlb-purged-on-vm-switch'],
  machines: (m) => ({ lp: m.lp.provide({ actions: { purgeTlbTag: forget() } }) }),
});

/** A TLB hit ignores the rights cached with the translation. */
export const tlbHitIgnoresAccessRights = defineFault({
  name: 'tlb-hit-ignores-access-rights',
  description: 'A guest access that hits the TLB uses the cached frame without checking the cached access rights: a write through a read-only mapping goes through once a read has cached it.',
  breaks: ['cached-translation-enforces-slat-access'],
  // One guest with one VP and one GPA page on one logical processor, accesses weighted up: a read-only mapping read, then
  // written while the TLB still holds it, is a common run there.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }] },
  weights: { guestAccess: 20 },
  // The access, run on a TLB whose entry for it carries every right (the TLB itself is left as it was).
  substrate: (f) => ({
    guestAccess: (s, lpIndex, pid, gva, write, cap) => {
      const lp = s.lps[lpIndex]!;
      if (!tlbLookup(lp, pid, gva)) return f.guestAccess(s, lpIndex, pid, gva, write, cap);
      const lps = s.lps.slice();
      lps[lpIndex] = { ...lp, tlb: lp.tlb.map((e) => (e.tag === pid && e.gva === gva ? { ...e, access: FULL_ACCESS } : e)) };
      const r = f.guestAccess({ ...s, lps }, lpIndex, pid, gva, write, cap);
      return { ...r, s: { ...r.s, lps: s.lps } };
    },
  }),
});

/** A TLB fill evicts one entry too late. */
export const tlbFillIgnoresCapacity = defineFault({
  name: 'tlb-fill-overflows-capacity',
  description: 'A TLB fill evicts the oldest entry only when the TLB holds more than its capacity (> instead of >=): a full TLB grows by one.',
  breaks: ['tlb-never-exceeds-capacity'],
  // One entry per TLB and one guest with four GPA pages on one logical processor: two accesses without a VM switch between them show it.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, tlbEntries: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  substrate: (f) => ({ guestAccess: (s, lpIndex, pid, gva, write, cap) => f.guestAccess(s, lpIndex, pid, gva, write, cap + 1) }),
});
