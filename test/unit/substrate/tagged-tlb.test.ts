import { describe, expect, it } from 'vitest';
import { bootSubstrate, shootdown, shootdownWith, initiatorLp, lpsHoldingTag } from '../../../src/substrate/substrate.js';
import { type LogicalProcessor, type TlbEntry, loadTag, tlbLookup, userOf } from '../../../src/substrate/tlb.js';

const entry = (tag: string, asid: number, gpa = 0): TlbEntry => ({ tag, gva: 16 + gpa, gpa, frame: 8 + gpa, access: 3, asid });
const lp = (tags: (string | null)[], tlb: TlbEntry[] = [], running: string | null = null): LogicalProcessor => ({ running: running ? { pid: running, vp: 0 } : null, tlb, tags });

describe('hardware tags (VPID/ASID) on a logical processor', () => {
  it('boots each LP with tlbTags free tags under the tagged discipline, none otherwise', () => {
    const shape = { frames: 8, hypervisorFrames: 1, rootFrames: 2, logicalProcessors: 2 };
    expect(bootSubstrate({ ...shape, tlbDiscipline: 'tagged', tlbTags: 3 }).lps.map((l) => l.tags)).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(bootSubstrate({ ...shape, tlbDiscipline: 'tagged' }).lps[0]!.tags).toEqual([null, null]);
    expect(bootSubstrate(shape).lps[0]!.tags).toBeUndefined();
  });

  it('a VM keeps the tag it holds, takes a free one, or recycles the lowest not held by the VM the LP ran last, flushed first', () => {
    const full = lp(['p1', 'p2'], [entry('p1', 0), entry('p2', 1)]);
    expect(loadTag(full, 'p2', 'p1')).toMatchObject({ asid: 1, flushed: 0, lp: full });
    expect(loadTag(lp(['p1', null]), 'p3', 'p1')).toMatchObject({ asid: 1, flushed: 0 });
    const r = loadTag(full, 'p3', 'p1');
    expect(r).toMatchObject({ asid: 1, recycledFrom: 'p2', flushed: 1 });
    expect(r.lp.tags).toEqual(['p1', 'p3']);
    expect(r.lp.tlb).toEqual([entry('p1', 0)]);
    // One tag: the only one is recycled, whoever ran last.
    expect(loadTag(lp(['p1'], [entry('p1', 0)]), 'p2', 'p1')).toMatchObject({ asid: 0, recycledFrom: 'p1', flushed: 1 });
  });

  it('a lookup finds only entries under the VM\'s own tag; an entry is used by whoever holds its tag', () => {
    const l = lp(['p2', 'p1'], [entry('p1', 0)]);
    expect(tlbLookup(l, 'p1', 16)).toBeUndefined();
    expect(tlbLookup(l, 'p2', 16)).toEqual(entry('p1', 0));
    expect(userOf(l, entry('p1', 0))).toBe('p2');
  });
});

describe('the shootdown after an unmap (HvCallFlushGuestPhysicalAddressSpace: INVEPT single-context on all processors)', () => {
  const s0 = bootSubstrate({ frames: 8, hypervisorFrames: 1, rootFrames: 2, logicalProcessors: 3, tlbDiscipline: 'tagged' });
  // p1 runs on lp2, ran on lp1 (still holding its tag and an entry), never ran on lp0; the root runs on lp0.
  const s = { ...s0, lps: [lp(['root', null], [entry('root', 0)], 'root'), lp(['p1', 'p2'], [entry('p1', 0), entry('p2', 1)], 'p2'), lp(['p1', null], [entry('p1', 0, 1)], 'p1')] };

  it('starts on the LP running the root and reaches every LP where the VM holds a tag, running it or not', () => {
    expect(initiatorLp(s)).toBe(0);
    expect(lpsHoldingTag(s, 'p1')).toEqual([1, 2]);
    const after = shootdown(s, 'p1', [0]);
    expect(after.lps.map((l) => l.tlb.map((e) => e.tag))).toEqual([['root'], ['p2'], []]);
  });

  it('a shootdown that reaches only the LPs running the VM leaves the idle holder as it was', () => {
    const after = shootdownWith((x, pid) => x.lps.flatMap((l, i) => (l.running?.pid === pid ? [i] : [])))(s, 'p1', [0]);
    expect(after.lps[1]).toBe(s.lps[1]);
    expect(after.lps[2]!.tlb).toEqual([]);
  });
});
