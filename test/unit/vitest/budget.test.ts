/**
 * `budget(seconds)` (src/vitest/budget.ts): fast-check runs the property as
 * many times as fit in the budget and passes when nothing failed; a fault
 * is still caught and shrunk within it; a bad budget is refused.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ops, assertHolds, budget, worldOf } from '../../../src/api/vitest.js';
import { defineConfig } from '../../../src/config/define-config.js';

const config = defineConfig({
  host: { frames: 96, hypervisorFrames: 8, rootFrames: 16, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 8 }] },
  weights: { mapGpaPages: 8 },
});

describe('budget(seconds)', () => {
  it('runs as many times as fit in the budget, and a budget that ends with nothing broken passes', () => {
    const details = fc.check(fc.property(ops(config, { maxLength: 20 }), (seq) => assertHolds(config, seq)), { seed: 3, ...budget(0.2) });
    expect(details.failed).toBe(false);
    expect(details.interrupted).toBe(true);
    expect(details.numRuns).toBeGreaterThan(0);
    expect(details.numRuns).toBeLessThan(1_000_000);
  });

  it('with maxRuns, stops at that many runs when they fit', () => {
    const details = fc.check(fc.property(ops(config, { maxLength: 10 }), (seq) => assertHolds(config, seq)), { seed: 3, ...budget(60, { maxRuns: 5 }) });
    expect(details).toMatchObject({ failed: false, interrupted: false, numRuns: 5 });
  });

  it('catches and shrinks a fault within the budget', () => {
    const world = worldOf(config, { faults: ['map-skips-scrub'] });
    const details = fc.check(fc.property(ops(world, { maxLength: 30 }), (seq) => assertHolds(world, seq)), { seed: 1, ...budget(30, { maxRuns: 100 }) });
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBeGreaterThan(0);
    expect(String((details.errorInstance as Error).message)).toMatch(/^✗ no-cross-partition-data-leak {2}violated after \d+ steps/);
  });

  it('refuses a budget that is not a positive number of seconds up to a day, or a bad maxRuns', () => {
    for (const s of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 86_401]) expect(() => budget(s)).toThrow(/budget: seconds must be/);
    for (const n of [0, 1.5, -3]) expect(() => budget(1, { maxRuns: n })).toThrow(/budget: maxRuns must be/);
  });
});
