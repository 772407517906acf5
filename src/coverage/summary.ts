/**
 * Coverage against the universe: for every machine, each state and
 * transition with how often each engine took it, each guard with how often
 * it passed and was refused, and the headline figures.
 *
 * The headline counts every engine except the path walker (`paths`), whose
 * job is to reach everything: a transition only it reached is reported as
 * `paths-only`, a gap in the generated runs.
 */
import type { Universe, UniverseState, UniverseTransition } from './universe.js';
import { type CoverageData, NO_STATE } from './data.js';
import { pairUniverse, resolvePairs } from './pair-universe.js';
import { type KnownUnreached, KNOWN_UNREACHED, knownReason } from './reasons.js';

/** The engine label of the model-based path walker. */
export const PATHS_ENGINE = 'paths';

/** How a state or transition was covered. */
export type CoverageStatus = 'visited' | 'paths-only' | 'by-design' | 'gap';

/** Visit counts per engine and in total (all engines). */
export interface Visits {
  readonly visits: number;
  readonly byEngine: Readonly<Record<string, number>>;
  readonly status: CoverageStatus;
  /** Why it was not reached, when known. */
  readonly reason?: string;
}

/** A state with its coverage. */
export type StateCoverage = UniverseState & Visits;
/** A transition with its coverage. */
export type TransitionCoverage = UniverseTransition & Visits;

/** A pair of transitions of one machine (`first`, then `second`, by one instance) with its coverage. */
export interface PairCoverage extends Visits {
  /** The first transition's id (`source:event:index`). */
  readonly first: string;
  /** The id of the transition taken next by the same instance. */
  readonly second: string;
}

/** A guarded branch: how often its guard passed (branch taken) and was refused (a later branch taken). */
export interface GuardCoverage {
  readonly guard: string;
  readonly transition: string;
  readonly passed: number;
  readonly refused: number;
}

/** Covered out of total. */
export interface Ratio {
  readonly covered: number;
  readonly total: number;
}

/** The figures a summary line shows for one machine (headline engines only). */
export interface Headline {
  readonly states: Ratio;
  readonly transitions: Ratio;
  /** Guarded branches whose guard was seen both passing and refused. */
  readonly guardsBothWays: Ratio;
  /** Transition pairs taken, out of the pairs the machine declares (see `pairUniverse`). */
  readonly pairs: Ratio;
}

/** One machine's coverage. */
export interface MachineCoverage {
  readonly machine: string;
  readonly initial: string;
  readonly states: readonly StateCoverage[];
  readonly transitions: readonly TransitionCoverage[];
  readonly guards: readonly GuardCoverage[];
  /** Every pair of its universe (`pairUniverse`), in declaration order, with how often one instance took the second right after the first. */
  readonly pairs: readonly PairCoverage[];
  /** Recorded pairs outside the universe, or of transitions outside it (should be empty). */
  readonly outsidePairs: readonly { readonly key: string; readonly visits: number }[];
  /** Recorded transitions that match no declaration (should be empty). */
  readonly outside: readonly { readonly key: string; readonly visits: number }[];
  /** Instances created (entered their initial state from nothing). */
  readonly created: number;
  readonly headline: Headline;
}

/** The whole coverage report, as data. */
export interface CoverageSummary {
  readonly version: 1;
  /** Every engine that recorded something. */
  readonly engines: readonly string[];
  /** The engines the headline counts. */
  readonly headlineEngines: readonly string[];
  readonly machines: readonly MachineCoverage[];
  /** Applied steps per op type and engine. */
  readonly ops: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Steps and skipped steps per engine. */
  readonly steps: Readonly<Record<string, { readonly steps: number; readonly skipped: number }>>;
  /** Machines that recorded transitions but are not in the universe. */
  readonly unknownMachines: readonly string[];
}

const sum = (xs: Iterable<number>) => {
  let n = 0;
  for (const x of xs) n += x;
  return n;
};

function visits(
  byEngine: Record<string, number>,
  headline: readonly string[],
  reason: KnownUnreached | undefined,
): Visits {
  const total = sum(Object.values(byEngine));
  const head = sum(headline.map((e) => byEngine[e] ?? 0));
  const status: CoverageStatus = head > 0 ? 'visited' : total > 0 ? 'paths-only' : (reason?.kind ?? 'gap');
  return { visits: total, byEngine, status, ...(status !== 'visited' && reason ? { reason: reason.reason } : {}) };
}

