/**
 * What the tagged TLBs claim (models/tlb; seed semantics: purge the previous
 * VM's entries on a VM switch): no logical processor caches a translation of
 * a VM it does not run, and no TLB entry outlives the SLAT entry it cached;
 * and guest accesses do hit cached translations, so the claims are not
 * vacuous (the VM switches themselves are the scheduler's goal, in
 * virtual-processor.ts).
 */
import type { Invariant, Goal } from './property.js';
import { hex, at } from '../src/substrate/ids.js';

/** No logical processor caches translations of a VM other than the one it runs (or last ran, if idle). */
export const tlbPurgedOnVmSwitch: Invariant = {
  kind: 'always',
  name: 'tlb-purged-on-vm-switch',
  reads: ['tlbs', 'schedulers'],
  description: "No logical processor's TLB holds an entry of a VM other than the one it runs (or, while idle, the one it last ran).",
  check: (s) => {
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

/** The TLB invariants. */
export const tlbInvariants: readonly Invariant[] = [tlbPurgedOnVmSwitch, tlbAgreesWithSlat];

/** A guest access hits the TLB. */
export const tlbHitHappens: Goal = {
  kind: 'sometimes',
  name: 'guest-access-hits-tlb',
  description: 'A guest access is translated by a TLB entry filled earlier.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'access' && o.via === 'hit') ?? false,
};

/** The TLB goals. */
export const tlbGoals: readonly Goal[] = [tlbHitHappens];
