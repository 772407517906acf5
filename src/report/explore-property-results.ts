/**
 * The properties of an `hvspec explore` as the reports list them: what
 * the scopes searched found about each invariant and goal.
 */
import type { PropertyResult } from './html.js';

/** One scope a search engine searched, as far as the property results read it (the explorer's and a swarm member's results both fit). */
export interface SearchedScope {
  readonly scope: string;
  readonly result: {
    readonly kind: string;
    readonly states: number;
    readonly invariants: readonly string[];
    readonly goals: readonly { readonly name: string; readonly reachedIn: number }[];
    readonly counterexample?: { readonly property: string; readonly message: string; readonly ops: readonly unknown[]; readonly alsoViolated?: readonly string[] };
  };
}

/** How the engine that searched is named in a result's detail, and whether its counterexamples are shortest ones. */
export interface SearchEngineWords {
  readonly engine: string;
  readonly shortest: boolean;
}

const EXPLORER_WORDS: SearchEngineWords = { engine: 'explorer', shortest: true };

/** A property as the catalogue names it. */
interface Named {
  readonly name: string;
  readonly description: string;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Every invariant and goal of the catalogue with what `scopes` found: an
 * invariant the last scope's counterexample breaks is violated; one judged
 * in a scope that ended without a violation holds there (in every
 * reachable state of a complete scope, in the states visited of a bounded
 * one, as the detail says); a goal reached in some scope is reached; one
 * that a scope looked for and never reached is unreached (or not checked,
 * when the search ended on a violation first); a goal no scope looked for
 * is not applicable. `words` name the engine in each detail (the explorer's
 * by default).
 */
export function explorePropertyResults(scopes: readonly SearchedScope[], invariants: readonly Named[], goals: readonly Named[], words: SearchEngineWords = EXPLORER_WORDS): PropertyResult[] {
  const cx = scopes.at(-1)?.result;
  const broken = cx?.kind === 'violated' ? cx.counterexample : undefined;
  const ended = scopes.filter((s) => s.result.kind !== 'violated');
  const inv = invariants.map((p): PropertyResult => {
    const base = { name: p.name, kind: 'always' as const, description: p.description };
    if (broken?.property === p.name) return { ...base, result: 'violated', detail: `${broken.message} (after ${broken.ops.length} steps${words.shortest ? ', shortest' : ''})` };
    if (broken?.alsoViolated?.includes(p.name)) return { ...base, result: 'violated', detail: 'also violated by the counterexample' };
    const judged = ended.filter((s) => s.result.invariants.includes(p.name));
    if (!judged.length) return { ...base, result: 'not checked' };
    const complete = judged.every((s) => s.result.kind === 'complete');
    const states = judged.reduce((n, s) => n + s.result.states, 0);
    return { ...base, result: 'holds', detail: `${words.engine}, ${complete ? 'every reachable state' : 'every state visited'} of ${judged.map((s) => s.scope).join(', ')} (${plural(states, 'state')})` };
  });
  const gs = goals.map((g): PropertyResult => {
    const base = { name: g.name, kind: 'sometimes' as const, description: g.description };
    const looked = scopes.flatMap((s) => s.result.goals.filter((x) => x.name === g.name).map((x) => ({ scope: s.scope, reachedIn: x.reachedIn, kind: s.result.kind })));
    if (!looked.length) return { ...base, result: 'not applicable', detail: 'no scope searched looks for it (it cannot happen there)' };
    const reached = looked.filter((l) => l.reachedIn > 0);
    if (reached.length) return { ...base, result: 'reached', detail: reached.map((l) => `reached on ${plural(l.reachedIn, 'transition')} in ${l.scope}`).join('; ') };
    if (broken) return { ...base, result: 'not checked', detail: 'the search ended on a violation first' };
    return { ...base, result: 'unreached', detail: looked.map((l) => `${l.kind === 'complete' ? 'unreachable' : 'not reached in the states visited'} in ${l.scope}`).join('; ') };
  });
  return [...inv, ...gs];
}
