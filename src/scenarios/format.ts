/**
 * A scenario result in words, and the exit status it maps to (the CLI
 * contract: 0 holds, 1 a violation or a figure that differs).
 */
import { match } from 'ts-pattern';
import type { Figures, ScenarioResult } from './scenario.js';
import { describeOp } from '../system/describe.js';

/** One line of figures. */
export const formatFigures = (f: Figures): string =>
  'iosCompleted' in f
    ? `I/Os completed ${f.iosCompleted} · root ISRs ${f.rootIsrs} · ring signals ${f.ringSignals} · deferred interrupts ${f.deferredInterrupts} · virtual interrupts ${f.virtualInterrupts}`
    : `visible ${f.visibleMiB} MiB · committed ${f.committedMiB ?? '-'} MiB · pressure ${f.pressure ?? '-'} · Add operations ${f.addOperations} · Remove operations ${f.removeOperations} · Available Memory ${f.availableMiB} MiB`;

/** The result as the lines `hvspec check --scenario` prints. */
export function formatScenarioResult(r: ScenarioResult): string[] {
  return match(r)
    .with({ kind: 'holds' }, (x) => [
      `✓ ${x.scenario}  holds over ${x.steps} steps (every invariant after every step)`,
      ...Object.entries(x.figures).map(([point, f]) => `  ${point}: ${formatFigures(f)}`),
      ...(x.table ?? []),
    ])
    .with({ kind: 'violated' }, (x) => [`✗ ${x.scenario}  ${x.property} violated at step ${x.step}: ${x.message}`])
    .with({ kind: 'skipped-op' }, (x) => [`✗ ${x.scenario}  op ${x.index + 1} (${describeOp(x.op)}) was not enabled`])
    .with({ kind: 'mismatch' }, (x) => [`✗ ${x.scenario}  figures at "${x.point}" differ`, `  expected: ${formatFigures(x.expected)}`, `  actual:   ${formatFigures(x.actual)}`])
    .exhaustive();
}

/** 0 when the scenario holds, 1 otherwise. */
export const scenarioExitStatus = (r: ScenarioResult): 0 | 1 => (r.kind === 'holds' ? 0 : 1);
