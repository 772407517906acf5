import { describe, expect, it } from 'vitest';
import { runOps, activeWithMemory, world } from '../../helpers/world.js';
import { Hasher } from '../../../src/check/fingerprint.js';
import { checkRandom } from '../../../src/check/random.js';
import { countersObserver } from '../../../src/check/counters-observer.js';
import { runTrace } from '../../../src/check/run.js';
import type { System } from '../../../src/system/system.js';
import type { Op } from '../../../src/system/ops.js';
import type { StepOutcome } from '../../../src/system/outcome.js';
import type { StepObserver } from '../../../src/engine/observer.js';

/** A System without its World (the rest is plain data). */
const withoutWorld = (s: System) => {
  const { world: _world, ...rest } = s;
  return rest;
};

describe('counters are not state', () => {
  it('two Systems that differ only in the history counters recorded are the same state', () => {
    const boot: Op[] = [...activeWithMemory('p1', 1), { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }];
    // Read-only hypercalls and ticks with nobody to wake are counted, and change nothing else.
    const quiet = runOps(boot);
    const busy = runOps([...boot, { type: 'getMemoryBalance', pid: 'p1' }, { type: 'tick' }, { type: 'getNextChildPartition', pid: 'p1' }, { type: 'tick' }]);
    expect(busy.results.map((r) => r.outcome.status)).toEqual([...boot, 1, 2, 3, 4].map(() => 'applied'));
    expect(busy.counters.ticks).toBe(2);
    expect(busy.counters.hypercalls['GetMemoryBalance 0x4a']).toBe(1);
    expect(quiet.counters.ticks).toBe(0);
    expect(quiet.counters.hypercalls['GetMemoryBalance 0x4a']).toBeUndefined();
    expect(new Hasher().system(busy.system)).toEqual(new Hasher().system(quiet.system));
    expect(withoutWorld(busy.system)).toEqual(withoutWorld(quiet.system));
  });
});

describe('the counters observer', () => {
  it('sums to what a random check reports, and counts exactly the ops the run applied', () => {
    const counted = countersObserver<System, Op>();
    const applied = new Map<string, number>();
    const tally: StepObserver<System, Op, StepOutcome> = { applied: (t) => void applied.set(t.op.type, (applied.get(t.op.type) ?? 0) + 1) };
    const r = checkRandom(world(), { seed: 11, runs: 40, depth: 40, observers: [counted, tally] });
    expect(counted.totals()).toEqual(r.counters);
    expect(r.counters.appliedSteps).toBe(r.steps);
    expect(r.counters.guestAccesses).toBeGreaterThan(0);
    expect(r.counters.guestAccesses).toBe(applied.get('guestAccess'));
    expect(r.counters.ticks).toBe(applied.get('tick'));
    expect(r.counters.tlbHits + r.counters.tlbMisses).toBeLessThanOrEqual(r.counters.guestAccesses);
  });

  it('over a fixed trace, sums the counts each applied step reported', () => {
    const ops: Op[] = [...activeWithMemory('p1', 2), { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'guestAccess', lp: 0, gva: 0x1f, write: true }, { type: 'guestAccess', lp: 0, gva: 0x1f, write: false }, { type: 'tick' }];
    const counted = countersObserver<System, Op>();
    const run = runTrace(world(), ops, [], [], [counted]);
    expect(run.steps).toHaveLength(ops.length);
    expect(counted.totals()).toMatchObject({ appliedSteps: ops.length, guestAccesses: 2, tlbHits: 1, tlbMisses: 1, ticks: 1, hypercalls: { 'CreatePartition 0x40': 1, 'DepositMemory 0x48': 1, 'InitializePartition 0x41': 1, 'MapGpaPages 0x4b': 1 } });
    expect(run.steps.find((s) => s.op.type === 'tick')!.outcome.counts).toEqual([{ counter: 'ticks', by: 1 }]);
  });
});
