import { describe, expect, it } from 'vitest';
import { expectCaught, expectHolds, FAULT_SEED } from '../../helpers/faults.js';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { interruptInvariants, interruptGoals } from '../../../properties/interrupt.js';

const CAUGHT: readonly [fault: string, property: string, maxSteps: number][] = [
  ['drop-interrupt-while-no-vp-runs', 'no-interrupt-lost', 12],
  ['redeliver-deferred-interrupts', 'no-interrupt-delivered-twice', 12],
  ['redeliver-deferred-interrupts', 'deferred-only-while-no-vp-dispatched', 12],
  ['deliver-to-last-run-vp', 'interrupt-delivered-only-to-running-vp-of-its-partition', 12],
  ['dispatch-skips-deferred-delivery', 'deferred-only-while-no-vp-dispatched', 12],
  ['ring-accepts-full-write', 'ring-never-overflows', 12],
  ['ring-accepts-full-write', 'ring-empty-iff-indices-equal', 12],
  ['ring-read-ignores-padding', 'ring-empty-iff-indices-equal', 12],
  ['signal-every-second-write', 'no-missed-ring-signal', 12],
  ['end-read-skips-recheck', 'no-missed-ring-signal', 12],
  ['forget-message-pending', 'synic-slot-holds-one-message', 12],
  ['post-overwrites-full-slot', 'synic-slot-holds-one-message', 12],
  ['unmap-ignores-dma-pin', 'io-buffers-stay-mapped-until-completion', 12],
];

describe('interrupt invariants hold on the correct model', () => {
  for (const inv of interruptInvariants) it(`${inv.name} holds (seed ${FAULT_SEED})`, () => expectHolds(inv.name, DEFAULT_CONFIG, 60, 40));

  it('every interrupt goal is reached, so the invariants do not hold vacuously', () => {
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: FAULT_SEED, runs: 100, depth: 40, invariants: interruptInvariants, goals: interruptGoals });
    expect(r.kind, `seed ${FAULT_SEED}`).toBe('holds');
    for (const g of r.goals) expect(g.reachedIn, `seed ${FAULT_SEED}: goal ${g.name}`).toBeGreaterThan(0);
    // Deferral is common in generated runs, and its latency is measured.
    expect(r.counters.deferredInterrupts).toBeGreaterThan(0);
    expect(Object.values(r.counters.deferredWaitSteps).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.keys(r.counters.virtualInterrupts).length).toBeGreaterThan(0);
  });

  it('every interrupt invariant has a fault in the catalogue that breaks it', () => {
    for (const inv of interruptInvariants) expect(CAUGHT.some(([, p]) => p === inv.name), inv.name).toBe(true);
  });
});

describe('interrupt faults are caught and shrunk', () => {
  for (const [fault, property, max] of CAUGHT)
    it(`${fault} -> ${property} (<= ${max} steps)`, () => {
      const cx = expectCaught(fault, property, max);
      console.log(`${fault} -> ${property}: ${cx.ops.length} steps, shrunk ${cx.shrinks} times`);
    });
});
