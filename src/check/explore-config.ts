/**
 * What the explorer searches by default: scopes, each a small
 * configuration with the op kinds (and arguments) worth exhausting
 * together, small enough to complete in seconds.
 *
 * The whole product of every subsystem's ops on even the smallest host is
 * far beyond seconds (intercept tables alone have hundreds of states per
 * partition), so each scope exhausts one slice: `memory` the partition
 * lifecycle, memory, scheduling and TLBs; each `intercepts-<kind>` one
 * intercept kind with one target, one child with one VP; and
 * `intercepts-two-vps` two VPs in the round trip at once. A scope names
 * the goals it must reach; goals of other scopes are out of its scope,
 * not unreached. A scope's `complete` means: every state reachable with
 * its ops was visited; nothing is claimed about interleavings with ops
 * outside it.
 */
import type { Config } from '../system/config.js';
import { type Op, type OpType, SPINE_OP_TYPES, INTERCEPT_OP_TYPES } from '../system/ops.js';
import type { InterceptKind } from '../../models/intercept/instructions.js';
import type { System } from '../system/system.js';
import { ROOT } from '../substrate/ids.js';

/** Two children with one VP and one GPA page each, no root VP, one logical processor, four frames (one reserved, one the root's, two free), no synthetic I/O. */
export const EXPLORE_CONFIG: Config = {
  frames: 4,
  hypervisorFrames: 1,
  rootFrames: 1,
  largePages: false,
  rootVps: 0,
  logicalProcessors: 1,
  tlbEntries: 2,
  maxPagesPerCall: 1,
  // No synthetic I/O or control messages: the scopes below do not exhaust those subsystems.
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 1 },
    { id: 'p2', vps: 1, gpaPages: 1 },
  ],
};

/** A slice of the state space the explorer exhausts. */
export interface ExploreScope {
  readonly name: string;
  readonly description: string;
  readonly config: Config;
  readonly opTypes: readonly OpType[];
  /** Arguments kept (default: every enabled op of `opTypes`). */
  readonly opFilter?: (op: Op) => boolean;
  /** The `sometimes` goals this scope must reach. */
  readonly goals: readonly string[];
  /** States where nothing left in the scope applies by design (not deadlocks). */
  readonly isFinal: (s: System) => boolean;
}

/** Every child that was created is finalized or deleted: with the scope's ops, nothing is left to do. */
export const childrenDone = (s: System): boolean =>
  Object.entries(s.partitions).every(([id, r]) => id === ROOT || r.machine.value === 'finalized' || r.machine.value === 'deleted');

/** The op kinds of the partition lifecycle, memory, scheduling and TLBs. */
export const MEMORY_OPS: readonly OpType[] = SPINE_OP_TYPES;

/** The op kinds of an intercept round trip, with what it interleaves with. */
export const INTERCEPT_OPS: readonly OpType[] = [
  'createPartition',
  'depositMemory',
  'initializePartition',
  'finalizePartition',
  'dispatchVp',
  'descheduleVp',
  'suspendVp',
  'resumeVp',
  ...INTERCEPT_OP_TYPES,
];

/** The memory scope (the default). */
export const MEMORY_SCOPE: ExploreScope = {
  name: 'memory',
  description: 'partition lifecycle, memory, scheduling and TLBs: two children with one VP and one GPA page each',
  config: EXPLORE_CONFIG,
  opTypes: MEMORY_OPS,
  goals: ['partition-active-with-mapped-memory', 'vm-switch-happens', 'guest-access-hits-tlb', 'memory-withdrawn', 'partition-deleted'],
  isFinal: childrenDone,
};

/** One child with one VP: one intercept kind is exhausted at a time. */
export const INTERCEPT_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }] };

/** Keeps the root's InstallIntercept calls for one kind and target (a child's own attempts stay). */
const oneTarget =
  (kind: InterceptKind, target: number) =>
  (op: Op): boolean =>
    op.type !== 'installIntercept' || op.caller !== ROOT || (op.kind === kind && op.target === target);

const interceptScope = (kind: InterceptKind, target: number, goals: readonly string[]): ExploreScope => ({
  name: `intercepts-${goals[0]!.replace(/-intercept-taken$/, '')}`,
  description: `intercepts of kind ${kind} on target ${target}: one child with one VP`,
  config: INTERCEPT_EXPLORE_CONFIG,
  opTypes: INTERCEPT_OPS,
  opFilter: oneTarget(kind, target),
  goals,
  isFinal: childrenDone,
});

/** One child with two VPs and a root VP: two VPs awaiting the root at once, and VM switches meanwhile. */
export const TWO_VP_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, rootVps: 1, partitions: [{ id: 'p1', vps: 2, gpaPages: 1 }] };

/** Two VPs of one child in the intercept round trip at once (CPUID intercepts only). */
export const TWO_VP_SCOPE: ExploreScope = {
  name: 'intercepts-two-vps',
  description: 'CPUID intercepts with two VPs of one child and a root VP on one LP: concurrent round trips, the worker queue, VM switches',
  config: TWO_VP_EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'dispatchVp', 'descheduleVp', 'installIntercept', 'guestExecute', 'workerTake', 'workerReply'],
  opFilter: oneTarget('cpuid', 0x1),
  goals: ['two-vps-await-the-root-at-once', 'vm-switch-while-intercept-pending'],
  isFinal: childrenDone,
};

/** Every default scope, `memory` first. */
export const EXPLORE_SCOPES: readonly ExploreScope[] = [
  MEMORY_SCOPE,
  interceptScope('cpuid', 0x1, ['cpuid-intercept-taken', 'partition-finalized-while-vp-waits']),
  interceptScope('msr', 0, ['msr-intercept-taken']),
  interceptScope('ioPort', 0x60, ['io-port-intercept-taken']),
  interceptScope('exception', 6, ['exception-intercept-taken']),
  TWO_VP_SCOPE,
];

/** The scope called `name`, if any. */
export const scopeByName = (name: string): ExploreScope | undefined => EXPLORE_SCOPES.find((s) => s.name === name);
