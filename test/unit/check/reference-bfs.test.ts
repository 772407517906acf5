import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { scopeByName } from '../../../src/check/explore-config.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { standardWorld, initialSystem, type System } from '../../../src/system/system.js';
import { OP_TYPES } from '../../../src/system/ops.js';
import { referenceBfs, referenceKey, renamingsOf } from '../../../bench/reference-bfs.js';

/**
 * The explorer (byte frontier, codec, canonical symmetry, incremental
 * claims) against a plain breadth-first search that steps the machines
 * directly: the same states, decoded back, and as many. A cheap scope here.
 */
function compare(name: string, symmetry: boolean) {
  const scope = scopeByName(name)!;
  const world = standardWorld(scope.config);
  const expanded: System[] = [];
  // No liveness countdowns: they would make states of one System state.
  const r = explore(world, { ...scopeOptions(scope), liveness: [], symmetry, onExpand: (s) => expanded.push(s) });
  const types = OP_TYPES.filter((t) => scope.opTypes.includes(t));
  const ref = referenceBfs(world, types, scope.opFilter, symmetry, initialSystem(world));
  const renamings = symmetry ? renamingsOf(world) : [null];
  const decoded = new Set(expanded.map((s) => referenceKey(s, renamings)));
  return { kind: r.kind, states: r.states, transitions: r.transitions, expanded: expanded.length, decoded, ref };
}

describe('the explorer visits exactly the states of a plain reference search', () => {
  const on = compare('hypercall-gate', true);
  const off = compare('hypercall-gate', false);
  for (const [symmetry, c] of [
    [true, on],
    [false, off],
  ] as const)
    it(`hypercall-gate, symmetry ${symmetry ? 'on' : 'off'}`, () => {
      expect(c.kind).toBe('complete');
      expect(c.states).toBe(c.ref.keys.size);
      expect(c.transitions).toBe(c.ref.transitions);
      // Every stored state was expanded, decoded from its bytes, and they are the reference's states, each once.
      expect(c.expanded).toBe(c.states);
      expect(c.decoded.size).toBe(c.states);
      expect([...c.decoded].filter((k) => !c.ref.keys.has(k))).toEqual([]);
    });

  it('symmetry merges orbits: hypercall-gate has fewer states with it than without', () => {
    expect(on.states).toBeLessThan(off.states);
  });
});
