/**
 * The TLFS partition lifecycle, as seen by the hypervisor.
 *
 * Claims: each state accepts exactly the hypercalls of the TLFS table
 * (reference §2); everything else is HV_STATUS_INVALID_PARTITION_STATE.
 * DeletePartition with a non-empty pool, and FinalizePartition while the
 * partition has children, are HV_STATUS_OPERATION_DENIED. (Reference §2
 * also says DeletePartition "needs Finalized (or Uninitialized) and an
 * empty pool, otherwise OPERATION_DENIED"; its table lists DeletePartition
 * as not allowed while Active or Finalizing, and the model answers it there
 * as every call the table does not allow: INVALID_PARTITION_STATE.) Substrate work is
 * requested through actions and done by the system, never here.
 *
 * FinalizePartition (WDK "Partition Finalization", "Partition State"):
 * the cleanup deallocates the partition's virtual processors, intercepts
 * and GPA mappings, and Finalizing is "the transitory state of the
 * partition after a caller calls the HvFinalizePartition function but
 * before the function completes". Every call in the model is atomic ("all
 * state transitions appear to be atomic from the perspective of hypervisor
 * callers"), so the machine passes through Finalizing inside the one call
 * (CleanupComplete, sent by the system before the call returns) and no
 * caller ever finds a partition there: the calls the WDK lists for
 * Finalizing (GetMemoryBalance, WithdrawMemory, GetNextChildPartition, a
 * second FinalizePartition) are those of callers that overlap the call,
 * which the model has none of.
 *
 * An interleaving that would break it: DeletePartition while frames are
 * still in the pool; if the machine let it through, the pool frames would
 * belong to an id that no longer exists (`deleted-partition-holds-nothing`).
 */
import { setup } from 'xstate';

/** Hypercall results the model returns (TLFS HV_STATUS_* names). */
export type HvStatus =
  | 'SUCCESS'
  | 'INVALID_PARAMETER'
  | 'ACCESS_DENIED'
  | 'INVALID_PARTITION_STATE'
  | 'OPERATION_DENIED'
  | 'INVALID_PARTITION_ID'
  | 'INSUFFICIENT_MEMORY'
  | 'INVALID_SYNIC_STATE';

/** Hypercalls the parent makes on a partition, as machine events. */
export type PartitionEvent =
  | { type: 'DepositMemory'; pages: number }
  | { type: 'WithdrawMemory'; pages: number }
  | { type: 'GetMemoryBalance' }
  | { type: 'GetNextChildPartition' }
  | { type: 'InitializePartition'; poolPages: number }
  | { type: 'MapGpaPages'; gpa: number; pages: number; access: number }
  | { type: 'UnmapGpaPages'; gpa: number; pages: number }
  | { type: 'InstallIntercept' }
  | { type: 'FinalizePartition'; hasChildren: boolean }
  | { type: 'DeletePartition'; poolPages: number }
  /** Not a hypercall: the hypervisor's cleanup inside FinalizePartition is done (WDK "Partition Finalization"). */
  | { type: 'CleanupComplete' };

/** The partition machine's context: nothing beyond its state. */
export type PartitionContext = Record<string, never>;

/** Pages the hypervisor needs in the pool before InitializePartition succeeds. */
export const MIN_POOL_PAGES = 1;

/** The partition lifecycle machine (TLFS §"Partition Management"). */
export const partitionMachine = setup({
  types: { context: {} as PartitionContext, events: {} as PartitionEvent },
  actions: {
    depositFrames: () => {},
    withdrawFrames: () => {},
    mapGuestPages: () => {},
    unmapGuestPages: () => {},
    createVps: () => {},
    teardownVps: () => {},
    /** Request: deallocate the partition's GPA mappings (frames back to the free list, SLAT entries and cached translations gone). */
    releaseGpaMappings: () => {},
    /** Request: end the cleanup of FinalizePartition within the call (the system sends CleanupComplete). */
    completeFinalization: () => {},
    releaseMemory: () => {},
    reportMemoryBalance: () => {},
    reportNextChild: () => {},
    /** Request: update the partition's intercept table (the system validates and applies the arguments). */
    installIntercept: () => {},
    deny: (_: unknown, _params: { status: HvStatus }) => {},
  },
  guards: {
    poolSufficient: ({ event }) => event.type === 'InitializePartition' && event.poolPages >= MIN_POOL_PAGES,
    poolEmpty: ({ event }) => event.type === 'DeletePartition' && event.poolPages === 0,
    hasChildren: ({ event }) => event.type === 'FinalizePartition' && event.hasChildren,
  },
}).createMachine({
  id: 'partition',
  context: {},
  initial: 'uninitialized',
  states: {
    uninitialized: {
      meta: { promise: 'created; only Deposit, GetMemoryBalance, GetNextChild, Initialize and Delete are accepted' },
      on: {
        DepositMemory: { actions: 'depositFrames' },
        GetMemoryBalance: { actions: 'reportMemoryBalance' },
        GetNextChildPartition: { actions: 'reportNextChild' },
        InitializePartition: [
          { guard: 'poolSufficient', target: 'active', actions: 'createVps' },
          { actions: { type: 'deny', params: { status: 'INSUFFICIENT_MEMORY' } } },
        ],
        DeletePartition: [
          { guard: 'poolEmpty', target: 'deleted', actions: 'releaseMemory' },
          { actions: { type: 'deny', params: { status: 'OPERATION_DENIED' } } },
        ],
      },
    },
    active: {
      meta: { promise: 'running; every call but DeletePartition is accepted' },
      on: {
        DepositMemory: { actions: 'depositFrames' },
        WithdrawMemory: { actions: 'withdrawFrames' },
        GetMemoryBalance: { actions: 'reportMemoryBalance' },
        GetNextChildPartition: { actions: 'reportNextChild' },
        MapGpaPages: { actions: 'mapGuestPages' },
        UnmapGpaPages: { actions: 'unmapGuestPages' },
        InstallIntercept: { actions: 'installIntercept' },
        FinalizePartition: [
          { guard: 'hasChildren', actions: { type: 'deny', params: { status: 'OPERATION_DENIED' } } },
          { target: 'finalizing', actions: ['teardownVps', 'releaseGpaMappings', 'completeFinalization'] },
        ],
      },
    },
    finalizing: {
      meta: { promise: 'inside the FinalizePartition call: no virtual processors and no GPA mapping left; the cleanup completes before the call returns' },
      on: {
        CleanupComplete: { target: 'finalized' },
      },
    },
    finalized: {
      meta: { promise: 'no virtual processors, no GPA mapping and no messages; Withdraw and Delete are accepted' },
      on: {
        GetMemoryBalance: { actions: 'reportMemoryBalance' },
        WithdrawMemory: { actions: 'withdrawFrames' },
        GetNextChildPartition: { actions: 'reportNextChild' },
        DeletePartition: [
          { guard: 'poolEmpty', target: 'deleted', actions: 'releaseMemory' },
          { actions: { type: 'deny', params: { status: 'OPERATION_DENIED' } } },
        ],
      },
    },
    deleted: {
      meta: { promise: 'the id is invalid; the partition holds no frame' },
      type: 'final',
    },
  },
});
