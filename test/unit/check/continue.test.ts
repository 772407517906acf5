/**
 * Going on after the first violation (`maxViolations`, the CLI's
 * `--continue`): both engines report each distinct violated property with
 * a counterexample of its own (the explorer's shortest, the random
 * engine's shrunk) that breaks that property when replayed; without it,
 * they stop at the first, as before.
 */
import { describe, expect, it } from 'vitest';
import { exploreModel } from '../../../src/check/explore.js';
import { checkModel } from '../../../src/check/random.js';
import { runModel } from '../../../src/check/run.js';
import type { Model } from '../../../src/engine/model.js';
import { keyIdentity } from '../../../src/engine/key-identity.js';

type Op = { readonly type: 'inc' } | { readonly type: 'jump' };

/** A counter from 0 that steps by 1 or 3 up to 12: it reaches 4 in two steps and 7 in three, and never passes 12. */
const counter: Model<number, Op, undefined> = {
  initial: () => 0,
  actions: (n) => [...(n < 12 ? [{ type: 'inc' } as const] : []), ...(n <= 9 ? [{ type: 'jump' } as const] : [])],
  next: (n, op) => ({ state: n + (op.type === 'inc' ? 1 : 3), outcome: undefined }),
  properties: [
    { kind: 'always', name: 'stays-below-four', description: 'n < 4', check: (n) => (n < 4 ? null : `n is ${n}`) },
    { kind: 'always', name: 'never-seven', description: 'n is never 7', check: (n) => (n === 7 ? 'n is 7' : null) },
    { kind: 'always', name: 'never-past-twelve', description: 'n <= 12', check: (n) => (n <= 12 ? null : `n is ${n}`) },
  ],
  describe: (op) => op.type,
  identity: keyIdentity((n) => String(n)),
};

/** Whether replaying `ops` breaks `property` (judged alone). */
const breaks = (ops: readonly Op[], property: string): boolean => {
  const only = { ...counter, properties: counter.properties.filter((p) => p.name === property) };
  return runModel(only, ops).violation?.property === property;
};

describe('the explorer goes on after a violation', () => {
  it('reports each violated property once, with its shortest counterexample, and the claim that holds stays unreported', () => {
    const r = exploreModel(counter, { symmetry: false, maxViolations: 5 });
    if (r.kind !== 'violated') throw new Error(`expected violated, got ${r.kind}`);
    const all = [r.counterexample, ...(r.further ?? [])];
    expect(all.map((c) => [c.property, c.ops.length])).toEqual([
      ['stays-below-four', 2],
      ['never-seven', 3],
    ]);
    for (const c of all) expect(breaks(c.ops, c.property)).toBe(true);
    // The whole space was searched (13 counter values): the third claim holds in all of it.
    expect(r.states).toBe(13);
  });

  it('stops at the first without maxViolations, as before, and at the number asked', () => {
    const first = exploreModel(counter, { symmetry: false });
    expect(first.kind === 'violated' && [first.counterexample.property, first.further]).toEqual(['stays-below-four', undefined]);
    expect(exploreModel(counter, { symmetry: false, maxViolations: 1 })).toEqual(first);
    const two = exploreModel(counter, { symmetry: false, maxViolations: 2 });
    expect(two.kind === 'violated' && two.further?.map((c) => c.property)).toEqual(['never-seven']);
  });
});

describe('the random engine goes on after a violation', () => {
  const opts = { seed: 7, runs: 60, depth: 8 };

  it('reports each violated property with its own shrunk counterexample; the claim left holds', () => {
    const r = checkModel(counter, { ...opts, maxViolations: 5 });
    if (r.kind !== 'violated') throw new Error(`expected violated, got ${r.kind}`);
    const all = [r.counterexample, ...(r.further ?? [])];
    expect(all.map((c) => c.property).sort()).toEqual(['never-seven', 'stays-below-four']);
    for (const c of all) expect(breaks(c.ops, c.property)).toBe(true);
    expect(Object.fromEntries(r.invariants.map((i) => [i.name, i.status]))).toEqual({ 'stays-below-four': 'violated', 'never-seven': 'violated', 'never-past-twelve': 'holds' });
  });

  it('without maxViolations the result is the same as with 1: the first violation only', () => {
    const first = checkModel(counter, opts);
    expect(first.kind === 'violated' && first.further).toBeUndefined();
    expect(checkModel(counter, { ...opts, maxViolations: 1 })).toEqual(first);
  });
});
