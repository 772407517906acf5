/**
 * The scheduler's policy: which runnable VP gets a logical processor. A
 * user can check their own (`World.scheduler`, or `scheduler` in
 * `hvspec.config.ts`): a plain function of what one logical processor
 * sees. Without one, every runnable VP may be dispatched on every logical
 * processor (the engines try each choice); with one, `dispatchVp` is
 * enabled only for the VP the policy picks for that processor.
 */
import type { PartitionId } from '../substrate/ids.js';

/** One virtual processor: its partition and its index there. */
export interface VpRef {
  readonly pid: PartitionId;
  readonly vp: number;
}

/** What the scheduler sees of one logical processor when it decides who runs there. */
export interface SchedulerInput {
  /** The logical processor. */
  readonly lp: number;
  /** The VP running on it now (dispatching another preempts it), or null when it is idle. */
  readonly running: VpRef | null;
  /** The partition whose TLB entries it holds: the one it runs or last ran, null before its first dispatch. */
  readonly lastPartition: PartitionId | null;
  /** The VPs ready to run (never empty): the root's first, then the live children's in config order, each in VP order. */
  readonly runnable: readonly VpRef[];
}

/** A scheduler policy: pure and deterministic; returns one of `input.runnable` to dispatch on `input.lp`, or null to dispatch nothing there. */
export type SchedulerPolicy = (input: SchedulerInput) => VpRef | null;

/** What a policy decided for one logical processor: nothing, a runnable VP, or a throw (or a VP that is not runnable) in a sentence. */
export type SchedulerChoice = { readonly kind: 'none' } | { readonly kind: 'vp'; readonly vp: VpRef } | { readonly kind: 'threw'; readonly message: string };

/** Runs `policy` on `input`; never throws (a throw, or a VP that is not runnable, is a `threw` choice). */
export function schedulerChoice(policy: SchedulerPolicy, input: SchedulerInput): SchedulerChoice {
  let chosen: VpRef | null;
  try {
    chosen = policy(input);
  } catch (e) {
    return { kind: 'threw', message: `the scheduler policy threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (chosen === null || chosen === undefined) return { kind: 'none' };
  const vp = input.runnable.find((r) => r.pid === chosen.pid && r.vp === chosen.vp);
  if (!vp) return { kind: 'threw', message: `the scheduler policy returned a decision that does not fit: ${JSON.stringify(chosen)} is not a runnable VP on lp${input.lp}` };
  return { kind: 'vp', vp };
}
