/**
 * Bounded liveness ("once X, then Y within K steps") judged along a path:
 * one countdown per property, -1 while disarmed. The explorer keeps the
 * countdowns as part of each state's identity; replay runs them along a
 * saved trace.
 */
import type { World } from '../system/system.js';
import { initialSystem } from '../system/system.js';
import type { Op } from '../system/ops.js';
import { applyOp } from '../system/step.js';
import type { System } from '../system/system.js';
import type { Liveness, LastStep, Violation } from '../../properties/index.js';

/** A disarmed countdown. */
export const DISARMED = -1;

/** Countdowns with every property disarmed. */
export const disarmed = (props: readonly Liveness[]): Int8Array => new Int8Array(props.length).fill(DISARMED);

/**
 * The countdowns after a step into `s`: `prev` are those before it.
 * Returns the new countdowns (`prev` itself when nothing changed), or the
 * index of the property whose countdown ran out.
 */
export function advanceCountdowns(props: readonly Liveness[], prev: Int8Array, s: System, last: LastStep | undefined): Int8Array | number {
  let next: Int8Array | null = null;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const c = prev[i]!;
    let v = c;
    if (c !== DISARMED) {
      if (p.satisfied(s, last)) v = DISARMED;
      else if (c <= 1) return i;
      else v = c - 1;
    }
    if (v === DISARMED && p.trigger(s, last) && !p.satisfied(s, last)) {
      if (p.withinSteps <= 0) return i;
      v = Math.min(p.withinSteps, 126);
    }
    if (v !== c) {
      next ??= prev.slice();
      next[i] = v;
    }
  }
  return next ?? prev;
}

/** The violation of a liveness property whose countdown ran out. */
export const livenessViolation = (p: Liveness, s: System): Violation => ({
  property: p.name,
  message: `${p.explain ? p.explain(s) : p.description.replace(/\.$/, '')}: not settled within ${p.withinSteps} step${p.withinSteps === 1 ? '' : 's'}`,
});

/** Runs `ops` from the initial System and returns the first liveness violation, with its 1-based step, if any. */
export function livenessOnTrace(world: World, ops: readonly Op[], props: readonly Liveness[]): (Violation & { step: number }) | undefined {
  let sys = initialSystem(world);
  let cd: Int8Array | number = advanceCountdowns(props, disarmed(props), sys, undefined);
  if (typeof cd === 'number') return { ...livenessViolation(props[cd]!, sys), step: 0 };
  let step = 0;
  for (const op of ops) {
    const r = applyOp(sys, op);
    if (r.outcome.status === 'skipped') continue;
    step++;
    const next: Int8Array | number = advanceCountdowns(props, cd, r.system, { before: sys, op, outcome: r.outcome });
    if (typeof next === 'number') return { ...livenessViolation(props[next]!, r.system), step };
    cd = next;
    sys = r.system;
  }
  return undefined;
}
