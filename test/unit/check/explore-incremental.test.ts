/**
 * The explorer judges a new state only on the claims whose parts the step
 * changed (`incremental`, the default); judged in full it finds the same:
 * the same states, transitions and goals where every claim holds, and the
 * same shortest counterexample where a fault breaks one.
 */
import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { INVARIANTS, type Invariant } from '../../../properties/index.js';
import { scopeByName } from '../../../src/check/explore-config.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { buildWorld } from '../../../src/faults/build-world.js';

/** The result of a search with the figures both ways must share (not the store's bytes, which do not depend on judging). */
function searched(scope: string, faults: readonly string[], incremental: boolean) {
  const sc = scopeByName(scope)!;
  const r = explore(buildWorld(sc.config, [...faults]), { ...scopeOptions(sc), incremental });
  return {
    kind: r.kind,
    states: r.states,
    transitions: r.transitions,
    goals: r.goals,
    ...(r.kind === 'violated' ? { property: r.counterexample.property, ops: r.counterexample.ops, alsoViolated: r.counterexample.alsoViolated } : {}),
  };
}

describe('explore: incremental judging finds what judging in full finds', () => {
  for (const scope of ['tlb', 'intercepts-cpuid'])
    it(`${scope}: every claim holds, with the same states, transitions and goals`, () => {
      const inc = searched(scope, [], true);
      expect(inc.kind).toBe('complete');
      expect(inc).toEqual(searched(scope, [], false));
    });

  for (const [scope, fault] of [
    ['tlb', 'withdraw-skips-scrub'],
    ['tlb', 'tlb-fill-overflows-capacity'],
    ['intercepts-cpuid', 'worker-replies-twice'],
    ['intercepts-cpuid', 'intercept-resume-ignores-explicit-suspend'],
  ] as const)
    it(`${fault} (${scope}): the same shortest counterexample`, () => {
      const inc = searched(scope, [fault], true);
      expect(inc.kind).toBe('violated');
      expect(inc).toEqual(searched(scope, [fault], false));
    });

  it('judges fewer claims: a claim whose parts a step left alone is not judged again on the new state', () => {
    const sc = scopeByName('intercepts-cpuid')!;
    const judged = (incremental: boolean): number => {
      let calls = 0;
      // Every claim, each call of its state part counted (its `reads` kept).
      const counted = INVARIANTS.map((inv): Invariant => (inv.parts ? { ...inv, parts: { ...inv.parts, state: (s) => (calls++, inv.parts!.state(s)) } } : { ...inv, check: (s, last) => (last === undefined && calls++, inv.check(s, last)) }));
      const r = explore(buildWorld(sc.config), { ...scopeOptions(sc), invariants: counted, incremental });
      expect(r.kind).toBe('complete');
      return calls;
    };
    const inc = judged(true);
    const full = judged(false);
    expect(inc).toBeGreaterThan(0);
    expect(inc).toBeLessThan(full * 0.8);
  });
});
