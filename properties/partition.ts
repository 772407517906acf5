/**
 * What the partition lifecycle claims (models/partition): a partition that
 * has finished FinalizePartition runs nothing, has no live VP and maps no
 * memory, within one step of the call; a deleted partition holds no memory at all; and runs do
 * reach a withdrawal and a deletion, so neither claim holds vacuously.
 */
import type { Invariant, Goal, Liveness } from './property.js';
import type { System } from '../src/system/system.js';
import { hex, partitionHolder, poolHolder, at } from '../src/substrate/ids.js';
import { mappedGpas } from '../src/substrate/slat.js';
import { framesHeldBy } from '../src/substrate/memory.js';
import { describeHolder } from './memory.js';

/** A deleted partition holds nothing: no frame, no SLAT entry, no pool, no TLB entry, no running VP. */
export const deletedPartitionHoldsNothing: Invariant = {
  kind: 'always',
  name: 'deleted-partition-holds-nothing',
  reads: ['partitions', 'memory', 'pools', 'slat', 'tlbs'],
  description: 'Once DeletePartition succeeds, the id owns no frame, pool page, SLAT entry or TLB entry and runs nowhere.',
  check: (s) => {
    for (const pid in s.partitions) {
      const rec = s.partitions[pid]!;
      if (rec.machine.value !== 'deleted') continue;
      // The lowest frame it or its pool holds (the lists are kept per frame table: most steps leave it alone).
      const own = framesHeldBy(s.substrate.memory, partitionHolder(pid));
      const pool = framesHeldBy(s.substrate.memory, poolHolder(pid));
      const held = Math.min(own[0] ?? Infinity, pool[0] ?? Infinity);
      if (held !== Infinity) return `deleted ${pid} still holds frame ${hex(held)} (${describeHolder(s.substrate.memory.holder[held]!)})`;
      if ((at(s.substrate.pools, pid)?.length ?? 0) > 0) return `deleted ${pid} still has ${at(s.substrate.pools, pid)!.length} pages in its pool ledger`;
      if (mappedGpas(at(s.substrate.slat, pid) ?? {}).length > 0) return `deleted ${pid} still has SLAT entries`;
      const lp = s.substrate.lps.findIndex((l) => l.running?.pid === pid || l.tlb.some((e) => e.tag === pid));
      if (lp >= 0) return `lp${lp} still runs or caches translations of deleted ${pid}`;
    }
    return null;
  },
};

/** A finalized (or deleted) partition has no live VP and runs on no logical processor. */
export const finalizedPartitionHasNoLiveVp: Invariant = {
  kind: 'always',
  name: 'finalized-partition-has-no-live-vp',
  reads: ['partitions', 'tlbs'],
  description: 'Once a partition is Finalized (or deleted), every one of its VPs is deleted and none runs on a logical processor.',
  check: (s) => {
    for (const pid in s.partitions) {
      const rec = s.partitions[pid]!;
      if (rec.machine.value !== 'finalized' && rec.machine.value !== 'deleted') continue;
      const vp = rec.vps.findIndex((v) => v.value !== 'deleted');
      if (vp >= 0) return `${pid} is ${rec.machine.value as string} but its vp${vp} is still ${rec.vps[vp]!.value as string}`;
      const lp = s.substrate.lps.findIndex((l) => l.running?.pid === pid);
      if (lp >= 0) return `${pid} is ${rec.machine.value as string} but lp${lp} still runs its vp${s.substrate.lps[lp]!.running!.vp}`;
    }
    return null;
  },
};

/** A finalized partition maps nothing: FinalizePartition deallocated its GPA mappings (WDK "Partition Finalization"). */
export const finalizedPartitionHoldsNoGpaMapping: Invariant = {
  kind: 'always',
  name: 'finalized-partition-holds-no-gpa-mapping',
  description: "Once FinalizePartition returns, the partition has no SLAT entry, holds no mapped frame and has no cached translation: the cleanup deallocates its GPA mappings (WDK \"Partition Finalization\").",
  reads: ['partitions', 'slat', 'memory', 'tlbs'],
  check: (s) => {
    for (const pid in s.partitions) {
      const rec = s.partitions[pid]!;
      if (rec.machine.value !== 'finalized') continue;
      const gpas = mappedGpas(at(s.substrate.slat, pid) ?? {});
      if (gpas.length > 0) return `finalized ${pid} still maps gpa ${hex(gpas[0]!)} to frame ${hex(at(s.substrate.slat, pid)![gpas[0]!]!.frame)}`;
      const held = s.substrate.memory.holder.indexOf(partitionHolder(pid));
      if (held >= 0) return `finalized ${pid} still holds frame ${hex(held)}`;
      const lp = s.substrate.lps.findIndex((l) => l.tlb.some((e) => e.tag === pid));
      if (lp >= 0) return `lp${lp} still caches a translation of finalized ${pid}`;
    }
    return null;
  },
};

const STOPPING = new Set(['finalizing', 'finalized', 'deleted']);

/** Children that have been finalized but still have a live VP or a VP on a logical processor. */
function stillRunning(s: System): string[] {
  const out: string[] = [];
  for (const pid in s.partitions) {
    const rec = s.partitions[pid]!;
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

/** Memory is withdrawn from a pool back to the root. */
export const memoryWithdrawn: Goal = {
  kind: 'sometimes',
  name: 'memory-withdrawn',
  description: 'WithdrawMemory returns pool pages to the root.',
  reached: (_s, last) => last?.op.type === 'withdrawMemory' && last.outcome.hypercall?.status === 'SUCCESS',
};

/** A partition is deleted. */
export const partitionDeleted: Goal = {
  kind: 'sometimes',
  name: 'partition-deleted',
  reads: ['partitions'],
  description: 'A child partition goes all the way through Finalized to deleted.',
  reached: (s) => {
    for (const pid in s.partitions) if (s.partitions[pid]!.machine.value === 'deleted') return true;
    return false;
  },
};

/** The partition invariants. */
export const partitionInvariants: readonly Invariant[] = [deletedPartitionHoldsNothing, finalizedPartitionHasNoLiveVp, finalizedPartitionHoldsNoGpaMapping];

/** The partition's bounded-liveness properties. */
export const partitionLiveness: readonly Liveness[] = [finalizedPartitionStopsRunning];

/** The partition goals. */
export const partitionGoals: readonly Goal[] = [memoryWithdrawn, partitionDeleted];
