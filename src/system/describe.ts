/**
 * Ops in words, as a counterexample prints them: each op reads as its
 * record's `describe` says (derived from the op registry).
 */
import { type Op, recordOf } from './op-registry.js';
import type { Config } from './config.js';

/** One line naming the op and its arguments. */
export function describeOp(op: Op, config?: Config): string {
  return recordOf(op).describe(op, config);
}
