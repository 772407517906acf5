/**
 * The messages between the thread that runs a search over threads and
 * each of its workers (see explore-threads.ts for the order they come in).
 */
import type { ModelViolation } from '../../engine/judge.js';
import type { ModelSource } from './model-source.js';

/** A state crossing threads: its hash, countdowns and plain form. */
export interface MovedState {
  readonly hi: number;
  readonly lo: number;
  readonly countdowns: readonly number[];
  readonly state: unknown;
}

/** A violation found on the transition by op `op` of the level's state `parent` (a global state number). */
export interface LevelEvent {
  readonly parent: number;
  readonly op: number;
  readonly vs: readonly ModelViolation[];
}

/** Where a search in one worker at a time stops (see the `expand` request). */
export interface ExactStop {
  readonly maxStates: number;
  readonly found: readonly string[];
  readonly left: number;
}

/** What the caller asks a worker. */
export type Request =
  | {
      readonly t: 'init';
      readonly source: ModelSource;
      readonly thread: number;
      readonly symmetry: boolean;
      readonly incremental: boolean;
      readonly keepDeadlocks: number;
      readonly table: SharedArrayBuffer;
      readonly control: SharedArrayBuffer;
    }
  /** Hold the initial state as the first level (worker 0). */
  | { readonly t: 'seed'; readonly countdowns: readonly number[]; readonly hi: number; readonly lo: number }
  /**
   * Expand the share of level `level`, whose first state is number `base`.
   * With `exact` (one worker at a time, in order), stop at the transition
   * where the single-threaded search stops: the one that finds the last
   * distinct violated property it looks for (`left` more besides `found`),
   * or that stores the `maxStates`-th state.
   */
  | { readonly t: 'expand'; readonly level: number; readonly base: number; readonly exact?: ExactStop }
  /** Go on expanding (after a slice, in the caller's thread). */
  | { readonly t: 'continue' }
  /** Use this (bigger) table from now on. */
  | { readonly t: 'table'; readonly table: SharedArrayBuffer }
  /** Go on expanding with this table (after a pause for a bigger one). */
  | { readonly t: 'resume'; readonly table: SharedArrayBuffer }
  /** Keep the new states this worker reached first; report the level. */
  | { readonly t: 'settle' }
  /** Send these runs of the kept states (positions in them). */
  | { readonly t: 'give'; readonly runs: readonly (readonly [from: number, to: number])[] }
  /** The next share: `front`, then the kept states `keep[0]..keep[1]`, then `back`. */
  | { readonly t: 'take'; readonly front: readonly MovedState[]; readonly keep: readonly [number, number]; readonly back: readonly MovedState[] }
  /** Send what the observers gathered. */
  | { readonly t: 'finish' };

/** What a worker answers. */
export type Reply =
  | { readonly t: 'ready' }
  /** `done`: the share is expanded; `cut`: an exact search stopped; `paused`: the table is full; `stopped`: the stop flag was raised; `yield`: let the caller's event loop run (a worker in the caller's own thread). */
  | { readonly t: 'expanded'; readonly status: ExpandStatus }
  | {
      readonly t: 'settled';
      /** Per kept state, in order: its parent's state number and the op's index. */
      readonly parents: Int32Array;
      readonly vias: Int32Array;
      readonly events: readonly LevelEvent[];
      /** Transitions taken in the level. */
      readonly transitions: number;
      /** Per goal, transitions on which it was reached. */
      readonly goals: readonly number[];
      /** Deadlocked and stuck states of the level (state numbers: the first `keepDeadlocks`), and how many. */
      readonly deadlocks: readonly number[];
      readonly deadlockCount: number;
      readonly stuck: readonly number[];
      readonly stuckCount: number;
      /** Bytes the worker's share of the level and its new states hold. */
      readonly bytes: number;
    }
  | { readonly t: 'gave'; readonly runs: readonly (readonly MovedState[])[] }
  | { readonly t: 'took' }
  | { readonly t: 'finished'; readonly collected: unknown }
  | { readonly t: 'failed'; readonly message: string };

/** How an expansion ended (see the `expanded` reply). */
export type ExpandStatus = 'done' | 'cut' | 'paused' | 'stopped' | 'yield';

/** Control words shared with every worker: raised to stop. */
export const CONTROL_STOP = 0;
/** From this word on, one per worker: the share of its heap's limit the worker's heap holds, in thousandths. */
export const CONTROL_HEAP = 2;
/** Words in the control buffer. */
export const CONTROL_WORDS = CONTROL_HEAP + 256;
