/**
 * `step(system, op)`: the one pure function every engine drives.
 *
 * Top to bottom: look up the op's record (op-registry.ts), check the op is
 * well-formed for the config, apply it (the World's replacement for its
 * kind if a fault made one, else the record's apply: the machines it
 * concerns take the event through XState's pure transition and their
 * actions are interpreted against the substrate, one table per mechanism),
 * run the end-of-step bookkeeping (synthetic interrupt delivery), and
 * return the next System and what happened. An op that is well-formed but
 * not enabled comes back skipped, the System unchanged. Nothing here reads
 * a clock or a random source.
 */
import type { System, Applied } from './system.js';
import { type Op, type OpType, type OpOfType, recordOf } from './op-registry.js';
import { validateOp } from './validate-op.js';
import { OpStep, type Router } from './op-step.js';
import type { StepResult } from './step-context.js';
import { afterInterruptStep } from './handlers/interrupts.js';

export type { StepResult } from './step-context.js';

/**
 * Advances `system` by `op`. Pure and deterministic. Throws an OpError for
 * an op that is malformed for this config (unknown partition, negative
 * count); an op that is well-formed but not enabled is skipped.
 */
export function step(system: System, op: Op): StepResult {
  const v = validateOp(system.world.config, op);
  if (!v.ok) throw v.error;
  return applyOp(system, v.op);
}

/** Applies an op that is known to be well-formed for the system's config: its own effect, then the end-of-step bookkeeping. */
export function applyOp(system: System, op: Op): StepResult {
  const routed = route(system, op);
  return routed.outcome.status === 'applied' ? { ...routed, system: afterInterruptStep(routed.system) } : routed;
}

/**
 * Routes one op to its apply: the World's replacement for its kind (given
 * the standard apply as `next`), else its record's apply. The op's own
 * effect, before the end-of-step bookkeeping.
 */
export function route(system: System, op: Op): StepResult {
  const own = system.world.ops?.[op.type] as OpOverride | undefined;
  return own ? own(system, op, standardApply) : standardApply(system, op);
}

/** The standard apply of an op: its record's, given a fresh accumulator that can route nested ops. */
export function standardApply(system: System, op: Op): StepResult {
  return recordOf(op).apply(new OpStep(system, nested), op, system);
}

/** Routes an op a record's apply makes on its own (records build only ops of registered kinds). */
const nested: Router = (system, op) => route(system, op as Op);

/** How one op kind applies to a System (an op that is not enabled comes back skipped). */
export type OpApply<K extends OpType = OpType> = (system: System, op: OpOfType<K>) => Applied;

/**
 * A replacement of one op kind's apply: it gets the System, the op and
 * `next`, the apply it replaces (the standard one, or a replacement made
 * before it), which it may call, wrap or ignore.
 */
export type OpOverride<K extends OpType = OpType> = (system: System, op: OpOfType<K>, next: OpApply<K>) => Applied;

/** Replacements of op kinds' applies, by op kind (what a fault's `ops` holds). */
export type OpOverrides = { readonly [K in OpType]?: OpOverride<K> };
