import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { faultByName } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { reachedAt } from '../../helpers/goals.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { virtualProcessorInvariants, vmSwitchHappens } from '../../../properties/virtual-processor.js';
import type { Op } from '../../../src/system/ops.js';

const NAMES = virtualProcessorInvariants.map((p) => p.name);
/** Every (fault, virtual-processor claim) pair the catalogue claims. */
const CAUGHT = FAULTS.flatMap((f) => f.breaks.filter((b) => NAMES.includes(b)).map((b) => [f.name, b] as const));

describe('virtual-processor invariants hold over generated sequences (seed 1, 100 runs of up to 40 ops)', () => {
  for (const inv of virtualProcessorInvariants) it(inv.name, () => expectHolds(inv.name));
});

describe('every fault is caught by each virtual-processor claim it breaks, shrunk to at most 10 steps', () => {
  for (const [fault, property] of CAUGHT) it(`${fault} -> ${property}`, () => void expectCaught(fault, property, 10, faultByName(fault)?.config ?? DEFAULT_CONFIG));

  it('every virtual-processor invariant has a fault in the catalogue that breaks it', () => {
    for (const inv of virtualProcessorInvariants) expect(CAUGHT.some(([, p]) => p === inv.name), inv.name).toBe(true);
  });
});

describe('scheduler goals', () => {
  it('vm-switch-happens: a VP of p2 dispatched where p1 ran, and not a second VP of p1', () => {
    const ready = (pid: string): Op[] => [
      { type: 'createPartition', pid },
      { type: 'depositMemory', pid, pages: 1 },
      { type: 'initializePartition', pid },
    ];
    const p1vp0: Op = { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 };
    expect(reachedAt(vmSwitchHappens, [...ready('p1'), ...ready('p2'), p1vp0, { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }])).toBe(8);
    expect(reachedAt(vmSwitchHappens, [...ready('p1'), p1vp0, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 1 }])).toBe(0);
  });
});
