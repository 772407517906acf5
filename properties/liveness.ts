/**
 * Bounded liveness of the spine: things the hypervisor must finish within
 * a few steps of something else happening. Checked by the explorer on
 * every path it visits.
 */
import type { Liveness } from './property.js';
import type { System } from '../src/system/system.js';
import { at } from '../src/substrate/ids.js';

const STOPPING = new Set(['finalizing', 'finalized', 'deleted']);

/** Children that have been finalized but still have a live VP or a VP on a logical processor. */
function stillRunning(s: System): string[] {
  const out: string[] = [];
  for (const [pid, rec] of Object.entries(s.partitions)) {
    if (!STOPPING.has(rec.machine.value as string)) continue;
    if (rec.vps.some((vp) => vp.value !== 'deleted') || s.substrate.lps.some((l) => l.running?.pid === pid)) out.push(pid);
  }
  return out;
}

/** Once FinalizePartition succeeds, the partition's VPs are torn down and off every LP within one step. */
export const finalizedPartitionStopsRunning: Liveness = {
  kind: 'eventually',
  name: 'finalized-partition-stops-running',
  description: 'Once FinalizePartition succeeds, every VP of the partition is deleted and off every logical processor within one step.',
  trigger: (_s, last) => last?.op.type === 'finalizePartition' && last.outcome.hypercall?.status === 'SUCCESS',
  satisfied: (s) => stillRunning(s).length === 0,
  withinSteps: 1,
  explain: (s) =>
    stillRunning(s)
      .map((pid) => {
        const rec = at(s.partitions, pid)!;
        const alive = rec.vps.flatMap((vp, i) => (vp.value === 'deleted' ? [] : [`vp${i} is ${vp.value as string}`]));
        const lps = s.substrate.lps.flatMap((l, i) => (l.running?.pid === pid ? [`lp${i} runs its vp${l.running.vp}`] : []));
        return `${pid} is ${rec.machine.value as string} but ${[...alive, ...lps].join(', ')}`;
      })
      .join('; '),
};

/** The spine's bounded-liveness properties. */
export const spineLiveness: readonly Liveness[] = [finalizedPartitionStopsRunning];
