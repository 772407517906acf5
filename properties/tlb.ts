/**
 * What the tagged TLBs claim (models/tlb; seed semantics: purge the previous
 * VM's entries on a VM switch): no logical processor caches a translation of
 * a VM it does not run (the root's included), no TLB entry outlives the SLAT
 * entry it cached, a cached translation enforces the access rights of its
 * SLAT entry, and no TLB holds more entries than its capacity;
 * and guest accesses do hit cached translations, so the claims are not
 * vacuous (the VM switches themselves are the scheduler's goal, in
 * virtual-processor.ts).
 *
 * Under the tagged discipline (VPID/ASID; the host's `tlbDiscipline:
 * "tagged"`) a switch purges nothing, and the claims move: no hardware tag
 * reaches entries that another VM filled (a recycled tag is flushed first),
 * an UnmapGpaPages returns only once no logical processor can use the old
 * translation (the shootdown reached every LP that may hold it), and
 * tagged switches do keep entries (a goal; the counters count the purges
 * avoided).
 */
import type { Invariant, Goal } from './property.js';
import { hex, at } from '../src/substrate/ids.js';
import type { Config } from '../src/system/config.js';
import { userOf } from '../src/substrate/tlb.js';
import { Access } from '../src/substrate/slat.js';

/** No logical processor caches translations of a VM other than the one it runs (or last ran, if idle). */
export const tlbPurgedOnVmSwitch: Invariant = {
  kind: 'always',
  name: 'tlb-purged-on-vm-switch',
  reads: ['tlbs', 'schedulers'],
  description: "No logical processor's TLB holds an entry of a VM other than the one it runs (or, while idle, the one it last ran), under the purge-on-switch discipline.",
  check: (s) => {
    if (isTagged(s.world.config)) return null;
    for (let i = 0; i < s.substrate.lps.length; i++) {
      const lp = s.substrate.lps[i]!;
      const current = lp.running?.pid ?? s.lps[i]!.context.tag;
      const stale = lp.tlb.find((e) => e.tag !== current);
      if (stale) return `lp${i} runs ${current ?? 'nothing'} but its TLB still holds ${stale.tag}'s gva ${hex(stale.gva << 12)} -> frame ${hex(stale.frame)}`;
    }
    return null;
  },
};

/** Every TLB entry agrees with the SLAT of its tag. */
export const tlbAgreesWithSlat: Invariant = {
  kind: 'always',
  name: 'tlb-agrees-with-slat',
  reads: ['tlbs', 'slat'],
  description: 'No TLB entry translates to a frame that the SLAT no longer maps for that tag: SLAT changes are followed by a flush.',
  check: (s) => {
    for (let i = 0; i < s.substrate.lps.length; i++) {
      for (const e of s.substrate.lps[i]!.tlb) {
        const m = at(s.substrate.slat, e.tag)?.[e.gpa];
        if (!m || m.frame !== e.frame)
          return `lp${i}'s TLB translates ${e.tag}'s gpa ${hex(e.gpa)} to frame ${hex(e.frame)}, but the SLAT ${m ? `now maps it to ${hex(m.frame)}` : 'no longer maps it'}`;
      }
    }
    return null;
  },
};

/** An access goes through only with the rights of its SLAT entry, whether its translation was cached or walked. */
export const cachedTranslationEnforcesAccess: Invariant = {
  kind: 'always',
  name: 'cached-translation-enforces-slat-access',
  description: 'A read needs READ and a write WRITE in the SLAT entry of its GPA, whether the TLB held the translation or it was walked: a write through a read-only mapping faults, cached or not.',
  readsStep: true,
  reads: [],
  check: (s, last) => {
    for (const o of last?.outcome.observations ?? []) {
      if (o.kind !== 'access') continue;
      const e = at(s.substrate.slat, o.pid)?.[o.gpa];
      const need = o.write ? Access.WRITE : Access.READ;
      if (e && e.frame === o.frame && (e.access & need) === 0)
        return `${o.pid} ${o.write ? 'wrote' : 'read'} gpa ${hex(o.gpa)} (frame ${hex(o.frame)}) through a ${o.via === 'hit' ? 'cached' : 'walked'} translation, but its SLAT entry allows only ${accessText(e.access)}`;
    }
    return null;
  },
};

