import { describe, expect, it } from 'vitest';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';

describe('random engine', () => {
  it('gives the same result for the same seed, and another for another seed', () => {
    const w = buildWorld(DEFAULT_CONFIG, ['map-skips-scrub']);
    const a = checkRandom(w, { seed: 42, runs: 50, depth: 30 });
    const b = checkRandom(w, { seed: 42, runs: 50, depth: 30 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: 43, runs: 20, depth: 30 });
    const d = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: 44, runs: 20, depth: 30 });
    expect(c.steps).not.toBe(d.steps);
  });

  it('lists only the steps that ran, and they reproduce the violation', () => {
    const w = buildWorld(DEFAULT_CONFIG, ['unmap-skips-tlb-flush']);
    const r = checkRandom(w, { seed: 3, runs: 200, depth: 40 });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    const again = runTrace(w, r.counterexample.ops, INVARIANTS);
    expect(again.skippedCount).toBe(0);
    expect(again.steps).toHaveLength(r.counterexample.ops.length);
    expect(again.violation?.property).toBe(r.counterexample.property);
  });

  it('replays a failure from its seed and path alone', () => {
    const w = buildWorld(DEFAULT_CONFIG, ['delete-ignores-pool']);
    const r = checkRandom(w, { seed: 5, runs: 200, depth: 40 });
    if (r.kind !== 'violated') throw new Error(`seed 5: expected a violation, got ${r.kind}`);
    const again = checkRandom(w, { seed: 5, runs: 200, depth: 40, path: r.counterexample.path });
    expect(again.kind === 'violated' && again.counterexample.ops).toEqual(r.counterexample.ops);
  });

  it('reports goals that no run reached instead of claiming success', () => {
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: 1, runs: 10, depth: 3 });
    expect(r.kind).toBe('unreached');
    // Mapped memory in an active partition takes four ops (create, deposit, initialize, map): runs of 3 never get there.
    if (r.kind === 'unreached') expect(r.unreached).toContain('partition-active-with-mapped-memory');
  });
});
