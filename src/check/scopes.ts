/**
 * Running the explorer over a scope (src/check/explore-config.ts): its op
 * kinds and arguments, its final states, and only the goals it names.
 */
import type { World } from '../system/system.js';
import { GOALS, type Goal } from '../../properties/index.js';
import type { ExploreScope } from './explore-config.js';
import { type ExploreOptions, type ExploreResult, explore } from './explore.js';

/** The explorer options a scope stands for. */
export const scopeOptions = (scope: ExploreScope, goals: readonly Goal[] = GOALS): ExploreOptions => ({
  opTypes: scope.opTypes,
  opFilter: scope.opFilter,
  isFinal: scope.isFinal,
  goals: goals.filter((g) => scope.goals.includes(g.name)),
});

/** Explores each scope in turn with `world(scope)`, stopping at the first violation. */
export function exploreScopes(scopes: readonly ExploreScope[], world: (s: ExploreScope) => World, opts: ExploreOptions = {}): { scope: string; result: ExploreResult }[] {
  const out: { scope: string; result: ExploreResult }[] = [];
  for (const sc of scopes) {
    const result = explore(world(sc), { ...opts, ...scopeOptions(sc) });
    out.push({ scope: sc.name, result });
    if (result.kind === 'violated') break;
  }
  return out;
}
