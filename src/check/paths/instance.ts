/**
 * Which instance of a machine a path driver watches, and what a check of a
 * state's promise on the system is.
 */
import type { System } from '../../system/system.js';

/** The instance a check looks at: a partition, a VP of a partition, a logical processor, or an I/O of a partition. */
export interface Instance {
  readonly pid?: string;
  readonly vp?: number;
  readonly lp?: number;
  readonly io?: number;
}

/** Null when the state's promise holds, otherwise what is wrong. */
export type PromiseCheck = (sys: System, at: Instance) => string | null;
