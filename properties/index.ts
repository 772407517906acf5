/**
 * Every property hvspec checks, in report order.
 *
 * Each mechanism's claims live in the file named after its folder under
 * `models/` (partition.ts, memory.ts, tlb.ts, virtual-processor.ts,
 * intercept.ts, interrupt.ts, vmbus.ts, dynamic-memory.ts); this file only
 * puts them in order. The order is part of the output: it decides which
 * violation is reported first when one step breaks several claims, the
 * order of the report lines, and what a pinned seed prints. The claims below
 * are in the order reports have always had. A claim added to its
 * mechanism's list is checked without being named here: in its list's place
 * where this file spreads the list, after every named claim otherwise
 * (test/unit/properties/index.test.ts pins the order and checks that every
 * mechanism's claims are here exactly once).
 */
import type { Invariant, Goal, Liveness, Property } from './property.js';
import { memoryInvariants, memoryGoals } from './memory.js';
import { deletedPartitionHoldsNothing, finalizedPartitionHasNoLiveVp, partitionInvariants, partitionGoals, partitionLiveness } from './partition.js';
import { tlbInvariants, tlbGoals } from './tlb.js';
import { suspendedVpNeverRuns, vmSwitchHappens, virtualProcessorInvariants, virtualProcessorGoals } from './virtual-processor.js';
import { completesOnlyAfterRootReply, suspendsOnlyItsVp, everyInterceptAnsweredOnce, childCannotCallParentOnly, registersConsistent, interceptInvariants, interceptGoals } from './intercept.js';
import { dmInvariants, dmGoals, dmLiveness } from './dynamic-memory.js';
import {
  deferredOnlyWhileNoVpDispatched,
  noInterruptLost,
  noInterruptDeliveredTwice,
  deliveredOnlyToRunningVp,
  synicSlotHoldsOneMessage,
  synicMessagesInOrder,
  deferredThenDelivered,
  slotOverflowsIntoMessagePending,
  interruptInvariants,
  interruptGoals,
} from './interrupt.js';
import { hypervisorSwapInvariants } from './hypervisor-swap.js';
import { ringNeverOverflows, ringEmptyIffIndicesEqual, noMissedRingSignal, ioBuffersStayMapped, ringFullWriterWaits, vmbusInvariants, vmbusGoals } from './vmbus.js';

export type { Invariant, Goal, Liveness, Property, Violation, LastStep } from './property.js';
export { violations, applicableGoals, splitInvariant } from './property.js';
export type { InvariantParts } from './property.js';

/** `first` (the claims in the order reports have always had), then every claim of `all` not among them, in `all`'s order. */
const reportOrder = <P extends Property>(first: readonly P[], all: readonly P[]): readonly P[] => [...first, ...all.filter((p) => !first.includes(p))];

/** All invariants, in report order (the comments name each claim's mechanism). */
export const INVARIANTS: readonly Invariant[] = reportOrder(
  [
    ...memoryInvariants,
    deletedPartitionHoldsNothing, // partition
    ...tlbInvariants,
    completesOnlyAfterRootReply, // intercept
    suspendsOnlyItsVp, // intercept
    everyInterceptAnsweredOnce, // intercept
    suspendedVpNeverRuns, // virtual-processor
    childCannotCallParentOnly, // intercept
    registersConsistent, // intercept
    ...dmInvariants,
    // Before no-interrupt-lost: a deferral kept past a dispatch breaks both in the same step, and this one names the cause.
    deferredOnlyWhileNoVpDispatched, // interrupt
    noInterruptLost, // interrupt
    noInterruptDeliveredTwice, // interrupt
    deliveredOnlyToRunningVp, // interrupt
    ringNeverOverflows, // vmbus
    ringEmptyIffIndicesEqual, // vmbus
    noMissedRingSignal, // vmbus
    synicSlotHoldsOneMessage, // interrupt
    synicMessagesInOrder, // interrupt
    ioBuffersStayMapped, // vmbus
    finalizedPartitionHasNoLiveVp, // partition
  ],
  [...partitionInvariants, ...memoryInvariants, ...tlbInvariants, ...virtualProcessorInvariants, ...interceptInvariants, ...interruptInvariants, ...vmbusInvariants, ...dmInvariants, ...hypervisorSwapInvariants],
);

/** All reachability goals, in report order. */
export const GOALS: readonly Goal[] = reportOrder(
  [
    ...memoryGoals,
    vmSwitchHappens, // virtual-processor
    ...tlbGoals,
    ...partitionGoals,
    ...interceptGoals,
    ...dmGoals,
    deferredThenDelivered, // interrupt
    ringFullWriterWaits, // vmbus
    slotOverflowsIntoMessagePending, // interrupt
  ],
  [...partitionGoals, ...memoryGoals, ...tlbGoals, ...virtualProcessorGoals, ...interceptGoals, ...interruptGoals, ...vmbusGoals, ...dmGoals],
);

/** All bounded-liveness properties (checked by the explorer). */
export const LIVENESS: readonly Liveness[] = [...partitionLiveness, ...dmLiveness];

/** All properties, invariants first. */
export const PROPERTIES: readonly Property[] = [...INVARIANTS, ...GOALS, ...LIVENESS];

/** The property called `name`, if any. */
export const propertyByName = (name: string): Property | undefined => PROPERTIES.find((p) => p.name === name);
