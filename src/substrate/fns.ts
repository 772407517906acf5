/**
 * The substrate as the system reaches it: one table of the pure functions
 * the system calls, one entry per hypervisor operation on the simulated
 * hardware. The World holds the table in force; `STANDARD_SUBSTRATE` is the
 * correct one. A fault replaces one entry (wrapping or reimplementing the
 * function it replaces), so the functions themselves carry no defect.
 */
import type { PartitionId } from './ids.js';
import { type Substrate, type AccessResult, type GrantOptions, deposit, withdraw, grant, release, releaseAll, guestAccess, purgeLpTag, loadLpTag } from './substrate.js';
import type { TagLoad } from './tlb.js';
import { type Synic, type SynicMessage, type PostResult, type SignalResult, type Delivery, postMessage, signalEvent, eoi } from './synic.js';
import { type Ring, type RingPacket, type WriteResult, type ReadResult, ringWrite, ringRead } from './vmbus-ring.js';
import type { Content } from './ids.js';
import { swapOutPage, swapInPage } from './swap.js';

/** Frames granted to a partition and mapped behind GPAs (null: the free list is too short). */
export type GrantFn = (s: Substrate, pid: PartitionId, gpas: readonly number[], access: number, opts?: GrantOptions) => { s: Substrate; frames: number[] } | null;

/** GPAs of a partition released: their frames back to the free list, SLAT entries and cached translations gone. */
export type ReleaseFn = (s: Substrate, pid: PartitionId, gpas: readonly number[]) => { s: Substrate; frames: number[]; gpas: number[] };

/** The substrate functions the system calls, by the operation that calls them. */
export interface SubstrateFns {
  /** DepositMemory: root frames into a partition's pool. */
  readonly deposit: (s: Substrate, pid: PartitionId, n: number) => { s: Substrate; frames: number[] } | null;
  /** WithdrawMemory: pool frames back to the root. */
  readonly withdraw: (s: Substrate, pid: PartitionId, n: number) => { s: Substrate; frames: number[] };
  /** MapGpaPages (and the VM worker backing a Dynamic Memory guest's startup memory). */
  readonly grant: GrantFn;
  /** UnmapGpaPages. */
  readonly release: ReleaseFn;
  /** FinalizePartition's cleanup (and DeletePartition): everything the partition still has mapped. */
  readonly releaseAll: (s: Substrate, pid: PartitionId) => { s: Substrate; frames: number[] };
  /** The Dynamic Memory VSP backing GPAs again (deflate) or anew (hot-add). */
  readonly dmGrant: GrantFn;
  /** The Dynamic Memory VSP taking GPAs back (a balloon response's ranges, hot-added pages the guest did not take). */
  readonly dmRelease: ReleaseFn;
  /** A guest memory access through the TLB, the guest page table and the SLAT. */
  readonly guestAccess: (s: Substrate, lpIndex: number, pid: PartitionId, gva: number, write: boolean, tlbCapacity: number) => { s: Substrate; result: AccessResult };
  /** The TLB purge of one tag on one logical processor (a VM switch). */
  readonly purgeLpTag: (s: Substrate, lpIndex: number, tag: PartitionId) => { s: Substrate; purged: number };
  /** The tagged discipline's VM entry: the VM's hardware tag on one LP, a recycled tag flushed first (null on an LP without tags). */
  readonly loadTag: (s: Substrate, lpIndex: number, pid: PartitionId, keep: PartitionId | null) => { s: Substrate; load: TagLoad | null };
  /** PostMessage into one VP's SynIC. */
  readonly postMessage: (s: Synic, sintIndex: number, m: SynicMessage) => PostResult;
  /** SignalEvent on one VP's SynIC. */
  readonly signalEvent: (s: Synic, sintIndex: number, flag: number) => SignalResult;
  /** The guest's EOI for a SINT's interrupt in service (the hypervisor scans the SINT's queue). */
  readonly eoi: (s: Synic, sintIndex: number) => Delivery;
  /** A VMBus ring writer writing one packet. */
  readonly ringWrite: (r: Ring, packet: RingPacket) => WriteResult;
  /** A VMBus ring reader reading one packet (a drain reads with it too). */
  readonly ringRead: (r: Ring) => ReadResult;
  /** Hypervisor swapping: a guest page written to the swap file, leaving its frame (null: the GPA is not mapped). */
  readonly swapOut: (s: Substrate, pid: PartitionId, gpa: number) => { s: Substrate; frame: number; saved: Content } | null;
  /** Hypervisor swapping: a guest page read back from the swap file into a free frame (null: no frame is free). */
  readonly swapIn: (s: Substrate, pid: PartitionId, gpa: number, saved: Content) => { s: Substrate; frame: number } | null;
}

/** The correct substrate. */
export const STANDARD_SUBSTRATE: SubstrateFns = {
  deposit,
  withdraw,
  grant,
  release,
  releaseAll,
  dmGrant: grant,
  dmRelease: release,
  guestAccess,
  purgeLpTag,
  loadTag: loadLpTag,
  postMessage,
  eoi,
  signalEvent,
  ringWrite,
  ringRead,
  swapOut: swapOutPage,
  swapIn: swapInPage,
};
