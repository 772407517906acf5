/**
 * Faults of the partition lifecycle and of the parent-only hypercall gate
 * (one fault per gated call: the caller must be the partition's parent, WDK
 * HvFinalizePartition and its siblings, "HV_STATUS_ACCESS_DENIED: the
 * specified partition is not a child of the caller").
 */
import { defineFault, forget } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { route } from '../../src/system/step.js';
import { lookupSlat } from '../../src/substrate/slat.js';
import type { Applied, System } from '../../src/system/system.js';
import type { Op } from '../../src/system/ops.js';
import type { ChildCall } from '../../src/system/op-schemas.js';
import type { HypercallName } from '../../src/system/hypercalls.js';
import { StepContext } from '../../src/system/step-context.js';
import { type PartitionId, ROOT, at } from '../../src/substrate/ids.js';
import { match } from 'ts-pattern';

/** The status a call that passed the gate got, recorded with who made it (what `child-cannot-call-parent-only-hypercalls` judges). */
function asCaller(r: Applied, caller: PartitionId, name: HypercallName, pid: PartitionId): Applied {
  if (r.outcome.status !== 'applied' || !r.outcome.hypercall) return r;
  const obs = { kind: 'hypercall' as const, caller, name, pid, status: r.outcome.hypercall.status };
  return { system: r.system, outcome: { ...r.outcome, observations: [...r.outcome.observations, obs] } };
}

/** The lowest GPA of `pid` that is (`mapped`) or is not mapped, 0 when none is. */
function lowestGpa(system: System, pid: PartitionId, mapped: boolean): number {
  const slat = at(system.substrate.slat, pid) ?? {};
  const size = system.world.config.partitions.find((p) => p.id === pid)?.gpaPages ?? 1;
  for (let gpa = 0; gpa < size; gpa++) if (Boolean(lookupSlat(slat, gpa)) === mapped) return gpa;
  return 0;
}

/** The root's own op for a parent-only call a child makes (the smallest arguments: one page, the lowest GPA), or null for CreateVp (no op of its own). */
function rootOpFor(system: System, call: ChildCall, pid: PartitionId): Op | null {
  return match(call)
    .with('CreatePartition', () => ({ type: 'createPartition' as const, pid }))
    .with('InitializePartition', () => ({ type: 'initializePartition' as const, pid }))
    .with('FinalizePartition', () => ({ type: 'finalizePartition' as const, pid }))
    .with('DeletePartition', () => ({ type: 'deletePartition' as const, pid }))
    .with('DepositMemory', () => ({ type: 'depositMemory' as const, pid, pages: 1 }))
    .with('WithdrawMemory', () => ({ type: 'withdrawMemory' as const, pid, pages: 1 }))
    .with('MapGpaPages', () => ({ type: 'mapGpaPages' as const, pid, gpa: lowestGpa(system, pid, false), pages: 1, access: 3 }))
    .with('UnmapGpaPages', () => ({ type: 'unmapGpaPages' as const, pid, gpa: lowestGpa(system, pid, true), pages: 1 }))
    .with('CreateVp', () => null)
    .exhaustive();
}

/**
 * A child's parent-only call made past the gate: as the root's own op
 * would make it. CreateVp, which the model makes only inside
 * InitializePartition, gets the status the hypervisor would answer past
 * the gate: an unknown or deleted id INVALID_PARTITION_ID, an Active
 * partition INVALID_PARAMETER (every VP index the config allows exists
 * already), any other state INVALID_PARTITION_STATE.
 */
function callAsRoot(system: System, caller: PartitionId, call: ChildCall, pid: PartitionId): Applied {
  const op = rootOpFor(system, call, pid);
  if (op) return asCaller(route(system, op), caller, call, pid);
  const state = at(system.partitions, pid)?.machine.value;
  const status = state === undefined || state === 'deleted' ? 'INVALID_PARTITION_ID' : state === 'active' ? 'INVALID_PARAMETER' : 'INVALID_PARTITION_STATE';
  const st = new StepContext(system);
  st.call(call, status);
  st.observations.push({ kind: 'hypercall', caller, name: call, pid, status });
  st.notes.push(`${caller}'s ${call} on ${pid} passes the gate`);
  return st.done();
}

/**
 * The fault that opens the gate of one parent-only call: a running child's
 * `childHypercall` naming it goes through as the root's; every other call
 * meets the gate in force.
 */
const gateOpens = (call: ChildCall, name: string, what: string) =>
  defineFault({
    name,
    description: `The hypercall gate lets a child partition call ${call}${what}.`,
    breaks: ['child-cannot-call-parent-only-hypercalls'],
    ops: {
      childHypercall: (system, o, next) => (o.call === call && at(system.partitions, o.caller)?.machine.value === 'active' ? callAsRoot(system, o.caller, o.call, o.pid) : next(system, o)),
    },
  });

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
export const childMayMapGpaPages = gateOpens('MapGpaPages', 'child-may-map-gpa-pages', ', on itself or on another partition');

/** The parent-only gate lets a child create a partition. */
export const childMayCreatePartition = gateOpens('CreatePartition', 'child-may-create-partition', ' and create a partition of the root');

/** The parent-only gate lets a child initialize a partition. */
export const childMayInitializePartition = gateOpens('InitializePartition', 'child-may-initialize-partition', ', on itself or on another partition');

/** The parent-only gate lets a child finalize a partition. */
export const childMayFinalizePartition = gateOpens('FinalizePartition', 'child-may-finalize-partition', ', on itself or on another partition');

/** The parent-only gate lets a child delete a partition. */
export const childMayDeletePartition = gateOpens('DeletePartition', 'child-may-delete-partition', ', on itself or on another partition');

/** The parent-only gate lets a child deposit memory. */
export const childMayDepositMemory = gateOpens('DepositMemory', 'child-may-deposit-memory', ": the root's frames go into the pool it names");

/** The parent-only gate lets a child withdraw memory. */
export const childMayWithdrawMemory = gateOpens('WithdrawMemory', 'child-may-withdraw-memory', ', taking pool pages of any partition back to the root');

/** The parent-only gate lets a child unmap GPA pages. */
export const childMayUnmapGpaPages = gateOpens('UnmapGpaPages', 'child-may-unmap-gpa-pages', ', on itself or on another partition');

/** The parent-only gate lets a child create a VP. */
export const childMayCreateVp = gateOpens('CreateVp', 'child-may-create-vp', ' (past the gate, the call is answered on its arguments and the partition state)');

/** The parent-only gate lets a child install intercepts. */
export const childMayInstallIntercept = defineFault({
  name: 'child-may-install-intercept',
  description: 'The hypercall gate lets a child partition call InstallIntercept, on itself or on another partition.',
  breaks: ['child-cannot-call-parent-only-hypercalls'],
  // A running child's InstallIntercept goes through as the root's; the root's own calls are as they were.
  ops: {
    installIntercept: (system, o, next) => (o.caller !== ROOT ? asCaller(route(system, { ...o, caller: ROOT }), o.caller, 'InstallIntercept', o.pid) : next(system, o)),
  },
});
