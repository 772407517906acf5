import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { shareOfRuns, shardSeed, SHARDS_MAX } from '../../../src/cli/shard.js';
import { SEED_MAX } from '../../../src/cli/usage.js';

const shardOf = fc.integer({ min: 1, max: SHARDS_MAX }).chain((n) => fc.record({ k: fc.integer({ min: 1, max: n }), n: fc.constant(n) }));

describe('--shard K/N', () => {
  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: SHARDS_MAX })], { seed: 11, numRuns: 200 })(
    'the N shares of the runs add up to the runs asked, and differ by at most one',
    (runs, n) => {
      const shares = Array.from({ length: n }, (_, i) => shareOfRuns(runs, { k: i + 1, n }));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(runs);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    },
  );

  test.prop([fc.integer({ min: 0, max: SEED_MAX }), shardOf], { seed: 12, numRuns: 200 })('the shards of one check run distinct seeds, each a valid seed, shard 1 the check\'s own', (seed, s) => {
    const seeds = new Set(Array.from({ length: Math.min(s.n, 64) }, (_, i) => shardSeed(seed, { k: i + 1, n: s.n })));
    expect(seeds.size).toBe(Math.min(s.n, 64));
    expect(shardSeed(seed, { k: 1, n: s.n })).toBe(seed);
    const own = shardSeed(seed, s);
    expect(Number.isInteger(own) && own >= 0 && own <= SEED_MAX).toBe(true);
  });
});
