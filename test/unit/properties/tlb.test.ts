import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { reachedAt } from '../../helpers/goals.js';
import { activeWithMemory } from '../../helpers/world.js';
import { SPINE_FAULTS, FAULTS } from '../../../src/faults/catalogue.js';
import { tlbInvariants, tlbHitHappens, cachedTranslationEnforcesAccess, tlbWithinCapacity, tagHoldsOnlyItsVmsEntries, unmapReturnsAfterShootdown, taggedSwitchPurgesNothing } from '../../../properties/tlb.js';
import { runOps } from '../../helpers/world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { GVA_BASE } from '../../../src/substrate/page-table.js';

const NAMES = tlbInvariants.map((p) => p.name);

describe('TLB invariants hold over generated sequences', () => {
  // The two claims below are judged step by step in the tests that follow (and over every generated run of `hvspec check`).
  // The tagged discipline's claims hold vacuously on the default host: they are judged on tagged hosts below.
  const tagged = [cachedTranslationEnforcesAccess, tlbWithinCapacity, tagHoldsOnlyItsVmsEntries, unmapReturnsAfterShootdown];
  for (const inv of tlbInvariants.filter((p) => !tagged.includes(p))) it(inv.name, () => expectHolds(inv.name));
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

/** The default host under the tagged discipline with `tags` hardware tags per LP. */
const taggedHost = (tags: number) => ({ ...DEFAULT_CONFIG, tlbDiscipline: 'tagged' as const, tlbTags: tags });
/** p1 Active with GPAs 0 and 1 mapped, running on `lp`, having read GPA 0 (one TLB entry there). */
const p1Filled = (lp: number): Op[] => [...activeWithMemory('p1', 2), { type: 'dispatchVp', lp, pid: 'p1', vp: 0 }, { type: 'guestAccess', lp, gva: GVA_OF_GPA0, write: false }];
const rootOnLp0: Op = { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 };

describe('the tagged discipline (Intel SDM INVVPID/INVEPT single-context; AMD APM ASID and TLB_CONTROL)', () => {
  it('a VM switch purges nothing: the previous VM keeps its entry under its tag, counted as a purge avoided', () => {
    const { system, results, counters } = runOps([...p1Filled(0), rootOnLp0], taggedHost(2));
    expect(system.substrate.lps[0]!.tags).toEqual(['p1', 'root']);
    expect(system.substrate.lps[0]!.tlb).toMatchObject([{ tag: 'p1', asid: 0, gpa: 0 }]);
    expect(results.at(-1)!.outcome.notes.join(' ')).toMatch(/VM switch p1 -> root.*kept 1 TLB entry of p1 under its tag/);
    expect([counters.vmSwitches, counters.tlbPurges, counters.tlbPurgesAvoided, counters.tlbEntriesRetained]).toEqual([1, 0, 1, 1]);
    expect(reachedAt(taggedSwitchPurgesNothing, [...p1Filled(0), rootOnLp0], taggedHost(2))).toBe(7);
    // The same run under purge-on-switch purges the entry, and the goal does not apply there.
    expect(runOps([...p1Filled(0), rootOnLp0]).counters).toMatchObject({ tlbPurges: 1, tlbPurgesAvoided: 0 });
    expect(taggedSwitchPurgesNothing.appliesTo!(DEFAULT_CONFIG)).toBe(false);
  });

  it('tlb-tag-holds-only-its-vms-entries: a recycled tag is flushed first; recycle-tag-without-flush breaks it', () => {
    const ops = [...p1Filled(0), rootOnLp0];
    const ok = runOps(ops, taggedHost(1));
    expect(ok.results.at(-1)!.outcome.notes.join(' ')).toMatch(/tag 0 recycled from p1: flushed 1 entry/);
    expect(ok.system.substrate.lps[0]!.tlb).toEqual([]);
    expect(tagHoldsOnlyItsVmsEntries.check(ok.system, undefined)).toBeNull();
    const bad = runOps(ops, taggedHost(1), ['recycle-tag-without-flush']);
    expect(tagHoldsOnlyItsVmsEntries.check(bad.system, undefined)).toMatch(/^lp0's tag 0 belongs to root, but still holds p1's gva 0x[0-9a-f]+ -> frame 0x[0-9a-f]+$/);
  });

  describe('unmap-returns-after-shootdown', () => {
    const unmap: Op = { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 1 };
    const judge = (ops: Op[], faults: string[] = []) => {
      const { system, results } = runOps([...ops, unmap], taggedHost(2), faults);
      return { system, verdict: unmapReturnsAfterShootdown.check(system, { before: system, op: unmap, outcome: results.at(-1)!.outcome }) };
    };
    // p1 ran on lp1 and left it (p2 runs there now): lp1 still holds p1's entry under p1's tag.
    const idleHolder: Op[] = [...activeWithMemory('p2', 1), ...p1Filled(1), { type: 'dispatchVp', lp: 1, pid: 'p2', vp: 0 }];

    it('the shootdown reaches an LP that holds the VM\'s entries without running it', () => {
      const { system, verdict } = judge(idleHolder);
      expect(system.substrate.lps[1]!.tlb.filter((e) => e.tag === 'p1')).toEqual([]);
      expect(verdict).toBeNull();
    });

    it('shootdown-skips-idle-lp breaks it', () => {
      expect(judge(idleHolder, ['shootdown-skips-idle-lp']).verdict).toMatch(/^UnmapGpaPages p1 returned, but lp1 \(running p2\) still translates p1's gva 0x[0-9a-f]+ to frame 0x[0-9a-f]+, which gpa 0x0 no longer maps$/);
    });

    it('flush-by-tag-local-only breaks it even on an LP running the VM', () => {
      expect(judge(p1Filled(1)).verdict).toBeNull();
      expect(judge(p1Filled(1), ['flush-by-tag-local-only']).verdict).toMatch(/^UnmapGpaPages p1 returned, but lp1 still translates p1's gva/);
    });
  });

  it('the random engine catches each fault of the tagged discipline on its own host, shrunk to at most 9 steps', () => {
    for (const name of ['recycle-tag-without-flush', 'shootdown-skips-idle-lp', 'flush-by-tag-local-only']) {
      const f = FAULTS.find((x) => x.name === name)!;
      expectCaught(name, f.breaks.at(-1)!, 9, f.config!, 100);
    }
  });
});
