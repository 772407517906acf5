/** Faults of the partition lifecycle and of the parent-only hypercall gate. */
import { defineFault, forget } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { route } from '../../src/system/step.js';
import { lookupSlat } from '../../src/substrate/slat.js';
import type { Applied, System } from '../../src/system/system.js';
import { type PartitionId, at } from '../../src/substrate/ids.js';

/**
 * A child's MapGpaPages made as the root would make it (one page, full
 * access, at the target's lowest unmapped GPA); the result also records
 * who called.
 */
function mapAsRoot(system: System, caller: PartitionId, pid: PartitionId): Applied {
  const slat = at(system.substrate.slat, pid) ?? {};
  const size = system.world.config.partitions.find((p) => p.id === pid)?.gpaPages ?? 1;
  let gpa = 0;
  while (gpa < size - 1 && lookupSlat(slat, gpa)) gpa++;
  const r = route(system, { type: 'mapGpaPages', pid, gpa, pages: 1, access: 3 });
  if (r.outcome.status !== 'applied' || !r.outcome.hypercall) return r;
  const obs = { kind: 'hypercall' as const, caller, name: 'MapGpaPages', pid, status: r.outcome.hypercall.status };
  return { system: r.system, outcome: { ...r.outcome, observations: [...r.outcome.observations, obs] } };
}

/** DeletePartition ignores the pool. */
export const deleteIgnoresPool = defineFault({
  name: 'delete-ignores-pool',
  description: 'DeletePartition succeeds although pages are still deposited in the pool (the OPERATION_DENIED check is gone).',
  breaks: ['deleted-partition-holds-nothing'],
  machines: (m) => ({ partition: m.partition.provide({ guards: { poolEmpty: () => true } }) }),
});

/** FinalizePartition keeps the GPA mappings. */
export const finalizeKeepsGpaMappings = defineFault({
  name: 'finalize-keeps-gpa-mappings',
  // One guest with one VP on one logical processor, no synthetic I/O: its lifecycle is most of what can happen.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  description: "FinalizePartition's cleanup leaves the partition's GPA mappings in place: the finalized partition keeps its frames and SLAT entries until DeletePartition.",
  breaks: ['finalized-partition-holds-no-gpa-mapping'],
  // The partition machine's finalization does not deallocate the GPA mappings.
  machines: (m) => ({ partition: m.partition.provide({ actions: { releaseGpaMappings: forget() } }) }),
});

/** FinalizePartition leaves the VPs alive. */
export const finalizeSkipsVpTeardown = defineFault({
  name: 'finalize-skips-vp-teardown',
  description: 'FinalizePartition moves the partition out of Active without tearing down its VPs: they stay alive and keep running.',
  breaks: ['finalized-partition-stops-running', 'finalized-partition-has-no-live-vp'],
  machines: (m) => ({ partition: m.partition.provide({ actions: { teardownVps: forget() } }) }),
});

/** The parent-only gate lets a child map GPA pages. */
export const childMayMapGpaPages = defineFault({
  name: 'child-may-map-gpa-pages',
  description: "The hypercall gate lets a child partition call MapGpaPages, on itself or on another partition.",
  breaks: ['child-cannot-call-parent-only-hypercalls'],
  // A running child's MapGpaPages goes through the gate and runs as the root's; every other call meets the gate in force.
  ops: {
    childHypercall: (system, o, next) =>
      o.call === 'MapGpaPages' && at(system.partitions, o.caller)?.machine.value === 'active' ? mapAsRoot(system, o.caller, o.pid) : next(system, o),
  },
});
