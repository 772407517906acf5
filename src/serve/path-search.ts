/**
 * The shortest path from a state to a property violation or to a
 * `sometimes` goal: the explorer (breadth first, bounded by a number of
 * states) on the model started at that state, with each goal not yet
 * reached there judged as a claim that breaks where the goal is reached.
 * Liveness (`eventually`) is not searched for.
 */
import type { Model, ModelProperty } from '../engine/model.js';
import { exploreModel } from '../check/explore.js';

/** What a search found. */
export type SearchResult<A, O> =
  | { readonly kind: 'found'; readonly property: string; readonly goal: boolean; readonly message: string; readonly steps: readonly { readonly op: A; readonly outcome: O }[]; readonly states: number }
  /** Every state reachable from the start was searched: no target is reachable. */
  | { readonly kind: 'none'; readonly states: number }
  /** The bound was reached first. */
  | { readonly kind: 'bounded'; readonly states: number };

/** The default bound of a search, in distinct states. */
export const SEARCH_MAX_STATES = 20_000;

/**
 * Searches from `start` for the shortest path to `target` (a property's
 * name), or to any violation or goal not reached at `start` when absent.
 */
export function searchFrom<S, A, O>(model: Model<S, A, O>, start: S, target: string | undefined, maxStates = SEARCH_MAX_STATES): SearchResult<A, O> {
  const wanted = (name: string) => target === undefined || name === target;
  const goals = new Set<string>();
  const properties: ModelProperty<S, A, O>[] = [];
  for (const p of model.properties) {
    if (!wanted(p.name)) continue;
    if (p.kind === 'always' || p.kind === 'transition') properties.push(p);
    else if (p.kind === 'sometimes' && !p.reached(start, undefined)) {
      goals.add(p.name);
      properties.push({ kind: 'transition', name: p.name, description: p.description, check: (t) => (p.reached(t.after, t) ? `goal reached: ${p.description}` : null) });
    }
  }
  const from: Model<S, A, O> = { ...model, initial: () => start, properties };
  const r = exploreModel(from, { maxStates, keepDeadlocks: 0 });
  if (r.kind === 'violated') {
    const cx = r.counterexample;
    return { kind: 'found', property: cx.property, goal: goals.has(cx.property), message: cx.message, steps: cx.steps, states: r.states };
  }
  return r.kind === 'complete' ? { kind: 'none', states: r.states } : { kind: 'bounded', states: r.states };
}
