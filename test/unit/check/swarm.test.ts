import { describe, expect, it } from 'vitest';
import { swarmModel, memberOrder } from '../../../src/check/swarm.js';
import { exploreModel, exploreModelOf } from '../../../src/check/explore.js';
import { scopeByName } from '../../../src/check/explore-config.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';
import { keyIdentity } from '../../../src/engine/key-identity.js';
import type { Model } from '../../../src/engine/model.js';

/** Two counters from 0 to 7, each op raising one: 64 states, every path of 14 ops ends in (7, 7). */
const grid = (bad?: [number, number]): Model<[number, number], 0 | 1> => ({
  initial: () => [0, 0],
  actions: (s) => ([0, 1] as const).filter((i) => s[i] < 7),
  next: (s, i) => ({ state: (i === 0 ? [s[0] + 1, s[1]] : [s[0], s[1] + 1]) as [number, number], outcome: undefined }),
  properties: [{ kind: 'always', name: 'never-the-bad-cell', description: 'the counters never read the bad cell', check: (s) => (bad && s[0] === bad[0] && s[1] === bad[1] ? `at ${s.join(',')}` : null) }],
  describe: (i) => `raise ${i}`,
  identity: keyIdentity((s) => s.join(',')),
  isFinal: (s) => s[0] === 7 && s[1] === 7,
});

describe('a swarm member (depth-first, bit-state table)', () => {
  it('visits each of the 64 states once with a roomy table, and still says bounded, never complete', () => {
    for (const k of [1, 2, 3]) {
      const r = swarmModel(grid(), { member: { k, n: 3 }, tableBits: 16 });
      expect(r).toMatchObject({ kind: 'bounded', reason: 'searched', states: 64, transitions: 112, depth: 14, deadlockCount: 0 });
    }
  });

  it('polls the stop request at every step: stopped at the 20th poll, after at most 20 transitions', () => {
    let polls = 0;
    const r = swarmModel(grid(), { member: { k: 1, n: 1 }, tableBits: 16, shouldStop: () => ++polls === 20 });
    expect(r).toMatchObject({ kind: 'bounded', reason: 'stopped' });
    expect(polls).toBe(20);
    expect(r.transitions).toBeLessThanOrEqual(20);
  });

  it('with a table too small, collisions hide states: fewer are taken as new, and the result says bounded all the same', () => {
    const r = swarmModel(grid(), { member: { k: 1, n: 1 }, tableBits: 5 });
    expect(r.kind).toBe('bounded');
    expect(r.states).toBeLessThan(64);
    expect(r.tableFill).toBeGreaterThan(0.5);
  });

  it('each member takes the ops in its own order: member 1 the model\'s, the others seeded shuffles, the same on every run', () => {
    expect(memberOrder({ k: 1, n: 8 }, 42, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    const orders = [2, 3, 4, 5, 6, 7, 8].map((k) => memberOrder({ k, n: 8 }, 42, 6));
    for (const o of orders) expect([...o].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(4);
    expect(memberOrder({ k: 5, n: 8 }, 42, 6)).toEqual(orders[3]);
  });

  it('finds a violation with a path that reaches it (not a shortest one), and the members disagree on the path', () => {
    const paths = [1, 2, 3, 4].map((k) => {
      const r = swarmModel(grid([2, 3]), { member: { k, n: 4 }, tableBits: 16 });
      expect(r.kind).toBe('violated');
      if (r.kind !== 'violated') return '';
      expect(r.counterexample.ops.filter((o) => o === 0)).toHaveLength(2);
      expect(r.counterexample.ops.filter((o) => o === 1)).toHaveLength(3);
      return r.counterexample.ops.join('');
    });
    expect(new Set(paths).size).toBeGreaterThan(1);
  });

  it('catches a planted fault of the System in the memory scope, and its counterexample replays to the violation', () => {
    const scope = scopeByName('memory')!;
    const world = buildWorld(scope.config, ['map-skips-scrub']);
    const model = exploreModelOf(world, { ...scopeOptions(scope), goals: [] });
    const r = swarmModel(model, { member: { k: 2, n: 4 }, tableBits: 20, maxDepth: 30 });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.property).toBe('no-cross-partition-data-leak');
    expect(runTrace(world, r.counterexample.ops, INVARIANTS).violation?.property).toBe('no-cross-partition-data-leak');
    // The breadth-first explorer's counterexample is a shortest one; the member's is no shorter.
    const bfs = exploreModel(model);
    expect(bfs.kind === 'violated' && bfs.counterexample.ops.length).toBeLessThanOrEqual(r.counterexample.ops.length);
  });
});
