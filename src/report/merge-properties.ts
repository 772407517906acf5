/**
 * The property results of several runs as one list, each property shown
 * with the best-informed result any run gave it: violated if some run
 * violated it; otherwise holds or reached if some run showed it; a goal is
 * unreached only if a run that looked for it never reached it, and not
 * applicable when no run could reach it by construction.
 */
import type { PropertyResult } from './html.js';

const RANK: Record<PropertyResult['result'], number> = { violated: 5, holds: 4, reached: 4, unreached: 3, 'not checked': 2, 'not applicable': 1 };

/** The property results of one run, and the command that gave them. */
export interface RunProperties {
  readonly command: string;
  readonly properties: readonly PropertyResult[];
}

/**
 * One result per property (in the order they first appear), merged over
 * `runs`; the detail names the command whose result is shown.
 */
export function mergeProperties(runs: readonly RunProperties[]): PropertyResult[] {
  const best = new Map<string, PropertyResult>();
  for (const run of runs)
    for (const p of run.properties) {
      const key = `${p.kind} ${p.name}`;
      const had = best.get(key);
      if (!had || RANK[p.result] > RANK[had.result]) best.set(key, { ...p, detail: `${run.command}${p.detail ? `: ${p.detail}` : ''}` });
    }
  return [...best.values()];
}
