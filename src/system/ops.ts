/**
 * The operation vocabulary: everything an engine can ask the system to do.
 * The `Op` union, `OpType` and `OP_TYPES` are derived from the op records
 * (op-registry.ts; each record lives in its mechanism's `ops.ts`); this
 * file adds the groups of kinds the explorer's scopes are built from.
 */
import type { OpType } from './op-registry.js';

export { type Op, type OpType, type OpOfType, OP_TYPES } from './op-registry.js';

/** The op kinds of the partition lifecycle, memory, scheduling and TLBs (the spine). */
export const SPINE_OP_TYPES = [
  'createPartition',
  'depositMemory',
  'withdrawMemory',
  'initializePartition',
  'mapGpaPages',
  'unmapGpaPages',
  'finalizePartition',
  'deletePartition',
  'dispatchVp',
  'descheduleVp',
  'haltVp',
  'suspendVp',
  'resumeVp',
  'guestAccess',
  'rootAccess',
  'tick',
] as const satisfies readonly OpType[];

/** The op kinds of the read-only partition hypercalls (kept out of the spine: they change no state). */
export const QUERY_OP_TYPES = ['getMemoryBalance', 'getNextChildPartition'] as const satisfies readonly OpType[];

/** The op kinds of one synthetic device's I/O path: the guest's VSC, the root's VSP and ISR, the device. */
export const IO_OP_TYPES = ['submitIo', 'vspTakeRequest', 'vspEndRead', 'deviceComplete', 'rootIsr', 'vspSignal'] as const satisfies readonly OpType[];

/** The op kinds of intercepts and the hypercall interface. */
export const INTERCEPT_OP_TYPES = [
  'installIntercept',
  'guestExecute',
  'pauseVm',
  'resumeVm',
  'workerTake',
  'workerReply',
  'childHypercall',
] as const satisfies readonly OpType[];

/** The op kinds of Dynamic Memory (only partitions configured for it have any enabled). */
export const DM_OP_TYPES = ['dmStart', 'dmDeliver', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmBalance', 'dmCommit', 'dmDecommit'] as const satisfies readonly OpType[];

/** The op kinds of VMBus messages and the guest's side of its SynIC. */
export const MESSAGE_OP_TYPES = ['vspPostMessage', 'guestHandle', 'eom', 'maskSint', 'unmaskSint', 'eoi'] as const satisfies readonly OpType[];

/** The op kinds of a hostile guest (only partitions configured `hostile` have any enabled): forged Dynamic Memory messages, ring indices of its choosing. */
export const HOSTILE_OP_TYPES = ['dmForge', 'ringPoke'] as const satisfies readonly OpType[];
/** The op kinds of hypervisor swapping (hosts with `reclaim: "balloon+swap"`). */
export const SWAP_OP_TYPES = ['hvSwapOut', 'hvSample', 'dmTouch'] as const satisfies readonly OpType[];
