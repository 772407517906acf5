/**
 * Recording coverage while engines run: a collector hands each engine an
 * observer (`observer(engine)`) and counts every step it is told under that
 * engine's label. An engine tells each op of its runs once, so the counts
 * are the ops the runs tried.
 */
import type { System } from '../system/system.js';
import type { Op } from '../system/ops.js';
import { type StepOutcome, skipped } from '../system/outcome.js';
import type { StepObserver } from '../engine/observer.js';
import { type CoverageData, type EngineCoverage, addStep, emptyEngine, sortedCoverage } from './data.js';

/** The outcome recorded for an op that was not enabled (coverage counts it as skipped). */
const NOT_ENABLED = skipped('not enabled');

/** Accumulates coverage; `data()` returns a snapshot as plain data. */
export class CoverageCollector {
  private readonly engines: Record<string, EngineCoverage> = {};

  /** Records one step under `engine`. */
  record(engine: string, op: Op, outcome: StepOutcome): void {
    addStep((this.engines[engine] ??= emptyEngine()) as Parameters<typeof addStep>[0], op, outcome);
  }

  /** An observer that records every step it is told under `engine` (pass it to an engine's `observers`). */
  observer(engine: string): StepObserver<System, Op, StepOutcome> {
    return {
      applied: (t) => this.record(engine, t.op, t.outcome),
      skipped: (_s, op) => this.record(engine, op, NOT_ENABLED),
    };
  }

  /** Everything recorded so far. */
  data(): CoverageData {
    return sortedCoverage({ version: 1, engines: structuredClone(this.engines) });
  }
}
