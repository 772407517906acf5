/**
 * What one step did: data for invariants, coverage and the trace printer.
 */
import type { PartitionId, Content } from '../substrate/ids.js';
import type { HvStatus } from '../../models/partition/machine.js';
import type { InterceptKind, Registers } from '../../models/intercept/instructions.js';
import type { Count } from './counters.js';

/** Something that happened during a step that a property may judge. */
export type Observation =
  | {
      readonly kind: 'access';
      readonly pid: PartitionId;
      readonly gva?: number;
      readonly gpa: number;
      readonly frame: number;
      readonly write: boolean;
      /** What the frame held before the access. */
      readonly content: Content;
      readonly via: 'hit' | 'walk';
    }
  | { readonly kind: 'vmSwitch'; readonly lp: number; readonly from: PartitionId; readonly to: PartitionId }
  /** A VP hit an installed intercept and its message was posted to the root. */
  | { readonly kind: 'interceptPosted'; readonly pid: PartitionId; readonly vp: number; readonly intercept: InterceptKind }
  /** A guest instruction completed; `intercepted` when it had hit an intercept. */
  | { readonly kind: 'instructionCompleted'; readonly pid: PartitionId; readonly vp: number; readonly by: 'root' | 'hypervisor'; readonly intercepted: boolean }
  /** The root's VM worker answered a message with `regs`; `delivered` is false when no handshake was waiting for it. */
  | { readonly kind: 'interceptReply'; readonly pid: PartitionId; readonly vp: number; readonly regs: Registers; readonly delivered: boolean }
  /** A hypercall made by a named caller (ops that model the caller). */
  | { readonly kind: 'hypercall'; readonly caller: PartitionId; readonly name: string; readonly pid: PartitionId; readonly status: HvStatus }
  /** A Dynamic Memory guest touched a page that is in its balloon. */
  | { readonly kind: 'dmBalloonTouch'; readonly pid: PartitionId; readonly gpa: number }
  /** A guest message reached the VSP: whether its state expects that message, and whether the VSP acted on it. */
  | { readonly kind: 'dmHostMessage'; readonly pid: PartitionId; readonly message: string; readonly state: string; readonly expected: boolean; readonly acted: boolean }
  /** The VSP closed a balloon transaction as complete: the pages it asked for, those it reclaimed, and whether the last response named none (the guest is at its floor). */
  | { readonly kind: 'dmBalloonClosed'; readonly pid: PartitionId; readonly asked: number; readonly moved: number; readonly lastNamedNone: boolean }
  /** A Dynamic Memory event worth a goal: a transaction completed, the guest trimmed, negotiation fell back. */
  | { readonly kind: 'dmEvent'; readonly pid: PartitionId; readonly event: 'balloonDone' | 'unballoonDone' | 'hotAddDone' | 'versionFallback' | 'lowMemory'; readonly pages: number }
  /** An interrupt went into a VP's SynIC. */
  | {
      readonly kind: 'irqDelivered';
      readonly irq: number;
      /** The partition the interrupt was raised for (null: the ledger no longer knows the id). */
      readonly pid: PartitionId | null;
      readonly to: { readonly pid: PartitionId; readonly vp: number };
      readonly wasDeferred: boolean;
    }
  | { readonly kind: 'ringFull'; readonly pid: PartitionId; readonly ring: 'outbound' | 'inbound' }
  /** A ring's writer signalled its reader (the ring went from empty to non-empty), or its reader woke the writer waiting for room. */
  | { readonly kind: 'ringSignal'; readonly pid: PartitionId; readonly ring: 'outbound' | 'inbound'; readonly by: 'writer' | 'reader' }
  | { readonly kind: 'messageQueued'; readonly pid: PartitionId; readonly vp: number; readonly sint: number }
  /** The host rejected a malformed message from a Dynamic Memory guest (and counted it). */
  | { readonly kind: 'dmRejected'; readonly pid: PartitionId; readonly message: string; readonly reason: string }
  /** The host's ring reader read `length` bytes of `pid`'s outbound ring from offset `start` (copies wrap at the data area's end). */
  | { readonly kind: 'ringReadSpan'; readonly pid: PartitionId; readonly start: number; readonly length: number; readonly dataSize: number }
  /** A policy of the world (the balancer's or the scheduler's) threw, or returned a decision that does not fit: nothing was decided this round. `message` says which, in a sentence. */
  | { readonly kind: 'policyThrew'; readonly policy: 'balancer' | 'scheduler'; readonly message: string }
  /**
   * Hypervisor swapping moved a guest page: `swapOut` to the swap file (`saved`: its contents), `swapIn` back into `frame`
   * (`saved`: what the slot held; `cause`: the guest's access, or the guest paging the page out itself, double paging),
   * `discard` (the page left the guest through its balloon: the slot is dropped).
   */
  | {
      readonly kind: 'hvSwap';
      readonly pid: PartitionId;
      readonly gpa: number;
      readonly event: 'swapOut' | 'swapIn' | 'discard';
      readonly frame: number | null;
      readonly saved: Content;
      /** After a swap-in: what the frame holds once the page is back (before the guest's own access). */
      readonly restored?: Content;
      readonly cause?: 'access' | 'guestWrite' | 'doublePaging';
    }
  /** A Dynamic Memory guest's workload touched a page; `guestFault`: it was in the guest's page file and the guest read it back. */
  | { readonly kind: 'dmTouch'; readonly pid: PartitionId; readonly gpa: number; readonly guestFault: boolean };

/** One machine transition taken during a step (for coverage). */
export interface MachineTransition {
  readonly machine: string;
  readonly from: string;
  readonly event: string;
  readonly to: string;
  /** Names of the actions the machine emitted. */
  readonly actions: readonly string[];
  /**
   * The transition definition taken (`source:event:index`, see
   * `transitionId` in machine-runtime.ts); the guards of the candidates
   * before it were refused, its own guard (if any) passed.
   */
  readonly branch?: string;
  /**
   * Which instance of the machine took it (`p1`, `p1.vp0`, `lp2`, `p1.io3`,
   * `root`): the transitions of one instance, in order, are that instance's
   * run (transition-pair coverage follows them).
   */
  readonly instance?: string;
}

/** The result of a hypercall the step made. */
export interface HypercallResult {
  readonly name: string;
  readonly code: number;
  readonly status: HvStatus;
}

/** What one step did. */
export interface StepOutcome {
  /** `skipped`: the op was not enabled, nothing changed. */
  readonly status: 'applied' | 'skipped';
  /** Why it was skipped, in words. */
  readonly reason?: string;
  readonly hypercall?: HypercallResult;
  /** Effects in words, for the trace (`frames 0x140-0x147 freed`). */
  readonly notes: readonly string[];
  readonly observations: readonly Observation[];
  readonly transitions: readonly MachineTransition[];
  /** What the step adds to the counters (statistics, not state: a counters observer sums them). */
  readonly counts: readonly Count[];
}

/** A skipped step. */
export const skipped = (reason: string): StepOutcome => ({ status: 'skipped', reason, notes: [], observations: [], transitions: [], counts: [] });
