/**
 * The counterexample as a hypervisor engineer reads it (the format is a
 * contract, pinned by a snapshot test):
 *
 * ```
 * ✗ no-cross-partition-data-leak  violated after 4 steps (shrunk 6 times)
 *   seed 1 · path "3:1:0" · replay: hvspec replay .hvspec/failures/<id>.json
 *   1. createPartition p1 (2 VPs, 16 GPA pages)
 *   ...
 *   4. mapGpaPages p1 gpa 0x0 1 page RW   -> gpa 0x0 -> frames 0x80  ✗ p1 can read ...
 * ```
 */
import type { Counterexample } from '../check/result.js';
import type { ReportedStep } from '../check/run.js';
import { describeOp } from '../system/describe.js';
import type { Config } from '../system/config.js';

/** The text after an op: its hypercall status (when not SUCCESS) and its effects. */
export function stepEffects(s: ReportedStep): string {
  const parts: string[] = [];
  const st = s.outcome.hypercall?.status;
  if (st && st !== 'SUCCESS') parts.push(st);
  parts.push(...s.outcome.notes);
  return parts.join(', ');
}

/** Numbered lines for the steps of a trace, effects aligned in one column; `last` is appended to the final line. */
export function formatSteps(steps: readonly ReportedStep[], config: Config | undefined, last?: string): string[] {
  const ops = steps.map((s) => describeOp(s.op, config));
  const width = Math.min(44, Math.max(0, ...ops.map((o, i) => `${i + 1}. ${o}`.length)));
  return steps.map((s, i) => {
    const head = `${i + 1}. ${ops[i]}`;
    const eff = stepEffects(s);
    let line = eff ? `${head.padEnd(width)}  -> ${eff}` : head;
    if (i === steps.length - 1 && last) line += `  ✗ ${last}`;
    return `  ${line}`;
  });
}

/** The whole counterexample block. `file` is where it was saved, for the replay hint. */
export function formatCounterexample(cx: Counterexample, file?: string): string {
  const n = cx.steps.length;
  const how =
    cx.engine === 'explore' ? 'shortest, by exhaustive search' : cx.engine === 'swarm' ? 'found depth-first by a swarm member: not a shortest one' : `shrunk ${cx.shrinks ?? 0} time${cx.shrinks === 1 ? '' : 's'}`;
  const head = `✗ ${cx.property}  violated ${n === 0 ? 'in the initial state' : `after ${n} step${n === 1 ? '' : 's'}`} (${how})`;
  const where: string[] = [];
  if (cx.seed !== undefined) where.push(`seed ${cx.seed}`);
  if (cx.path !== undefined) where.push(`path "${cx.path}"`);
  if (file) where.push(`replay: hvspec replay ${file}`);
  if (cx.faults.length) where.push(`faults: ${cx.faults.join(', ')}`);
  const lines = [head];
  if (where.length) lines.push(`  ${where.join(' · ')}`);
  lines.push(...formatSteps(cx.steps, cx.config, cx.message));
  if (n === 0) lines.push(`  ✗ ${cx.message}`);
  if (cx.alsoViolated.length) lines.push(`  also violated at that step: ${cx.alsoViolated.join(', ')}`);
  return lines.join('\n');
}
