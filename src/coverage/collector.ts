/**
 * Recording coverage while engines run: a collector hands each engine an
 * observer (`observer(engine)`) and counts every step it is told under that
 * engine's label. An engine tells each op of its runs once, so the counts
 * are the ops the runs tried. Each engine's observer also follows the
 * runs of machine instances for transition-pair coverage (see pairs.ts).
 */
import type { System } from '../system/system.js';
import type { Op } from '../system/ops.js';
import { type StepOutcome, skipped } from '../system/outcome.js';
import type { StepObserver } from '../engine/observer.js';
import { type CoverageData, type EngineCoverage, addStep, addPairs, emptyEngine, mergeCoverage, sortedCoverage } from './data.js';
import { PairTracker } from './pairs.js';

/** The outcome recorded for an op that was not enabled (coverage counts it as skipped). */
const NOT_ENABLED = skipped('not enabled');

/** Accumulates coverage; `data()` returns a snapshot as plain data. */
export class CoverageCollector {
  private readonly engines: Record<string, EngineCoverage> = {};

  /** Records one step under `engine`. */
  record(engine: string, op: Op, outcome: StepOutcome): void {
    addStep((this.engines[engine] ??= emptyEngine()) as Parameters<typeof addStep>[0], op, outcome);
  }

  /** An observer that records every step it is told under `engine` (pass it to an engine's `observers`), with the transition pairs of its runs. */
  observer(engine: string): StepObserver<System, Op, StepOutcome> {
    const tracker = new PairTracker();
    return {
      applied: (t) => {
        this.record(engine, t.op, t.outcome);
        addPairs(this.engines[engine] as Parameters<typeof addPairs>[0], tracker.step(t.before, t.after, t.outcome.transitions));
      },
      skipped: (_s, op) => this.record(engine, op, NOT_ENABLED),
    };
  }

  /** Adds coverage recorded elsewhere (a worker thread's collector's `data()`). */
  absorb(d: CoverageData): void {
    const merged = mergeCoverage({ version: 1, engines: this.engines }, d).engines;
    for (const k of Object.keys(merged)) this.engines[k] = merged[k]!;
  }

  /** Everything recorded so far. */
  data(): CoverageData {
    return sortedCoverage({ version: 1, engines: structuredClone(this.engines) });
  }
}

/** The observer of a collector that records nothing. */
const IGNORE: StepObserver<System, Op, StepOutcome> = { applied: () => {} };

/** A collector that records nothing, for a run whose coverage nobody reads (`--no-report`): its observers cost one empty call per step. */
export class DiscardingCollector extends CoverageCollector {
  override observer(): StepObserver<System, Op, StepOutcome> {
    return IGNORE;
  }
}
