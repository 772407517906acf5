/**
 * The catalogue of built-in faults, in the order `hvspec faults` lists
 * them. Each fault is defined in the `faults.ts` of the mechanism it breaks
 * (under `models/`); this file only assembles the list: every fault those
 * files export is in it, the ones named here first, in the order reports
 * have always had, then any other in mechanism order, so adding a fault is
 * one exported definition in one file. Each one breaks at
 * least one named property; the fault tests prove that the engines catch
 * it and shrink the counterexample.
 */
import type { Fault } from './fault.js';
import { unmapKeepsSlatEntry, unmapForgetsFreeList, mapSkipsHolderUpdate, depositKeepsRootMapping, unmapSkipsTlbFlush, mapSkipsScrub, withdrawSkipsScrub } from '../../models/memory/faults.js';
import { skipTlbPurgeOnVmSwitch } from '../../models/tlb/faults.js';
import { deleteIgnoresPool, finalizeKeepsGpaMappings, finalizeSkipsVpTeardown, childMayMapGpaPages } from '../../models/partition/faults.js';
import {
  hypervisorResumesBeforeRootReply,
  interceptSuspendsWholePartition,
  replySkipsRegisterWrite,
  workerRepliesTwice,
  workerDropsMessageWhenQueueFull,
  workerSimulatesFromResetRegisters,
} from '../../models/intercept/faults.js';
import { interceptResumeIgnoresExplicitSuspend } from '../../models/virtual-processor/faults.js';
import {
  dropInterruptWhileNoVpRuns,
  deliverToLastRunVp,
  redeliverDeferredInterrupts,
  dispatchSkipsDeferredDelivery,
  forgetMessagePending,
  postOverwritesFullSlot,
  postOvertakesQueuedMessage,
  eoiSkipsRescan,
  unmaskRaisesHeldInterrupt,
} from '../../models/interrupt/faults.js';
import {
  ringAcceptsFullWrite,
  ringReadIgnoresPadding,
  signalEverySecondWrite,
  endReadSkipsRecheck,
  unmapIgnoresDmaPin,
  ringSignalsEveryWrite,
  readerSignalsEveryRead,
} from '../../models/vmbus/faults.js';
import { DM_FAULTS } from '../../models/dynamic-memory/faults.js';
import * as memory from '../../models/memory/faults.js';
import * as tlb from '../../models/tlb/faults.js';
import * as partition from '../../models/partition/faults.js';
import * as virtualProcessor from '../../models/virtual-processor/faults.js';
import * as intercept from '../../models/intercept/faults.js';
import * as interrupt from '../../models/interrupt/faults.js';
import * as vmbus from '../../models/vmbus/faults.js';
import * as dynamicMemory from '../../models/dynamic-memory/faults.js';
import * as hypervisorSwap from '../../models/hypervisor-swap/faults.js';

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
  finalizeKeepsGpaMappings,
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
  eoiSkipsRescan,
  unmaskRaisesHeldInterrupt,
  ringSignalsEveryWrite,
  readerSignalsEveryRead,
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
  workerSimulatesFromResetRegisters,
];

/** True for a fault value (a mechanism's faults.ts also exports helpers and lists). */
const isFault = (v: unknown): v is Fault =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Fault).name === 'string' && typeof (v as Fault).description === 'string' && Array.isArray((v as Fault).breaks);

/** Every fault each mechanism's faults.ts exports, in mechanism order, each module's in its own export order. */
export const MECHANISM_FAULTS: readonly Fault[] = [memory, tlb, partition, virtualProcessor, intercept, interrupt, vmbus, dynamicMemory, hypervisorSwap].flatMap((m) => Object.values(m).filter(isFault));

const NAMED: readonly Fault[] = [...SPINE_FAULTS, ...INTERCEPT_FAULTS, ...DM_FAULTS, ...INTERRUPT_FAULTS, ...LIVENESS_FAULTS];

/** Every built-in fault: the groups above in their order, then any other fault a mechanism defines. */
export const FAULTS: readonly Fault[] = [...NAMED, ...MECHANISM_FAULTS.filter((f) => !NAMED.includes(f))];
