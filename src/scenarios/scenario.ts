/**
 * Named scenarios: a configuration, a fixed op sequence and the figures it
 * must produce. Checking one runs the ops with every invariant checked
 * after every step, measures the figures at the marked points, and
 * compares them with the expected ones. Results are data.
 */
import type { Config } from '../system/config.js';
import type { Op } from '../system/ops.js';
import type { System } from '../system/system.js';
import { standardWorld } from '../system/system.js';
import type { StepOutcome } from '../system/outcome.js';
import { runTrace } from '../check/run.js';
import { countersObserver } from '../check/counters-observer.js';
import type { Counters } from '../system/counters.js';
import { type StepObserver, afterFirst } from '../engine/observer.js';
import { INVARIANTS, type Invariant } from '../../properties/index.js';
import { tuningOf } from '../dynamic-memory/tuning.js';
import { at } from '../substrate/ids.js';

/** The Dynamic Memory figures of one guest at one instant, as Hyper-V's counters show them. */
export interface DmFigures {
  /** Guest visible physical memory, MiB. */
  readonly visibleMiB: number;
  /** Committed memory from the last status report, MiB (null before the first). */
  readonly committedMiB: number | null;
  /** The Memory Pressure counter (null before the first status report). */
  readonly pressure: number | null;
  /** Add Memory Operations so far (operations, not pages). */
  readonly addOperations: number;
  /** Remove Memory Operations so far. */
  readonly removeOperations: number;
  /** Available Memory of the host, MiB. */
  readonly availableMiB: number;
}

/** The synthetic I/O figures of the host at one instant (the hypervisor's counters). */
export interface IoFigures {
  /** I/Os whose completion the guest has read. */
  readonly iosCompleted: number;
  /** Phase one: root ISRs run. */
  readonly rootIsrs: number;
  /** Ring writes that signalled the reader. */
  readonly ringSignals: number;
  /** Interrupts deferred because no VP of their partition was dispatched. */
  readonly deferredInterrupts: number;
  /** Virtual interrupts raised, over every VP. */
  readonly virtualInterrupts: number;
}

/** The figures a scenario measures: a Dynamic Memory guest's, or the host's synthetic I/O counters. */
export type Figures = DmFigures | IoFigures;

/** A named scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly config: Config;
  readonly ops: readonly Op[];
  /** The guest whose figures are measured. */
  readonly guest: string;
  /** What is measured: the guest's Dynamic Memory figures (the default) or the host's synthetic I/O counters. */
  readonly measure?: 'dm' | 'io';
  /** Measuring points: after how many ops (of `ops`) each named snapshot is taken. */
  readonly points: Readonly<Record<string, number>>;
  /** The figures each point must show. */
  readonly expected: Readonly<Record<string, Figures>>;
  /** A scenario that runs more than one host (a comparison) checks itself: the invariants after every step of each run. */
  readonly run?: (invariants: readonly Invariant[], observers: readonly StepObserver<System, Op, StepOutcome>[]) => ScenarioResult;
}

/** What checking a scenario found. */
export type ScenarioResult =
  | { readonly kind: 'holds'; readonly scenario: string; readonly figures: Readonly<Record<string, Figures>>; readonly steps: number; readonly table?: readonly string[] }
  | { readonly kind: 'violated'; readonly scenario: string; readonly property: string; readonly message: string; readonly step: number }
  | { readonly kind: 'skipped-op'; readonly scenario: string; readonly index: number; readonly op: Op }
  | { readonly kind: 'mismatch'; readonly scenario: string; readonly point: string; readonly expected: Figures; readonly actual: Figures };

/** The figures of `pid` in `sys`, with the counters `c` of the run that reached it. */
export function dmFigures(sys: System, pid: string, c: Counters): DmFigures {
  const mib = tuningOf(sys.world.config.dynamicMemoryTuning).mibPerPage;
  const g = at(sys.dm, pid);
  return {
    visibleMiB: (g?.mm.visible ?? 0) * mib,
    committedMiB: g?.status ? g.status.numCommitted * mib : null,
    pressure: g?.pressure ?? null,
    addOperations: c.dmAddOperations,
    removeOperations: c.dmRemoveOperations,
    availableMiB: sys.substrate.memory.free.length * mib,
  };
}

/** The host's synthetic I/O figures: the counters `c` of the run. */
export function ioFigures(c: Counters): IoFigures {
  return {
    iosCompleted: c.iosCompleted,
    rootIsrs: c.rootIsrs,
    ringSignals: c.ringSignals,
    deferredInterrupts: c.deferredInterrupts,
    virtualInterrupts: Object.values(c.virtualInterrupts).reduce((a, b) => a + b, 0),
  };
}

/** Runs a scenario's ops with `invariants` checked after every step, and compares its figures; `observers` are told each op once. */
export function checkScenario(sc: Scenario, invariants: readonly Invariant[] = INVARIANTS, observers: readonly StepObserver<System, Op, StepOutcome>[] = []): ScenarioResult {
  if (sc.run) return sc.run(invariants, observers);
  const world = standardWorld(sc.config);
  const figures: Record<string, Figures> = {};
  let done = 0;
  let sys: System | undefined;
  const order = Object.entries(sc.points).sort((a, b) => a[1] - b[1]);
  let told = 0;
  for (const [point, at] of order) {
    // Each point runs the ops from the start again: observers are told only the ops a shorter run did not reach.
    const counted = countersObserver<System, Op>();
    const r = runTrace(world, sc.ops.slice(0, at), invariants, [], [...afterFirst(observers, told), counted]);
    told = Math.max(told, r.steps.length + r.skippedCount);
    if (r.violation) return { kind: 'violated', scenario: sc.name, property: r.violation.property, message: r.violation.message, step: r.violation.step };
    if (r.skippedCount > 0) {
      const i = firstSkipped(world, sc.ops.slice(0, at));
      return { kind: 'skipped-op', scenario: sc.name, index: i, op: sc.ops[i]! };
    }
    sys = r.final;
    done = r.steps.length;
    figures[point] = sc.measure === 'io' ? ioFigures(counted.totals()) : dmFigures(sys, sc.guest, counted.totals());
    const want = sc.expected[point];
    if (want && JSON.stringify(want) !== JSON.stringify(figures[point])) return { kind: 'mismatch', scenario: sc.name, point, expected: want, actual: figures[point]! };
  }
  return { kind: 'holds', scenario: sc.name, figures, steps: done };
}

/** The index of the first op of `ops` that is skipped. */
function firstSkipped(world: ReturnType<typeof standardWorld>, ops: readonly Op[]): number {
  for (let i = 1; i <= ops.length; i++) if (runTrace(world, ops.slice(0, i), []).skippedCount > 0) return i - 1;
  return -1;
}
