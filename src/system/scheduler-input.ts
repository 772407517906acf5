/**
 * What the scheduler policy of a World sees of one logical processor
 * (src/scheduler/policy.ts), and its choice there.
 */
import type { System } from './system.js';
import { type PartitionId, ROOT, at } from '../substrate/ids.js';
import { type SchedulerChoice, type SchedulerInput, type SchedulerPolicy, type VpRef, schedulerChoice } from '../scheduler/policy.js';

/** The partitions whose VPs the scheduler handles: the root first, then the live children in config order. */
function vpOwners(sys: System): PartitionId[] {
  const live = sys.world.config.partitions.filter((p) => {
    const rec = at(sys.partitions, p.id);
    return rec !== undefined && rec.machine.value !== 'deleted';
  });
  return [ROOT, ...live.map((p) => p.id)];
}

/** The ready VPs of `owners`, in order. */
export function runnableVps(sys: System, owners: readonly PartitionId[] = vpOwners(sys)): VpRef[] {
  const out: VpRef[] = [];
  for (const pid of owners) {
    const vps = at(sys.partitions, pid)!.vps;
    for (let i = 0; i < vps.length; i++) if (vps[i]!.value === 'ready') out.push({ pid, vp: i });
  }
  return out;
}

/** What the scheduler sees of `lp`, given the runnable VPs. */
export function schedulerInput(sys: System, lp: number, runnable: readonly VpRef[]): SchedulerInput {
  const running = sys.substrate.lps[lp]?.running ?? null;
  return { lp, running: running && { pid: running.pid, vp: running.vp }, lastPartition: sys.lps[lp]?.context.tag ?? null, runnable };
}

/** The choice of `policy` for `lp` in `sys` (nothing to choose when no VP is runnable). */
export function choiceFor(sys: System, policy: SchedulerPolicy, lp: number, runnable: readonly VpRef[] = runnableVps(sys)): SchedulerChoice {
  if (runnable.length === 0) return { kind: 'none' };
  return schedulerChoice(policy, schedulerInput(sys, lp, runnable));
}
