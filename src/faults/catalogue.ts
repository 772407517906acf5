/**
 * The catalogue of built-in faults, in the order `hvspec faults` lists
 * them. Each fault is defined in the `faults.ts` of the mechanism it breaks
 * (under `models/`); this file only assembles the list. Each one breaks at
 * least one named property; the fault tests prove that the engines catch
 * it and shrink the counterexample.
 */
import type { Fault } from './fault.js';
import { unmapKeepsSlatEntry, unmapForgetsFreeList, mapSkipsHolderUpdate, depositKeepsRootMapping, unmapSkipsTlbFlush, mapSkipsScrub, withdrawSkipsScrub } from '../../models/memory/faults.js';
import { skipTlbPurgeOnVmSwitch } from '../../models/tlb/faults.js';
import { deleteIgnoresPool, deleteKeepsMemory, finalizeSkipsVpTeardown, childMayMapGpaPages } from '../../models/partition/faults.js';
import { hypervisorResumesBeforeRootReply, interceptSuspendsWholePartition, replySkipsRegisterWrite, workerRepliesTwice, workerDropsMessageWhenQueueFull } from '../../models/intercept/faults.js';
import { interceptResumeIgnoresExplicitSuspend } from '../../models/virtual-processor/faults.js';
import {
  dropInterruptWhileNoVpRuns,
  deliverToLastRunVp,
  redeliverDeferredInterrupts,
  dispatchSkipsDeferredDelivery,
  forgetMessagePending,
  postOverwritesFullSlot,
  postOvertakesQueuedMessage,
} from '../../models/interrupt/faults.js';
import { ringAcceptsFullWrite, ringReadIgnoresPadding, signalEverySecondWrite, endReadSkipsRecheck, unmapIgnoresDmaPin } from '../../models/vmbus/faults.js';
import { DM_FAULTS } from '../../models/dynamic-memory/faults.js';

export { DM_FAULTS };

/** The spine's faults: memory ownership, scrubbing, TLB maintenance, lifecycle. */
export const SPINE_FAULTS: readonly Fault[] = [
  unmapKeepsSlatEntry,
  unmapForgetsFreeList,
  mapSkipsHolderUpdate,
  depositKeepsRootMapping,
  skipTlbPurgeOnVmSwitch,
  unmapSkipsTlbFlush,
  mapSkipsScrub,
  withdrawSkipsScrub,
  deleteIgnoresPool,
  deleteKeepsMemory,
];

/**
 * Faults that break a bounded-liveness property (which the explorer checks
 * on every path); each also breaks an invariant the random engine catches.
 */
export const LIVENESS_FAULTS: readonly Fault[] = [finalizeSkipsVpTeardown];

/** Faults of synthetic interrupts, the SynIC and the VMBus rings. */
export const INTERRUPT_FAULTS: readonly Fault[] = [
  dropInterruptWhileNoVpRuns,
  deliverToLastRunVp,
  redeliverDeferredInterrupts,
  dispatchSkipsDeferredDelivery,
  ringAcceptsFullWrite,
  ringReadIgnoresPadding,
  signalEverySecondWrite,
  endReadSkipsRecheck,
  forgetMessagePending,
  postOverwritesFullSlot,
  postOvertakesQueuedMessage,
  unmapIgnoresDmaPin,
];

/** Faults of the intercept handshake, the root's VM worker and the hypercall gate. */
export const INTERCEPT_FAULTS: readonly Fault[] = [
  hypervisorResumesBeforeRootReply,
  workerRepliesTwice,
  workerDropsMessageWhenQueueFull,
  interceptSuspendsWholePartition,
  childMayMapGpaPages,
  interceptResumeIgnoresExplicitSuspend,
  replySkipsRegisterWrite,
];

/** Every built-in fault. */
export const FAULTS: readonly Fault[] = [...SPINE_FAULTS, ...INTERCEPT_FAULTS, ...DM_FAULTS, ...INTERRUPT_FAULTS, ...LIVENESS_FAULTS];
