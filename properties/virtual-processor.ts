/**
 * What a virtual processor and the scheduler claim (models/virtual-processor):
 * a VP with either suspend flag set (explicit, from the root, or intercept,
 * from the hypervisor) never runs and is never Ready; and the scheduler does
 * switch VMs on a logical processor, so the claims that depend on a switch
 * (the TLB purge) are not vacuous.
 */
import type { Invariant, Goal } from './property.js';

/** A VP's suspend flags that are set, in words. */
const suspendFlags = (c: { readonly explicitSuspend?: boolean; readonly interceptSuspend?: boolean }): string =>
  [c.explicitSuspend && 'explicit-suspend', c.interceptSuspend && 'intercept-suspend'].filter(Boolean).join(' and ');

/** No VP with a suspend flag set is on a logical processor or dispatchable. */
export const suspendedVpNeverRuns: Invariant = {
  kind: 'always',
  name: 'suspended-vp-never-runs',
  reads: ['partitions', 'tlbs'],
  description: 'A VP with its explicit-suspend or intercept-suspend flag set is never dispatched: it is neither running nor Ready.',
  check: (s) => {
    for (const pid in s.partitions) {
      const rec = s.partitions[pid]!;
      for (let vp = 0; vp < rec.vps.length; vp++) {
        const m = rec.vps[vp]!;
        const c = m.context;
        if (!c.explicitSuspend && !c.interceptSuspend) continue;
        const lps = s.substrate.lps;
        let lp = -1;
        for (let i = 0; i < lps.length && lp < 0; i++) if (lps[i]!.running?.pid === pid && lps[i]!.running!.vp === vp) lp = i;
        if (lp >= 0) return `${pid} vp${vp} runs on lp${lp} with ${suspendFlags(c)} set`;
        if (m.value === 'ready' || m.value === 'running') return `${pid} vp${vp} is ${String(m.value)} with ${suspendFlags(c)} set`;
      }
    }
    return null;
  },
};

/** A VM switch happens on some logical processor. */
export const vmSwitchHappens: Goal = {
  kind: 'sometimes',
  name: 'vm-switch-happens',
  description: 'The scheduler dispatches a VP of a different VM onto a logical processor.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'vmSwitch') ?? false,
};

/** The virtual-processor invariants. */
export const virtualProcessorInvariants: readonly Invariant[] = [suspendedVpNeverRuns];

/** The scheduler's goals. */
export const virtualProcessorGoals: readonly Goal[] = [vmSwitchHappens];
