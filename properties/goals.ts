/**
 * `sometimes` goals of the spine: states a meaningful run must reach, so
 * that no invariant above passes vacuously.
 */
import type { Goal } from './property.js';
import { mappedGpas } from '../src/substrate/slat.js';
import { ROOT, at } from '../src/substrate/ids.js';

/** Some partition reaches Active with guest memory mapped. */
export const partitionActiveWithMemory: Goal = {
  kind: 'sometimes',
  name: 'partition-active-with-mapped-memory',
  description: 'A child partition is Active with at least one GPA mapped.',
  reached: (s) => Object.entries(s.partitions).some(([pid, r]) => pid !== ROOT && r.machine.value === 'active' && mappedGpas(at(s.substrate.slat, pid) ?? {}).length > 0),
};

/** A VM switch happens on some logical processor. */
export const vmSwitchHappens: Goal = {
  kind: 'sometimes',
  name: 'vm-switch-happens',
  description: 'The scheduler dispatches a VP of a different VM onto a logical processor.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'vmSwitch') ?? false,
};

/** A guest access hits the TLB. */
export const tlbHitHappens: Goal = {
  kind: 'sometimes',
  name: 'guest-access-hits-tlb',
  description: 'A guest access is translated by a TLB entry filled earlier.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'access' && o.via === 'hit') ?? false,
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
  description: 'A child partition goes all the way through Finalized to deleted.',
  reached: (s) => Object.values(s.partitions).some((r) => r.machine.value === 'deleted'),
};

/** The spine's goals. */
export const spineGoals: readonly Goal[] = [partitionActiveWithMemory, vmSwitchHappens, tlbHitHappens, memoryWithdrawn, partitionDeleted];
