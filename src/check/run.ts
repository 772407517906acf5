/**
 * Running a sequence of ops through `step`, checking invariants after every
 * step. Shared by every engine and by replay.
 */
import type { World, System } from '../system/system.js';
import { initialSystem } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import { applyOp } from '../system/step.js';
import { type Invariant, type Goal, type LastStep, type Violation, violations } from '../../properties/index.js';

/** One step of a trace that ran (skipped ops are not listed). */
export interface TraceStep {
  readonly op: Op;
  readonly outcome: StepOutcome;
}

/** A violation found while running a trace: which step (1-based; 0 is the initial state). */
export interface TraceViolation extends Violation {
  readonly step: number;
  /** Every invariant violated at that step (the first is `property`). */
  readonly all: readonly Violation[];
}

/** What running a trace did. */
export interface TraceRun {
  /** The steps that ran, up to and including the violating one. */
  readonly steps: readonly TraceStep[];
  readonly violation?: TraceViolation;
  readonly final: System;
  /** Names of the goals reached along the way. */
  readonly reached: ReadonlySet<string>;
  /** Ops that were skipped (not enabled when their turn came). */
  readonly skippedCount: number;
}

/**
 * Runs `ops` from the initial system of `world`, checking `invariants` on
 * the initial state and after every applied step; stops at the first
 * violation. Skipped ops are dropped from the returned steps.
 */
export function runTrace(world: World, ops: readonly Op[], invariants: readonly Invariant[], goals: readonly Goal[] = []): TraceRun {
  let sys = initialSystem(world);
  const steps: TraceStep[] = [];
  const reached = new Set<string>();
  const judge = (last: LastStep | undefined): TraceViolation | undefined => {
    for (const g of goals) if (!reached.has(g.name) && g.reached(sys, last)) reached.add(g.name);
    const v = violations(invariants, sys, last);
    return v.length > 0 ? { ...v[0]!, step: steps.length, all: v } : undefined;
  };
  let violation = judge(undefined);
  let skippedCount = 0;
  for (const op of ops) {
    if (violation) break;
    const before = sys;
    const r = applyOp(sys, op);
    if (r.outcome.status === 'skipped') {
      skippedCount++;
      continue;
    }
    sys = r.system;
    steps.push({ op, outcome: r.outcome });
    violation = judge({ before, op, outcome: r.outcome });
  }
  return { steps, violation, final: sys, reached, skippedCount };
}
