/**
 * `hvspec/vitest` (src/api/vitest.ts): `ops(config)` is hvspec's own
 * op-sequence arbitrary (the one the random engine runs), its sequences
 * print as the steps that ran, and `assertHolds` throws hvspec's
 * counterexample; under fast-check a broken claim is shrunk and reported
 * with its seed, its path and those steps. `test.prop` of @fast-check/vitest
 * runs a property of one's own over it.
 */
import { describe, it, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { ops, assertHolds, runOps, worldOf, ClaimViolated } from '../../../src/api/vitest.js';
import { defineConfig } from '../../../src/config/define-config.js';
import { opSequence } from '../../../src/check/op-sequence.js';
import type { System } from '../../../src/system/system.js';

const config = defineConfig({
  host: { frames: 96, hypervisorFrames: 8, rootFrames: 16, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 8 }] },
  weights: { mapGpaPages: 8 },
});

/** A claim of one's own: p1 never has more GPA pages mapped than its address space. */
function mappedWithinAddressSpace(s: System): string | null {
  const mapped = Object.keys(s.substrate.slat['p1'] ?? {}).length;
  return mapped <= 8 ? null : `p1 has ${mapped} pages mapped`;
}

describe('ops(config)', () => {
  it('is the random engine’s arbitrary: the same seed gives the same sequences, each op enabled when its turn comes', () => {
    const world = worldOf(config);
    const mine = fc.sample(ops(config, { maxLength: 20 }), { seed: 4, numRuns: 5 });
    const engine = fc.sample(opSequence(world, { maxLength: 20, weights: { mapGpaPages: 8 } }), { seed: 4, numRuns: 5 });
    expect(mine.map((s) => [...s])).toEqual(engine);
    for (const seq of mine) expect(runOps(config, seq).skippedCount).toBe(0);
    expect(mine.some((seq) => seq.some((o) => o.type === 'mapGpaPages'))).toBe(true);
    // A sequence prints as the steps that ran.
    expect(fc.stringify(mine[0])).toMatch(/^\d+ ops?, \d+ ran:\n {2}1\. /);
  });

  it('under fast-check, a claim a fault breaks is shrunk and reported with its seed, path and the steps that ran', () => {
    const world = worldOf(config, { faults: ['map-skips-scrub'] });
    const details = fc.check(fc.property(ops(world, { maxLength: 30 }), (seq) => assertHolds(world, seq)), { seed: 1, numRuns: 100 });
    expect(details.failed).toBe(true);
    const report = fc.defaultReportMessage(details) ?? '';
    expect(report).toContain('seed: 1, path: "');
    expect(report).toMatch(/Counterexample: \[\d+ ops?, \d+ ran:\n {2}1\. createPartition p1/);
    const e = details.errorInstance;
    expect(e).toBeInstanceOf(ClaimViolated);
    expect((e as ClaimViolated).message).toMatch(/^✗ no-cross-partition-data-leak {2}violated after \d+ steps/);
    expect((e as ClaimViolated).counterexample.faults).toEqual(['map-skips-scrub']);
  });

  it('assertHolds judges a function claim under its kebab-case name, and passes when it holds', () => {
    const seq = fc.sample(ops(config, { maxLength: 30 }), { seed: 2, numRuns: 1 })[0]!;
    expect(() => assertHolds(config, seq, [mappedWithinAddressSpace])).not.toThrow();
    const never = (s: System) => (s.partitions['p1'] ? 'p1 exists' : null);
    const create = [{ type: 'createPartition', pid: 'p1' }] as const;
    expect(() => assertHolds(config, [...create], [never])).toThrow(/✗ never {2}violated after 1 step/);
    expect(runOps(config, [...create], [never]).violation?.property).toBe('never');
  });
});

// `test.prop` itself, over hvspec's System: the claim holds on 20 generated runs of a correct world.
test.prop([ops(config, { maxLength: 20 })], { seed: 7, numRuns: 20 })('p1 never maps more pages than its address space', (seq) => {
  assertHolds(config, seq, [mappedWithinAddressSpace]);
});
