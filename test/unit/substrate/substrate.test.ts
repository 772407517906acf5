import { describe, expect, it } from 'vitest';
import { bootSubstrate, deposit, withdraw, grant, release, guestAccess } from '../../../src/substrate/substrate.js';
import { bootPageTable } from '../../../src/substrate/page-table.js';
import { purgeTag, tlbFill, flushGvaList } from '../../../src/substrate/tlb.js';

const shape = { frames: 16, hypervisorFrames: 2, rootFrames: 6, logicalProcessors: 2 };

describe('substrate', () => {
  it("maps the root's frames by identity and never the hypervisor's", () => {
    const s = bootSubstrate(shape);
    expect(Object.keys(s.slat.root!).map(Number)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(s.slat.root![2]).toEqual({ frame: 2, access: 15 });
  });

  it('deposit moves root frames into the pool and out of the root map; withdraw gives them back zeroed', () => {
    const s0 = bootSubstrate(shape);
    const d = deposit(s0, 'p1', 2)!;
    expect(d.frames).toEqual([2, 3]);
    expect(d.s.pools.p1).toEqual([2, 3]);
    expect(d.s.memory.holder[2]).toBe('pool:p1');
    expect(d.s.slat.root![2]).toBeUndefined();
    expect(deposit(s0, 'p1', 7)).toBeNull();
    const w = withdraw(d.s, 'p1', 1);
    expect(w.frames).toEqual([3]);
    expect(w.s.memory.holder[3]).toBe('root');
    expect(w.s.memory.content[3]).toBe('zero');
    expect(w.s.slat.root![3]).toEqual({ frame: 3, access: 15 });
    expect(w.s.pools.p1).toEqual([2]);
  });

  it('grant scrubs free frames and maps them; release flushes every TLB that cached them', () => {
    let s = grant(bootSubstrate(shape), 'p1', [0, 1], 3)!.s;
    expect(s.slat.p1).toEqual({ 0: { frame: 8, access: 3 }, 1: { frame: 9, access: 3 } });
    expect(s.memory.content[8]).toBe('zero');
    s = { ...s, pageTables: { p1: bootPageTable(2, 0x10) } };
    const a = guestAccess(s, 0, 'p1', 0x10, false, 4);
    expect(a.result).toEqual({ kind: 'walk', gpa: 1, frame: 9 });
    const b = guestAccess(a.s, 0, 'p1', 0x10, true, 4);
    expect(b.result).toEqual({ kind: 'hit', gpa: 1, frame: 9 });
    expect(b.s.memory.content[9]).toBe('p1');
    const r = release(b.s, 'p1', [1, 5]);
    expect(r.gpas).toEqual([1]);
    expect(r.frames).toEqual([9]);
    expect(r.s.lps[0]!.tlb).toEqual([]);
    expect(r.s.memory.free).toContain(9);
    expect(guestAccess(r.s, 0, 'p1', 0x10, false, 4).result).toEqual({ kind: 'fault', gpa: 1, reason: 'slat-miss' });
  });

  it('refuses a write through a read-only mapping', () => {
    let s = grant(bootSubstrate(shape), 'p1', [0], 1)!.s;
    s = { ...s, pageTables: { p1: { 0x10: 0 } } };
    expect(guestAccess(s, 0, 'p1', 0x10, true, 4).result).toEqual({ kind: 'fault', gpa: 0, reason: 'access-denied' });
  });

  it('keeps the rights with a cached translation: a read fills the TLB, a write then hits it and is still refused', () => {
    let s = grant(bootSubstrate(shape), 'p1', [0], 1)!.s;
    s = { ...s, pageTables: { p1: { 0x10: 0 } } };
    const read = guestAccess(s, 0, 'p1', 0x10, false, 4);
    expect(read.result).toMatchObject({ kind: 'walk', gpa: 0 });
    expect(read.s.lps[0]!.tlb).toEqual([expect.objectContaining({ tag: 'p1', gva: 0x10, gpa: 0, access: 1 })]);
    const frame = (read.result as { frame: number }).frame;
    const write = guestAccess(read.s, 0, 'p1', 0x10, true, 4);
    expect(write.result).toEqual({ kind: 'fault', gpa: 0, reason: 'access-denied' });
    expect(write.s.memory.content[frame]).toBe(read.s.memory.content[frame]);
    expect(guestAccess(read.s, 0, 'p1', 0x10, false, 4).result).toMatchObject({ kind: 'hit', frame });
  });

  it('refuses a read of a page mapped without READ (execute only), walked or cached', () => {
    let s = grant(bootSubstrate(shape), 'p1', [0], 4)!.s;
    s = { ...s, pageTables: { p1: { 0x10: 0 } } };
    expect(guestAccess(s, 0, 'p1', 0x10, false, 4).result).toEqual({ kind: 'fault', gpa: 0, reason: 'access-denied' });
    const frame = s.slat['p1']![0]!.frame;
    const cached = { ...s, lps: [{ running: null, tlb: [{ tag: 'p1', gva: 0x10, gpa: 0, frame, access: 4 }] }] };
    expect(guestAccess(cached, 0, 'p1', 0x10, false, 4).result).toEqual({ kind: 'fault', gpa: 0, reason: 'access-denied' });
  });

  it('keeps TLBs bounded, purges by tag and flushes by address list', () => {
    let lp = { running: null, tlb: [] as never[] } as import('../../../src/substrate/tlb.js').LogicalProcessor;
    for (let g = 0; g < 5; g++) lp = tlbFill(lp, { tag: g % 2 ? 'p2' : 'p1', gva: g, gpa: g, frame: g, access: 3 }, 3);
    expect(lp.tlb.map((e) => e.gva)).toEqual([2, 3, 4]);
    expect(purgeTag(lp, 'p1').purged).toBe(2);
    expect(flushGvaList(lp, 'p1', [2]).tlb.map((e) => e.gva)).toEqual([3, 4]);
  });
});