/** Summarises `data` against `universe`. */
export function summarize(universe: Universe, data: CoverageData, known: readonly KnownUnreached[] = KNOWN_UNREACHED): CoverageSummary {
  const engines = Object.keys(data.engines).sort();
  const headlineEngines = engines.filter((e) => e !== PATHS_ENGINE);
  const machines: MachineCoverage[] = [];
  for (const [name, u] of Object.entries(universe)) {
    const tById = new Map(u.transitions.map((t) => [t.id, t]));
    const tCounts = new Map<string, Record<string, number>>(u.transitions.map((t) => [t.id, {}]));
    const outside = new Map<string, number>();
    let created = 0;
    for (const [engine, e] of Object.entries(data.engines)) {
      for (const [key, n] of Object.entries(e.transitions[name] ?? {})) {
        let id = tById.has(key) ? key : undefined;
        if (!id && key.includes('>')) {
          const [from, event, to] = key.split('>');
          if (from === NO_STATE) {
            created += n;
            continue;
          }
          id = u.transitions.find((t) => t.event === event && (t.source === from || t.source === '*') && t.target === to)?.id;
        }
        if (id) {
          const c = tCounts.get(id)!;
          c[engine] = (c[engine] ?? 0) + n;
        } else outside.set(key, (outside.get(key) ?? 0) + n);
      }
    }
    const transitions: TransitionCoverage[] = u.transitions.map((t) => ({ ...t, ...visits(tCounts.get(t.id)!, headlineEngines, knownReason(known, name, t)) }));
    const states: StateCoverage[] = u.states.map((s) => {
      const byEngine: Record<string, number> = {};
      for (const [engine, e] of Object.entries(data.engines)) {
        const n = e.states[name]?.[s.id];
        if (n) byEngine[engine] = n;
      }
      return { ...s, ...visits(byEngine, headlineEngines, undefined) };
    });
    const guards: GuardCoverage[] = [];
    for (const t of transitions) {
      if (t.guard === undefined) continue;
      const later = transitions.filter((o) => o.source === t.source && o.event === t.event && o.index > t.index);
      const head = (x: TransitionCoverage) => sum(headlineEngines.map((e) => x.byEngine[e] ?? 0));
      guards.push({ guard: t.guard, transition: t.id, passed: head(t), refused: sum(later.map(head)) });
    }
    const recorded = resolvePairs(u, Object.fromEntries(Object.entries(data.engines).map(([engine, e]) => [engine, e.pairs?.[name] ?? {}])));
    const pairs: PairCoverage[] = pairUniverse(u).map(([first, second]) => ({ first, second, ...visits(recorded.counts.get(`${first}\u0000${second}`) ?? {}, headlineEngines, undefined) }));
    const inUniverse = new Set(pairs.map((p) => `${p.first}\u0000${p.second}`));
    const outsidePairs = new Map(recorded.outside);
    for (const [k, byEngine] of recorded.counts) if (!inUniverse.has(k)) outsidePairs.set(k.replace('\u0000', ' -> '), (outsidePairs.get(k.replace('\u0000', ' -> ')) ?? 0) + sum(Object.values(byEngine)));
    const covered = <T extends Visits>(xs: readonly T[]) => ({ covered: xs.filter((x) => x.status === 'visited').length, total: xs.length });
    machines.push({
      machine: name,
      initial: u.initial,
      states,
      transitions,
      guards,
      pairs,
      outsidePairs: [...outsidePairs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => ({ key, visits: n })),
      outside: [...outside].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => ({ key, visits: n })),
      created,
      headline: {
        states: covered(states),
        transitions: covered(transitions),
        guardsBothWays: { covered: guards.filter((g) => g.passed > 0 && g.refused > 0).length, total: guards.length },
        pairs: covered(pairs),
      },
    });
  }
  const ops: Record<string, Record<string, number>> = {};
  const steps: Record<string, { steps: number; skipped: number }> = {};
  for (const engine of engines) {
    const e = data.engines[engine]!;
    steps[engine] = { steps: e.steps, skipped: e.skipped };
    for (const [op, n] of Object.entries(e.ops)) (ops[op] ??= {})[engine] = n;
  }
  const unknownMachines = [...new Set(Object.values(data.engines).flatMap((e) => Object.keys(e.transitions)))].filter((m) => !universe[m]).sort();
  return { version: 1, engines, headlineEngines, machines, ops, steps, unknownMachines };
}

/** Percentage with no decimals, `-` for an empty total. */
export const percent = (r: Ratio): string => (r.total === 0 ? '-' : `${Math.floor((100 * r.covered) / r.total)}%`);
