/**
 * Recording coverage while engines run: a collector listens to every
 * `step` (through `onStep`) and counts what it did under an engine label.
 */
import { onStep } from '../system/step-hook.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import { type CoverageData, type EngineCoverage, addStep, emptyEngine, sortedCoverage } from './data.js';

/** Accumulates coverage; `data()` returns a snapshot as plain data. */
export class CoverageCollector {
  private readonly engines: Record<string, EngineCoverage> = {};

  /** Records one step under `engine`. */
  record(engine: string, op: Op, outcome: StepOutcome): void {
    addStep((this.engines[engine] ??= emptyEngine()) as Parameters<typeof addStep>[0], op, outcome);
  }

  /** Everything recorded so far. */
  data(): CoverageData {
    return sortedCoverage({ version: 1, engines: structuredClone(this.engines) });
  }
}

/**
 * Records every step taken while `fn` runs into `collector` under
 * `engine`, and stops recording afterwards (also when `fn` throws).
 */
export function recordingInto<T>(collector: CoverageCollector, engine: string, fn: () => T): T {
  const stop = onStep((op, outcome) => collector.record(engine, op, outcome));
  try {
    return fn();
  } finally {
    stop();
  }
}

/** Like `recordingInto`, for an async `fn`. */
export async function recordingIntoAsync<T>(collector: CoverageCollector, engine: string, fn: () => Promise<T>): Promise<T> {
  const stop = onStep((op, outcome) => collector.record(engine, op, outcome));
  try {
    return await fn();
  } finally {
    stop();
  }
}
