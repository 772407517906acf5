import { describe, expect, it } from 'vitest';
import { bootGuestMemory, allocBalloon, commit, decommit, touch, freePages, pin, freeBalloon, online, statusFigures, pagedOut } from '../../../src/dynamic-memory/guest-memory.js';

describe('guest memory manager', () => {
  it('takes aligned large units first, bounded by the ranges of one message', () => {
    const mm = bootGuestMemory(16, 3); // working set 0..2
    const a = allocBalloon(mm, 7, 2, 2);
    expect(a.ranges).toEqual([{ startPage: 4, pageCnt: 2 }, { startPage: 6, pageCnt: 2 }]);
    expect(a.trimmed).toBe(0);
    const b = allocBalloon(a.mm, 3, 1, 2);
    expect(b.pages).toEqual([3, 8]);
  });

  it('trims the least recently used pages when too few are free, and signals low memory', () => {
    let mm = bootGuestMemory(8, 6); // working set 0..5, free 6, 7
    mm = touch(mm, 0); // 0 is now the most recently used
    const a = allocBalloon(mm, 4, 1, 8);
    expect(a.trimmed).toBe(2);
    expect(a.mm.workingSet).toEqual([3, 4, 5, 0]);
    expect(a.mm.lowMemory).toBe(true);
    expect(pagedOut(a.mm)).toBe(2);
    expect(a.pages).toEqual([1, 2, 6, 7]);
  });

  it('commits into free pages, trims when none are free, and decommits page-file pages first', () => {
    const c = commit(bootGuestMemory(4, 3), 2);
    expect(c.trimmed).toBe(1);
    expect(c.mm.committed).toBe(5);
    expect(freePages(c.mm)).toEqual([]);
    const d = decommit(c.mm, 1);
    expect(pagedOut(d)).toBe(0);
    expect(d.workingSet).toHaveLength(4);
  });

  it('pins, frees and onlines pages; status counts committed, ballooned and floor pages', () => {
    const a = allocBalloon(bootGuestMemory(8, 2), 2, 2, 2);
    const p = pin(a.mm, a.pages);
    expect(p.pinned).toEqual([2, 3]);
    expect(statusFigures(p, 3)).toEqual({ numCommitted: 2 + 2 + 3, numAvail: 4 });
    const f = freeBalloon(p, [2]);
    expect([f.balloon, f.pinned]).toEqual([[3], [3]]);
    expect(online(f, 4).visible).toBe(12);
  });
});
