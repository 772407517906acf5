import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { reachedAt } from '../../helpers/goals.js';
import { activeWithMemory } from '../../helpers/world.js';
import { SPINE_FAULTS, FAULTS } from '../../../src/faults/catalogue.js';
import { tlbInvariants, tlbHitHappens, cachedTranslationEnforcesAccess, tlbWithinCapacity } from '../../../properties/tlb.js';
import { runOps } from '../../helpers/world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { GVA_BASE } from '../../../src/substrate/page-table.js';

const NAMES = tlbInvariants.map((p) => p.name);

describe('TLB invariants hold over generated sequences', () => {
  // The two claims below are judged step by step in the tests that follow (and over every generated run of `hvspec check`).
  for (const inv of tlbInvariants.filter((p) => p !== cachedTranslationEnforcesAccess && p !== tlbWithinCapacity)) it(inv.name, () => expectHolds(inv.name));
});

describe('every spine fault is caught by each TLB claim it breaks, shrunk to at most 8 steps', () => {
  for (const f of SPINE_FAULTS)
    for (const p of f.breaks.filter((b) => NAMES.includes(b)))
      it(`${f.name} -> ${p}`, () => {
        expectCaught(f.name, p, 8, f.config ?? DEFAULT_CONFIG);
      });

  it('every TLB invariant has at least one fault in the catalogue', () => {
    const broken = new Set(FAULTS.flatMap((f) => f.breaks));
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

/** The boot page table maps GVA page GVA_BASE + i to GPA page gpaPages - 1 - i: this GVA is p1's GPA 0. */
const GVA_OF_GPA0 = GVA_BASE + DEFAULT_CONFIG.partitions.find((p) => p.id === 'p1')!.gpaPages - 1;
/** p1 Active and running on lp0 with GPA 0 mapped read-only. */
const readOnly: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 1 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 1, access: 1 },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
];
const access = (write: boolean): Op => ({ type: 'guestAccess', lp: 0, gva: GVA_OF_GPA0, write });

describe('cached-translation-enforces-slat-access (TLFS HvCallMapGpaPages access flags; Intel SDM: the TLB caches the access rights with the translation)', () => {
  const judge = (faults: string[]) => {
    const { system, results } = runOps([...readOnly, access(false), access(true)], DEFAULT_CONFIG, faults);
    const last = results.at(-1)!;
    return { last, verdict: cachedTranslationEnforcesAccess.check(system, { op: access(true), outcome: last.outcome } as never) };
  };

  it('a write through a read-only mapping faults when the TLB holds it (after a read filled it), as when it is walked', () => {
    const walked = runOps([...readOnly, access(true)]).results.at(-1)!;
    expect(walked.outcome.notes.join(' ')).toMatch(/faults: access-denied/);
    const { last, verdict } = judge([]);
    expect(last.outcome.notes.join(' ')).toMatch(/faults: access-denied/);
    expect(verdict).toBeNull();
  });

  it('tlb-hit-ignores-access-rights breaks it on the cached write', () => {
    const { last, verdict } = judge(['tlb-hit-ignores-access-rights']);
    expect(last.outcome.observations).toMatchObject([{ kind: 'access', write: true, via: 'hit' }]);
    expect(verdict).toMatch(/^p1 wrote gpa 0x0 \(frame 0x[0-9a-f]+\) through a cached translation, but its SLAT entry allows only read$/);
  });
});

describe('tlb-never-exceeds-capacity', () => {
  const tiny = { ...DEFAULT_CONFIG, tlbEntries: 1 };
  const two: Op[] = [...activeWithMemory('p1', 2), { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, access(false), { type: 'guestAccess', lp: 0, gva: GVA_OF_GPA0 - 1, write: false }];

  it('a fill into a full TLB evicts the oldest entry', () => {
    const { system } = runOps(two, tiny);
    expect(system.substrate.lps[0]!.tlb.map((e) => e.gpa)).toEqual([1]);
    expect(tlbWithinCapacity.check(system, undefined)).toBeNull();
  });

  it('tlb-fill-overflows-capacity breaks it on the second fill', () => {
    const { system } = runOps(two, tiny, ['tlb-fill-overflows-capacity']);
    expect(tlbWithinCapacity.check(system, undefined)).toBe("lp0's TLB holds 2 entries, beyond its capacity of 1");
  });
});
