/**
 * Invariants of the partition lifecycle beyond memory: what a partition
 * that has finished FinalizePartition no longer has.
 */
import type { Invariant } from './property.js';

/** A finalized (or deleted) partition has no live VP and runs on no logical processor. */
export const finalizedPartitionHasNoLiveVp: Invariant = {
  kind: 'always',
  name: 'finalized-partition-has-no-live-vp',
  description: 'Once a partition is Finalized (or deleted), every one of its VPs is deleted and none runs on a logical processor.',
  check: (s) => {
    for (const [pid, rec] of Object.entries(s.partitions)) {
      if (rec.machine.value !== 'finalized' && rec.machine.value !== 'deleted') continue;
      const vp = rec.vps.findIndex((v) => v.value !== 'deleted');
      if (vp >= 0) return `${pid} is ${rec.machine.value as string} but its vp${vp} is still ${rec.vps[vp]!.value as string}`;
      const lp = s.substrate.lps.findIndex((l) => l.running?.pid === pid);
      if (lp >= 0) return `${pid} is ${rec.machine.value as string} but lp${lp} still runs its vp${s.substrate.lps[lp]!.running!.vp}`;
    }
    return null;
  },
};

/** The lifecycle invariants. */
export const lifecycleInvariants: readonly Invariant[] = [finalizedPartitionHasNoLiveVp];