/** No TLB holds more entries than the configured capacity. */
export const tlbWithinCapacity: Invariant = {
  kind: 'always',
  name: 'tlb-never-exceeds-capacity',
  description: "No logical processor's TLB holds more entries than its capacity (the config's tlbEntries): a fill into a full TLB evicts one.",
  reads: ['tlbs'],
  check: (s) => {
    const cap = s.world.config.tlbEntries;
    const i = s.substrate.lps.findIndex((l) => l.tlb.length > cap);
    return i < 0 ? null : `lp${i}'s TLB holds ${s.substrate.lps[i]!.tlb.length} entries, beyond its capacity of ${cap}`;
  },
};

/** Whether a host keeps TLB entries under hardware tags. */
export const isTagged = (c: Config): boolean => c.tlbDiscipline === 'tagged';

/** No hardware tag reaches entries another VM filled: a recycled tag is flushed before its new VM runs under it. */
export const tagHoldsOnlyItsVmsEntries: Invariant = {
  kind: 'always',
  name: 'tlb-tag-holds-only-its-vms-entries',
  reads: ['tlbs'],
  description: 'Under the tagged discipline no TLB entry sits under a hardware tag (VPID/ASID) now held by a VM other than the one it was filled for: a VP never uses a translation cached under a tag another VM held.',
  check: (s) => {
    for (let i = 0; i < s.substrate.lps.length; i++) {
      const lp = s.substrate.lps[i]!;
      for (const e of lp.tlb) {
        const user = userOf(lp, e);
        if (lp.tags && e.asid !== undefined && user !== e.tag)
          return `lp${i}'s tag ${e.asid} belongs to ${user ?? 'no VM'}, but still holds ${e.tag}'s gva ${hex(e.gva << 12)} -> frame ${hex(e.frame)}`;
      }
    }
    return null;
  },
};

/** Once UnmapGpaPages returns, no logical processor can use a translation of the VM that its SLAT no longer backs. */
export const unmapReturnsAfterShootdown: Invariant = {
  kind: 'always',
  name: 'unmap-returns-after-shootdown',
  readsStep: true,
  reads: [],
  description: "When UnmapGpaPages reports success, no logical processor holds a translation its VM could use to a GPA or frame the VM's SLAT no longer backs: the shootdown completed, on every LP that may hold the VM's entries, before the freed frames can be reused.",
  check: (s, last) => {
    if (last?.op.type !== 'unmapGpaPages' || last.outcome.hypercall?.status !== 'SUCCESS') return null;
    const pid = last.op.pid;
    const slat = at(s.substrate.slat, pid) ?? {};
    for (let i = 0; i < s.substrate.lps.length; i++) {
      const lp = s.substrate.lps[i]!;
      const stale = lp.tlb.find((e) => userOf(lp, e) === pid && slat[e.gpa]?.frame !== e.frame);
      if (stale)
        return `UnmapGpaPages ${pid} returned, but lp${i}${lp.running?.pid === pid ? '' : ` (running ${lp.running?.pid ?? 'nothing'})`} still translates ${pid}'s gva ${hex(stale.gva << 12)} to frame ${hex(stale.frame)}, which gpa ${hex(stale.gpa)} no longer maps`;
    }
    return null;
  },
};

/** The access rights in words (MapGpaPages flags). */
const accessText = (a: number): string => ['read', 'write', 'kernel execute', 'user execute'].filter((_, i) => a & (1 << i)).join(', ') || 'nothing';

/** The TLB invariants. */
export const tlbInvariants: readonly Invariant[] = [tlbPurgedOnVmSwitch, tlbAgreesWithSlat, cachedTranslationEnforcesAccess, tlbWithinCapacity, tagHoldsOnlyItsVmsEntries, unmapReturnsAfterShootdown];

/** A guest access hits the TLB. */
export const tlbHitHappens: Goal = {
  kind: 'sometimes',
  name: 'guest-access-hits-tlb',
  description: 'A guest access is translated by a TLB entry filled earlier.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'access' && o.via === 'hit') ?? false,
};

/** A tagged VM switch keeps the previous VM's entries: the purge the seed's discipline makes is avoided (counted as tlbPurgesAvoided). */
export const taggedSwitchPurgesNothing: Goal = {
  kind: 'sometimes',
  name: 'tagged-vm-switch-purges-nothing',
  description: "Under the tagged discipline a VM switch purges nothing: the previous VM's entries stay in the TLB under its own tag.",
  appliesTo: isTagged,
  reached: (s, last) =>
    last?.outcome.observations.some((o) => o.kind === 'vmSwitch' && isTagged(s.world.config) && s.substrate.lps[o.lp]!.tlb.some((e) => userOf(s.substrate.lps[o.lp]!, e) === o.from)) ?? false,
};

/** The TLB goals. */
export const tlbGoals: readonly Goal[] = [tlbHitHappens, taggedSwitchPurgesNothing];
