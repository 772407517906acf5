import { describe, expect, it } from 'vitest';
import { CoverageCollector, DiscardingCollector } from '../../../src/coverage/collector.js';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';

const world = buildWorld(DEFAULT_CONFIG);
const run = (c: CoverageCollector) => checkRandom(world, { seed: 3, runs: 5, depth: 10, observers: [c.observer('random')] });

describe('coverage collectors', () => {
  it('a collector records the steps of the runs it observes', () => {
    const c = new CoverageCollector();
    const r = run(c);
    expect(r.steps).toBeGreaterThan(0);
    expect(Object.keys(c.data().engines)).toEqual(['random']);
  });

  it('a discarding collector (--no-report) records nothing, and the runs find what they find with a recording one', () => {
    const d = new DiscardingCollector();
    const r = run(d);
    expect(d.data().engines).toEqual({});
    expect(r).toEqual(run(new CoverageCollector()));
  });
});
