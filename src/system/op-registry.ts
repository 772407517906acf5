/**
 * The op registry: the set of op records, one per op kind, each defined in
 * its mechanism's `ops.ts` under models/. Everything the engines know about
 * ops is derived from it: the `Op` union and `OpType` (here), the kinds in
 * the order reports list them and engines draw and enumerate them
 * (`OP_TYPES`), the validator (validate-op.ts), the describer
 * (describe.ts), the enabled-op lister and the weights (enabled.ts), and
 * the router (step.ts).
 *
 * The order of this table is the order of `OP_TYPES`: it decides the random
 * engine's draws and the explorer's state order, so a new kind goes at the
 * end unless a change of every seed's output is intended.
 */
import type { OpRecord, OpShape, OpIn } from './op-record.js';
import * as partition from '../../models/partition/ops.js';
import * as vp from '../../models/virtual-processor/ops.js';
import * as tlb from '../../models/tlb/ops.js';
import * as memory from '../../models/memory/ops.js';
import * as intercept from '../../models/intercept/ops.js';
import * as dynamicMemory from '../../models/dynamic-memory/ops.js';
import * as vmbus from '../../models/vmbus/ops.js';
import * as interrupt from '../../models/interrupt/ops.js';
import * as hypervisorSwap from '../../models/hypervisor-swap/ops.js';

/** Checks that every entry of a registry is keyed by its record's own `type`. */
const registry = <R extends { readonly [K in keyof R]: { readonly type: K } }>(records: R): R => records;

/** Every op record, keyed by its kind, in `OP_TYPES` order. */
export const OP_RECORDS = registry({
  createPartition: partition.createPartition,
  depositMemory: partition.depositMemory,
  withdrawMemory: partition.withdrawMemory,
  initializePartition: partition.initializePartition,
  mapGpaPages: partition.mapGpaPages,
  unmapGpaPages: partition.unmapGpaPages,
  finalizePartition: partition.finalizePartition,
  deletePartition: partition.deletePartition,
  dispatchVp: vp.dispatchVp,
  descheduleVp: vp.descheduleVp,
  haltVp: vp.haltVp,
  suspendVp: vp.suspendVp,
  resumeVp: vp.resumeVp,
  guestAccess: tlb.guestAccess,
  rootAccess: memory.rootAccess,
  tick: vp.tick,
  getMemoryBalance: partition.getMemoryBalance,
  getNextChildPartition: partition.getNextChildPartition,
  installIntercept: intercept.installIntercept,
  guestExecute: intercept.guestExecute,
  pauseVm: intercept.pauseVm,
  resumeVm: intercept.resumeVm,
  workerTake: intercept.workerTake,
  workerReply: intercept.workerReply,
  childHypercall: intercept.childHypercall,
  dmStart: dynamicMemory.dmStart,
  dmDeliver: dynamicMemory.dmDeliver,
  dmSettle: dynamicMemory.dmSettle,
  dmGuestWork: dynamicMemory.dmGuestWork,
  dmBalloon: dynamicMemory.dmBalloon,
  dmUnballoon: dynamicMemory.dmUnballoon,
  dmHotAdd: dynamicMemory.dmHotAdd,
  dmBalance: dynamicMemory.dmBalance,
  dmCommit: dynamicMemory.dmCommit,
  dmDecommit: dynamicMemory.dmDecommit,
  submitIo: vmbus.submitIo,
  vspTakeRequest: vmbus.vspTakeRequest,
  vspEndRead: vmbus.vspEndRead,
  deviceComplete: vmbus.deviceComplete,
  rootIsr: vmbus.rootIsr,
  vspSignal: vmbus.vspSignal,
  vspPostMessage: vmbus.vspPostMessage,
  guestHandle: interrupt.guestHandle,
  eom: interrupt.eom,
  maskSint: interrupt.maskSint,
  unmaskSint: interrupt.unmaskSint,
  eoi: interrupt.eoi,
  dmForge: dynamicMemory.dmForge,
  ringPoke: vmbus.ringPoke,
  hvSwapOut: hypervisorSwap.hvSwapOut,
  hvSample: hypervisorSwap.hvSample,
  dmTouch: hypervisorSwap.dmTouch,
});

type Records = typeof OP_RECORDS;

/** The `type` of every op. */
export type OpType = keyof Records;

/** The op of one kind, as its record takes it. */
export type OpOfType<K extends OpType> = OpIn<Records[K]>;

/** Every operation the engines can generate: one member per record. */
export type Op = { [K in OpType]: OpOfType<K> }[OpType];

/** Every op kind, in the order reports list them (the registry's order). */
export const OP_TYPES = Object.keys(OP_RECORDS) as [OpType, ...OpType[]];

/** The record of an op's kind, typed for that op (a record is looked up by its own key only). */
export function recordOf<O extends Op>(op: O): OpRecord<O['type'], OpShape, O> {
  return OP_RECORDS[op.type as OpType] as unknown as OpRecord<O['type'], OpShape, O>;
}

/** True when `type` names an op kind (own keys only). */
export const isOpType = (type: unknown): type is OpType => typeof type === 'string' && Object.hasOwn(OP_RECORDS, type);
