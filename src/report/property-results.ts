/**
 * The properties of a check result as the reports list them.
 */
import type { CheckResult } from '../check/result.js';
import { INVARIANTS, GOALS } from '../../properties/index.js';
import type { PropertyResult } from './html.js';

/** Every invariant and goal with what `r` found about it. */
export function propertyResults(r: CheckResult): PropertyResult[] {
  const inv = INVARIANTS.map((p): PropertyResult => {
    const found = r.invariants.find((x) => x.name === p.name);
    const result = found?.status === 'holds' ? 'holds' : found?.status === 'violated' ? 'violated' : 'not checked';
    // The counterexample of this property: the first, or (--continue) one of the further ones.
    const own = r.kind === 'violated' ? [r.counterexample, ...(r.further ?? [])].find((c) => c.property === p.name) : undefined;
    const detail =
      result === 'holds'
        ? `${r.engine} engine, ${r.runs} runs, ${r.steps} steps`
        : result === 'violated' && r.kind === 'violated'
          ? own
            ? `${own.message} (after ${own.ops.length} steps)`
            : 'also violated by the counterexample'
          : undefined;
    return { name: p.name, kind: 'always', description: p.description, result, ...(detail ? { detail } : {}) };
  });
  const goals = GOALS.map((g): PropertyResult => {
    const found = r.goals.find((x) => x.name === g.name);
    // A goal the run did not look for cannot happen in its configuration: not applicable, never unreached.
    if (!found) return { name: g.name, kind: 'sometimes', description: g.description, result: 'not applicable', detail: 'cannot happen in this configuration, so the run did not look for it' };
    const n = found.reachedIn;
    return { name: g.name, kind: 'sometimes', description: g.description, result: n > 0 ? 'reached' : r.kind === 'violated' ? 'not checked' : 'unreached', detail: `reached in ${n} of ${r.runs} runs` };
  });
  return [...inv, ...goals];
}
