/** Faults of the TLB disciplines: what the scheduler and the hypervisor must flush (on a switch, on a tag recycle, in a shootdown), the rights a cached translation carries, and the TLB's capacity. */
import { defineFault, forget } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { tlbLookup, loadTagWith } from '../../src/substrate/tlb.js';
import { loadLpTagWith, releaseWith, releaseAllWith, shootdownWith } from '../../src/substrate/substrate.js';
import { TAGGED_TLB_CONFIG } from '../../src/system/tagged-tlb-config.js';
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

/** The tagged host the faults of the tagged discipline are checked on (examples/tagged-tlb.json). */
const TAGGED_FAULT_WEIGHTS = { dispatchVp: 6, guestAccess: 10, unmapGpaPages: 4, descheduleVp: 2 } as const;

/** A recycled tag is handed to another VM without the flush. */
export const recycleTagWithoutFlush = defineFault({
  name: 'recycle-tag-without-flush',
  description: "When an LP has no free hardware tag, the hypervisor hands a recycled tag to the VM it dispatches without flushing it: the new VM's VP runs under a tag whose entries another VM filled.",
  breaks: ['tlb-tag-holds-only-its-vms-entries'],
  // The tagged host with one tag per LP: every VM switch onto an LP that has run a VM recycles its tag.
  config: { ...TAGGED_TLB_CONFIG, tlbTags: 1 },
  weights: TAGGED_FAULT_WEIGHTS,
  substrate: () => ({ loadTag: loadLpTagWith(loadTagWith((lp) => ({ lp, flushed: 0 }))) }),
});

/** Every release path of the substrate (unmap, Dynamic Memory release, teardown) with the shootdown `sd`. */
const releasesWith = (sd: Parameters<typeof releaseWith>[0]) => {
  const rel = releaseWith(sd);
  return { release: rel, dmRelease: rel, releaseAll: releaseAllWith(rel) };
};

/** A shootdown that IPIs only the LPs running the VM now. */
const runningOnly = shootdownWith((s, pid) => s.lps.flatMap((lp, i) => (lp.running?.pid === pid ? [i] : [])));

/** The shootdown skips an LP that holds the VM's entries but does not run it now. */
export const shootdownSkipsIdleLp = defineFault({
  name: 'shootdown-skips-idle-lp',
  description: "An unmap's TLB shootdown flushes the VM's tag only on the initiating LP and the LPs running the VM at the time: an LP that ran it earlier and still holds its entries under its tag keeps the old translations after the call returns.",
  breaks: ['tlb-agrees-with-slat', 'unmap-returns-after-shootdown'],
  config: TAGGED_TLB_CONFIG,
  weights: TAGGED_FAULT_WEIGHTS,
  substrate: () => releasesWith(runningOnly),
});

/** The shootdown flushes by tag on the initiating LP only. */
export const flushByTagLocalOnly = defineFault({
  name: 'flush-by-tag-local-only',
  description: "An unmap flushes the VM's tag on the initiating LP only (a local INVVPID/INVEPT, no IPI to the others): every other LP keeps the old translations after the call returns.",
  breaks: ['tlb-agrees-with-slat', 'unmap-returns-after-shootdown'],
  config: TAGGED_TLB_CONFIG,
  weights: TAGGED_FAULT_WEIGHTS,
  substrate: () => releasesWith(shootdownWith(() => [])),
});
