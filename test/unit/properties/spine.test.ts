import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { SPINE_FAULTS } from '../../../src/faults/catalogue.js';
import { memoryInvariants } from '../../../properties/memory.js';
import { tlbInvariants } from '../../../properties/tlb.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';

/** Shrunk lengths observed with seed 1 (the bound is the acceptance limit of 8). */
const SHRUNK: Record<string, number> = {};

describe('spine invariants hold over generated sequences', () => {
  for (const inv of [...memoryInvariants, ...tlbInvariants]) it(inv.name, () => expectHolds(inv.name));
});

describe('every spine fault is caught by each property it breaks, shrunk to at most 8 steps', () => {
  for (const f of SPINE_FAULTS)
    for (const p of f.breaks)
      it(`${f.name} -> ${p}`, () => {
        // A fault that brings its own host is checked there, as `hvspec check --fault NAME` does.
        const cx = expectCaught(f.name, p, 8, f.config ?? DEFAULT_CONFIG);
        SHRUNK[`${f.name} -> ${p}`] = cx.ops.length;
      });

  it('every spine invariant has at least one fault', () => {
    const broken = new Set(SPINE_FAULTS.flatMap((f) => f.breaks));
    for (const inv of [...memoryInvariants, ...tlbInvariants]) expect(broken.has(inv.name), inv.name).toBe(true);
  });
});
