/**
 * The text of a paths file (indented, one step per line, so that a diff
 * shows which events changed) and a per-machine summary of it.
 */
import type { PathsFile } from './paths-file.js';

/** The JSON text of a paths file: indented, each step on one line. */
export function encodePaths(f: PathsFile): string {
  const steps: string[] = [];
  const text = JSON.stringify(
    f,
    function (key, value: unknown) {
      // A step (an element of a `steps` array) is written compact, in place of a marker.
      if (Array.isArray(this) && value !== null && typeof value === 'object' && 'event' in value) {
        steps.push(JSON.stringify(value));
        return `\u0000${steps.length - 1}`;
      }
      return value;
    },
    2,
  );
  return `${text.replace(/"\\u0000(\d+)"/g, (_, i: string) => steps[Number(i)]!)}\n`;
}

/** How many paths, events and transitions one machine (one driver of it) of a paths file holds. */
export interface MachineSummary {
  readonly machine: string;
  /** The driver's variant, when the machine has several drivers. */
  readonly variant?: string;
  readonly paths: number;
  readonly events: number;
  /** Transitions of the machine. */
  readonly transitions: number;
  /** Transitions of the machine some path takes with ops (the others only in the specification). */
  readonly driven: number;
}

/** The summary of each machine of `f`. */
export const pathsSummary = (f: PathsFile): MachineSummary[] =>
  f.machines.map((m) => {
    const steps = m.paths.flatMap((p) => p.steps);
    const driven = new Set(steps.filter((s) => s.ops !== null).map((s) => s.transition));
    return { machine: m.machine, ...(m.variant ? { variant: m.variant } : {}), paths: m.paths.length, events: steps.length, transitions: m.transitions.length, driven: m.transitions.filter((t) => driven.has(t)).length };
  });
