import { describe, expect, it } from 'vitest';
import { expectCaught, expectHolds, FAULT_SEED } from '../../helpers/faults.js';
import { checkRandom } from '../../../src/check/random.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { buildWorld, faultByName } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { INVARIANTS } from '../../../properties/index.js';
import { vmbusInvariants, vmbusGoals } from '../../../properties/vmbus.js';
import { interruptInvariants } from '../../../properties/interrupt.js';

/** Every (fault, VMBus invariant) pair the catalogue claims, each to be caught within 12 steps. */
const NAMES = vmbusInvariants.map((p) => p.name);
const CAUGHT: readonly [fault: string, property: string, maxSteps: number][] = FAULTS.flatMap((f) =>
  f.breaks.filter((b) => NAMES.includes(b)).map((b): [string, string, number] => [f.name, b, 12]),
);

describe('VMBus invariants hold on the correct model', () => {
  for (const inv of vmbusInvariants) it(`${inv.name} holds (seed ${FAULT_SEED})`, () => expectHolds(inv.name, DEFAULT_CONFIG, 60, 40));

  it('under an I/O-heavy weighting whole I/Os complete, with rings filling, and every VMBus and interrupt invariant holds', () => {
    // The default weighting reaches a full I/O only in long runs; this one steers runs down the I/O path.
    const weights = {
      ...{ submitIo: 10, vspTakeRequest: 10, vspEndRead: 2, deviceComplete: 10, rootIsr: 10, vspSignal: 10, guestHandle: 10, eoi: 10, dispatchVp: 8, guestAccess: 1 },
      ...{ finalizePartition: 0, deletePartition: 0, withdrawMemory: 0, suspendVp: 0, resumeVp: 0, rootAccess: 0, getMemoryBalance: 0, getNextChildPartition: 0 },
    };
    const invariants = INVARIANTS.filter((p) => vmbusInvariants.includes(p) || interruptInvariants.includes(p));
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: FAULT_SEED, runs: 170, depth: 80, invariants, goals: vmbusGoals, weights });
    expect(r.kind, `seed ${FAULT_SEED}: ${r.kind === 'violated' ? r.counterexample.message : r.kind}`).toBe('holds');
    for (const g of r.goals) expect(g.reachedIn, `seed ${FAULT_SEED}: goal ${g.name}`).toBeGreaterThan(0);
    expect(r.counters.iosCompleted).toBeGreaterThan(20);
    expect(r.counters.ringFull).toBeGreaterThan(0);
    expect(r.counters.rootIsrs).toBeGreaterThanOrEqual(r.counters.iosCompleted);
  });

  it('every VMBus invariant has a fault in the catalogue that breaks it', () => {
    for (const inv of vmbusInvariants) expect(CAUGHT.some(([, p]) => p === inv.name), inv.name).toBe(true);
  });
});

describe('VMBus faults are caught and shrunk', () => {
  for (const [fault, property, max] of CAUGHT)
    it(`${fault} -> ${property} (<= ${max} steps)`, () => {
      // A fault that brings its own host is checked there, as `hvspec check --fault NAME` does.
      const cx = expectCaught(fault, property, max, faultByName(fault)?.config ?? DEFAULT_CONFIG);
      console.log(`${fault} -> ${property}: ${cx.ops.length} steps, shrunk ${cx.shrinks} times`);
    });
});
