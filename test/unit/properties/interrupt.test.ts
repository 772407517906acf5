import { describe, expect, it } from 'vitest';
import { expectCaught, expectHolds, FAULT_SEED } from '../../helpers/faults.js';
import { checkRandom } from '../../../src/check/random.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { buildWorld, faultByName } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { interruptInvariants, interruptGoals, noInterruptLost, synicQueueWaitsOnlyBehindFullSlot, synicInterruptOnlyOnDelivery } from '../../../properties/interrupt.js';
import { applyOp } from '../../../src/system/step.js';
import { runOps, activeWithMemory } from '../../helpers/world.js';
import type { Op } from '../../../src/system/ops.js';

/** Every (fault, interrupt invariant) pair the catalogue claims, each to be caught within 12 steps. */
const INTERRUPT_NAMES = interruptInvariants.map((p) => p.name);
const CAUGHT: readonly [fault: string, property: string, maxSteps: number][] = FAULTS.flatMap((f) =>
  f.breaks.filter((b) => INTERRUPT_NAMES.includes(b)).map((b): [string, string, number] => [f.name, b, 12]),
);

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
    expect(CAUGHT.length).toBeGreaterThanOrEqual(interruptInvariants.length);
  });
});

describe('no-interrupt-lost: the bound', () => {
  const ops: Op[] = [...activeWithMemory('p2'), { type: 'vspPostMessage', pid: 'p2' }, { type: 'tick' }, { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }];

  it('a deferred interrupt may wait any number of steps while no VP of its partition runs', () => {
    const { system } = runOps(ops.slice(0, -1), DEFAULT_CONFIG, ['drop-interrupt-while-no-vp-runs']);
    expect(system.interrupts.irqs.map((r) => [r.stage, r.runningWait])).toEqual([['pending', 0]]);
    expect(noInterruptLost.check(system, undefined)).toBeNull();
  });

  it('but not one step past the dispatch of one of its VPs (bound 0)', () => {
    const lost = runOps(ops, DEFAULT_CONFIG, ['drop-interrupt-while-no-vp-runs']).system;
    expect(noInterruptLost.check(lost, undefined)).toMatch(/interrupt #0 \(control message for p2\) is still undelivered although a VP of p2 has been running for 1 step/);
    const ok = runOps(ops).system;
    expect(noInterruptLost.check(ok, undefined)).toBeNull();
    expect(ok.interrupts.irqs.map((r) => r.stage)).toEqual(['delivered']);
  });
});

describe('interrupt faults are caught and shrunk', () => {
  for (const [fault, property, max] of CAUGHT)
    it(`${fault} -> ${property} (<= ${max} steps)`, () => {
      // A fault that brings its own host is checked there, as `hvspec check --fault NAME` does.
      const cx = expectCaught(fault, property, max, faultByName(fault)?.config ?? DEFAULT_CONFIG);
      console.log(`${fault} -> ${property}: ${cx.ops.length} steps, shrunk ${cx.shrinks} times`);
    });

});

describe('the SynIC claims of the TLFS (SynIC messages), each on a short op sequence', () => {
  const running: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }];
  /** The state after `ops` and the step into it, judged by `inv`. */
  const judge = (inv: (typeof interruptInvariants)[number], ops: Op[], faults: string[] = []) => {
    const { system } = runOps(ops.slice(0, -1), DEFAULT_CONFIG, faults);
    const r = applyOp(system, ops.at(-1)!);
    return inv.check(r.system, { before: system, op: ops.at(-1)!, outcome: r.outcome });
  };

  it('synic-queue-waits-only-behind-full-slot: after the guest empties the slot and EOIs, the queued message is in the slot; a fault that skips the EOI scan leaves it waiting', () => {
    const ops: Op[] = [...running, { type: 'vspPostMessage', pid: 'p2' }, { type: 'vspPostMessage', pid: 'p2' }, { type: 'guestHandle', lp: 0 }, { type: 'eoi', lp: 0 }];
    // Between the guest's read and its EOI the slot is empty with a message queued: allowed, the interrupt is in service.
    expect(judge(synicQueueWaitsOnlyBehindFullSlot, ops.slice(0, -1))).toBeNull();
    expect(judge(synicQueueWaitsOnlyBehindFullSlot, ops)).toBeNull();
    expect(judge(synicQueueWaitsOnlyBehindFullSlot, ops, ['eoi-skips-rescan'])).toBe(
      'p2 vp0 SINT2: the slot is empty and its EOI written, yet message #1 still waits in the queue: no post, EOI or EOM scan moved it into the slot',
    );
  });

  it('synic-interrupt-only-on-delivery: unmasking a SINT that took a message while masked raises nothing; a fault that raises it is caught', () => {
    const ops: Op[] = [...running, { type: 'maskSint', lp: 0, sint: 2 }, { type: 'vspPostMessage', pid: 'p2' }, { type: 'unmaskSint', lp: 0, sint: 2 }];
    expect(judge(synicInterruptOnlyOnDelivery, ops.slice(0, -1))).toBeNull();
    expect(judge(synicInterruptOnlyOnDelivery, ops)).toBeNull();
    expect(judge(synicInterruptOnlyOnDelivery, ops, ['unmask-raises-held-interrupt'])).toBe(
      'an interrupt was raised on p2 vp0 SINT2 by unmaskSint, though no message entered its slot and no event flag was set (it was unmasked: what arrived while it was masked raised an interrupt that is lost)',
    );
  });
});
