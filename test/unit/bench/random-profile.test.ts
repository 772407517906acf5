import { describe, it, expect } from 'vitest';
import { randomSpeed } from '../../../bench/random-profile.js';

describe('randomSpeed (the bench: the random engine with every property, incremental on and off)', () => {
  // The bench measures 1000 runs; 10 keep this test small.
  it('measures the same runs both ways and charges every profiled sample to a phase', () => {
    const r = randomSpeed(undefined, 10);
    expect(r.incremental).toMatchObject({ runs: 10 });
    expect(r.full.result).toBe(r.incremental.result);
    expect(r.full.steps).toBe(r.incremental.steps);
    expect(r.incremental.steps).toBeGreaterThan(30);
    expect(Object.keys(r.phases)).toEqual(['step', 'properties', 'op choice', 'observers', 'other']);
    expect(Object.values(r.phases).reduce((a, f) => a + f.share, 0)).toBeCloseTo(1, 1);
    expect((r.phases.step?.share ?? 0) + (r.phases['op choice']?.share ?? 0)).toBeGreaterThan(0);
    // The machines' memo: every machine step of the measured check is counted once, answered one of three ways.
    const m = r.machineMemo;
    expect(m.calls).toBeGreaterThan(r.incremental.steps);
    expect(m.instanceHits + m.memoHits + m.computed).toBe(m.calls);
    expect(m.hitRate).toBeGreaterThan(0);
    expect(m.hitRate).toBeLessThanOrEqual(1);
  });
});
