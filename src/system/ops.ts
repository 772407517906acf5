/**
 * The operation vocabulary: everything an engine can ask the system to do.
 * A discriminated union on `type`; `step` routes it with an exhaustive
 * match, so an op that nobody handles does not compile.
 */
import type { PartitionId } from '../substrate/ids.js';
import type { InterceptKind, Instruction } from '../../models/intercept/instructions.js';

/** Root-issued partition hypercalls (TLFS §2). */
export type PartitionOp =
  | { readonly type: 'createPartition'; readonly pid: PartitionId }
  | { readonly type: 'depositMemory'; readonly pid: PartitionId; readonly pages: number }
  | { readonly type: 'withdrawMemory'; readonly pid: PartitionId; readonly pages: number }
  | { readonly type: 'initializePartition'; readonly pid: PartitionId }
  | { readonly type: 'mapGpaPages'; readonly pid: PartitionId; readonly gpa: number; readonly pages: number; readonly access: number }
  | { readonly type: 'unmapGpaPages'; readonly pid: PartitionId; readonly gpa: number; readonly pages: number }
  | { readonly type: 'finalizePartition'; readonly pid: PartitionId }
  | { readonly type: 'deletePartition'; readonly pid: PartitionId };

/**
 * Read-only partition hypercalls the root makes (TLFS §2: accepted in every
 * state but Deleted). They report and change nothing: GetMemoryBalance 0x4A
 * returns the pages in the partition's pool and the pages it has in use;
 * GetNextChildPartition 0x47 returns the next child of the partition (as
 * a parent), which is always none, since no partition but the root creates
 * partitions in this model.
 */
export type QueryOp =
  | { readonly type: 'getMemoryBalance'; readonly pid: PartitionId }
  | { readonly type: 'getNextChildPartition'; readonly pid: PartitionId };

/** Scheduler and virtual-processor operations (reference §3, §4). */
export type SchedulerOp =
  | { readonly type: 'dispatchVp'; readonly lp: number; readonly pid: PartitionId; readonly vp: number }
  | { readonly type: 'descheduleVp'; readonly lp: number }
  | { readonly type: 'haltVp'; readonly lp: number }
  | { readonly type: 'suspendVp'; readonly pid: PartitionId; readonly vp: number }
  | { readonly type: 'resumeVp'; readonly pid: PartitionId; readonly vp: number };

/** Memory accesses by guests and the root, and the passing of time. */
export type AccessOp =
  | { readonly type: 'guestAccess'; readonly lp: number; readonly gva: number; readonly write: boolean }
  | { readonly type: 'rootAccess'; readonly gpa: number; readonly write: boolean }
  | { readonly type: 'tick' };

/** Parent-only hypercalls a child partition may try to make (the op names the caller). */
export type ChildCall = 'CreatePartition' | 'MapGpaPages';

/** Intercepts (reference §5): install/remove, guest instructions, the root's VM worker, and calls by a named caller. */
export type InterceptOp =
  | {
      readonly type: 'installIntercept';
      /** Who makes the call: `root` or a child partition id. */
      readonly caller: PartitionId;
      readonly pid: PartitionId;
      readonly kind: InterceptKind;
      /** Port, 0 for MSR, CPUID leaf, or exception vector. */
      readonly target: number;
      /** Access mask: READ 1, WRITE 2, EXECUTE 4; 0 removes. */
      readonly mask: number;
    }
  /** The VP running on `lp` executes `instr` on `arg` (CPUID leaf, MSR index, I/O port, or exception vector). */
  | { readonly type: 'guestExecute'; readonly lp: number; readonly instr: Instruction['op']; readonly arg: number }
  /** The root's VM worker pauses a VM: explicit suspend on each of its VPs that is not suspended yet. */
  | { readonly type: 'pauseVm'; readonly pid: PartitionId }
  /** The root's VM worker resumes a paused VM: clears explicit suspend on each of its VPs. */
  | { readonly type: 'resumeVm'; readonly pid: PartitionId }
  | { readonly type: 'workerTake' }
  | { readonly type: 'workerReply' }
  | { readonly type: 'childHypercall'; readonly caller: PartitionId; readonly call: ChildCall; readonly pid: PartitionId };

