import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { reachedAt } from '../../helpers/goals.js';
import { activeWithMemory } from '../../helpers/world.js';
import { SPINE_FAULTS } from '../../../src/faults/catalogue.js';
import { tlbInvariants, tlbHitHappens } from '../../../properties/tlb.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { GVA_BASE } from '../../../src/substrate/page-table.js';

const NAMES = tlbInvariants.map((p) => p.name);

describe('TLB invariants hold over generated sequences', () => {
  for (const inv of tlbInvariants) it(inv.name, () => expectHolds(inv.name));
});

describe('every spine fault is caught by each TLB claim it breaks, shrunk to at most 8 steps', () => {
  for (const f of SPINE_FAULTS)
    for (const p of f.breaks.filter((b) => NAMES.includes(b)))
      it(`${f.name} -> ${p}`, () => {
        expectCaught(f.name, p, 8, f.config ?? DEFAULT_CONFIG);
      });

  it('every TLB invariant has at least one spine fault', () => {
    const broken = new Set(SPINE_FAULTS.flatMap((f) => f.breaks));
    for (const inv of tlbInvariants) expect(broken.has(inv.name), inv.name).toBe(true);
  });
});

describe('TLB goals', () => {
  it('guest-access-hits-tlb: the first access fills the TLB, the second hits it', () => {
    // The boot page table maps GVA page GVA_BASE + i to GPA page gpaPages - 1 - i: this one is GPA 0, which is mapped.
    const gva = GVA_BASE + DEFAULT_CONFIG.partitions.find((p) => p.id === 'p1')!.gpaPages - 1;
    const read: Op = { type: 'guestAccess', lp: 0, gva, write: false };
    const ops: Op[] = [...activeWithMemory('p1'), { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, read, read];
    expect(reachedAt(tlbHitHappens, ops)).toBe(7);
  });
});
