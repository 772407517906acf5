/**
 * What runs visited, as plain JSON-able data that merges by addition.
 *
 * Counts are kept per engine (`random`, `explore`, `paths`, `replay`,
 * `vitest`, ...) so a report can say which transitions only one engine
 * reached. A transition is counted under the id of the definition taken
 * (`source:event:index`) when the step recorded it, otherwise under
 * `from>event>to`.
 */
import type { Op } from '../system/ops.js';
import type { StepOutcome, MachineTransition } from '../system/outcome.js';

/** What one engine visited. */
export interface EngineCoverage {
  /** Steps recorded, applied or skipped. */
  readonly steps: number;
  /** Steps whose op was not enabled. */
  readonly skipped: number;
  /** Applied steps per op type. */
  readonly ops: Readonly<Record<string, number>>;
  /** Per machine: transition key -> times taken. */
  readonly transitions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per machine: state path -> transitions that left or entered it. */
  readonly states: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /**
   * Per machine: `pairKey(first, second)` -> times one instance of the
   * machine took transition `second` next after `first` (keys as in
   * `transitions`). Absent in runs recorded before pairs were kept.
   */
  readonly pairs?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Coverage of any number of runs. */
export interface CoverageData {
  readonly version: 1;
  readonly engines: Readonly<Record<string, EngineCoverage>>;
}

/** No run recorded. */
export const emptyCoverage = (): CoverageData => ({ version: 1, engines: {} });

/** An engine that recorded nothing. */
export const emptyEngine = (): EngineCoverage => ({ steps: 0, skipped: 0, ops: {}, transitions: {}, states: {} });

/** Where the machine was outside any state (a creation). */
export const NO_STATE = '(none)';

/** The key a visited transition is counted under. */
export const transitionKey = (t: MachineTransition): string => t.branch ?? `${t.from}>${t.event}>${t.to}`;

/** What separates the two transition keys of a pair key. */
export const PAIR_SEPARATOR = ' -> ';

/** The key a pair of transitions (`first`, then `second`, by one instance) is counted under. */
export const pairKey = (first: string, second: string): string => `${first}${PAIR_SEPARATOR}${second}`;

/** The two transition keys of a pair key. */
export function splitPairKey(key: string): [string, string] | undefined {
  const i = key.indexOf(PAIR_SEPARATOR);
  return i < 0 ? undefined : [key.slice(0, i), key.slice(i + PAIR_SEPARATOR.length)];
}

/** The state paths a recorded state value touches (`a.b,c` -> `a`, `a.b`, `c`). */
export function statePaths(value: string): string[] {
  if (value === NO_STATE) return [];
  const out: string[] = [];
  for (const region of value.split(',')) {
    const parts = region.split('.');
    for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('.'));
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? { [k: string]: any } : T[K] };

const inc = (table: Record<string, number>, key: string, n = 1) => {
  table[key] = (table[key] ?? 0) + n;
};
const sub = (table: Record<string, Record<string, number>>, key: string) => (table[key] ??= {});

/** Adds one step to an engine's coverage, in place (used by the collector only). */
export function addStep(e: Mutable<EngineCoverage>, op: Op, outcome: StepOutcome): void {
  e.steps++;
  if (outcome.status === 'skipped') {
    e.skipped++;
    return;
  }
  inc(e.ops, op.type);
  for (const t of outcome.transitions) {
    inc(sub(e.transitions, t.machine), transitionKey(t));
    for (const s of touchedPaths(t.from, t.to)) inc(sub(e.states, t.machine), s);
  }
}

/** Adds pairs (machine, pair key) to an engine's coverage, in place (used by the collector only). */
export function addPairs(e: Mutable<EngineCoverage>, pairs: readonly (readonly [machine: string, key: string])[]): void {
  if (pairs.length === 0) return;
  const table = (e.pairs ??= {}) as Record<string, Record<string, number>>;
  for (const [machine, key] of pairs) inc(sub(table, machine), key);
}

/** The state paths a transition from `from` to `to` touches, each once, by `from` then `to` (state values are few: each pair is split once, and no key text is built per step). */
const TOUCHED = new Map<string, Map<string, readonly string[]>>();
function touchedPaths(from: string, to: string): readonly string[] {
  let byTo = TOUCHED.get(from);
  if (byTo === undefined) TOUCHED.set(from, (byTo = new Map()));
  let paths = byTo.get(to);
  if (paths === undefined) byTo.set(to, (paths = [...new Set([...statePaths(from), ...statePaths(to)])]));
  return paths;
}

const addTables = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) inc(out, k, v);
  return out;
};
const addNested = (a: EngineCoverage['transitions'], b: EngineCoverage['transitions']) => {
  const out: Record<string, Record<string, number>> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = addTables(a[k] ?? {}, v);
  return out;
};

/** Two engines' coverage added together. */
export const mergeEngine = (a: EngineCoverage, b: EngineCoverage): EngineCoverage => ({
  steps: a.steps + b.steps,
  skipped: a.skipped + b.skipped,
  ops: addTables(a.ops, b.ops),
  transitions: addNested(a.transitions, b.transitions),
  states: addNested(a.states, b.states),
  ...(a.pairs || b.pairs ? { pairs: addNested(a.pairs ?? {}, b.pairs ?? {}) } : {}),
});

/** Coverage of both runs (engine by engine). */
export function mergeCoverage(a: CoverageData, b: CoverageData): CoverageData {
  const engines: Record<string, EngineCoverage> = { ...a.engines };
  for (const [k, v] of Object.entries(b.engines)) engines[k] = mergeEngine(a.engines[k] ?? emptyEngine(), v);
  return { version: 1, engines };
}

/** A copy with keys in sorted order, so its JSON is stable for diffing. */
export function sortedCoverage(d: CoverageData): CoverageData {
  const sortT = (t: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(t).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  const sortN = (n: EngineCoverage['transitions']) => Object.fromEntries(Object.keys(n).sort().map((k) => [k, sortT(n[k]!)]));
  const engines = Object.fromEntries(
    Object.keys(d.engines)
      .sort()
      .map((k) => {
        const e = d.engines[k]!;
        return [k, { steps: e.steps, skipped: e.skipped, ops: sortT(e.ops), transitions: sortN(e.transitions), states: sortN(e.states), ...(e.pairs ? { pairs: sortN(e.pairs) } : {}) }];
      }),
  );
  return { version: 1, engines };
}