/**
 * The synthetic I/O path of one device per child partition and the guest's
 * side of its SynIC (reference §6, §7). `lp` names the logical processor
 * whose running VP (a guest VP) acts; `pid` the partition the root works for.
 */
export type IoOp =
  | { readonly type: 'submitIo'; readonly lp: number; readonly gpa: number }
  | { readonly type: 'vspTakeRequest'; readonly pid: PartitionId }
  | { readonly type: 'vspEndRead'; readonly pid: PartitionId }
  | { readonly type: 'deviceComplete'; readonly pid: PartitionId; readonly io: number }
  | { readonly type: 'rootIsr'; readonly pid: PartitionId; readonly io: number }
  | { readonly type: 'vspSignal'; readonly pid: PartitionId; readonly io: number }
  | { readonly type: 'vspPostMessage'; readonly pid: PartitionId }
  | { readonly type: 'guestHandle'; readonly lp: number }
  | { readonly type: 'eom'; readonly lp: number }
  | { readonly type: 'maskSint'; readonly lp: number; readonly sint: number }
  | { readonly type: 'unmaskSint'; readonly lp: number; readonly sint: number };

/** Every operation the engines can generate. */
export type Op = PartitionOp | QueryOp | SchedulerOp | AccessOp | InterceptOp | DmOp | IoOp;

/** Dynamic Memory operations (reference dynamic-memory.md): only for partitions configured for it. */
export type DmOp =
  /** The VM worker starts the guest's Dynamic Memory: startup memory is mapped, the driver loads and offers a version. */
  | { readonly type: 'dmStart'; readonly pid: PartitionId }
  /** The oldest message waiting in one direction of the guest's Dynamic Memory channel is delivered. */
  | { readonly type: 'dmDeliver'; readonly pid: PartitionId; readonly to: 'host' | 'guest' }
  /** The channel drains: messages are delivered both ways, oldest first, until none is waiting (a run of dmDeliver ops). */
  | { readonly type: 'dmSettle'; readonly pid: PartitionId }
  /** The guest driver's work item runs once: one balloon response, or onlining hot-added memory. */
  | { readonly type: 'dmGuestWork'; readonly pid: PartitionId }
  /** An operator (or VMMS) asks the VSP to balloon out, give back, or hot-add pages. */
  | { readonly type: 'dmBalloon'; readonly pid: PartitionId; readonly pages: number }
  | { readonly type: 'dmUnballoon'; readonly pid: PartitionId; readonly pages: number }
  | { readonly type: 'dmHotAdd'; readonly pid: PartitionId; readonly pages: number }
  /** The Dynamic Memory Balancer runs its policy over every Dynamic Memory guest. */
  | { readonly type: 'dmBalance' }
  /** The guest's workload commits or releases pages. */
  | { readonly type: 'dmCommit'; readonly pid: PartitionId; readonly pages: number }
  | { readonly type: 'dmDecommit'; readonly pid: PartitionId; readonly pages: number };


/** The `type` of every op. */
export type OpType = Op['type'];

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

/** Every op type, in the order reports list them. */
export const OP_TYPES = [
  ...SPINE_OP_TYPES,
  ...QUERY_OP_TYPES,
  ...INTERCEPT_OP_TYPES,
  'dmStart',
  'dmDeliver',
  'dmSettle',
  'dmGuestWork',
  'dmBalloon',
  'dmUnballoon',
  'dmHotAdd',
  'dmBalance',
  'dmCommit',
  'dmDecommit',
  ...IO_OP_TYPES,
  'vspPostMessage',
  'guestHandle',
  'eom',
  'maskSint',
  'unmaskSint',
] as const satisfies readonly OpType[];
