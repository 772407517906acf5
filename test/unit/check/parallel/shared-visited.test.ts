import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SharedVisited, NEW, LOWERED, SAME_LEVEL, OLD } from '../../../../src/check/parallel/shared-visited.js';

describe('the visited set shared by the threads of a search', () => {
  it('tells a new state, one reached again at its level (by a lesser thread, or not), and one of an earlier level', () => {
    const t = SharedVisited.create(4);
    expect(t.insert(1, 2, 1, 1)).toBe(NEW);
    expect(t.owner(1, 2)).toBe(1);
    // Thread 1 again, then thread 2: a thread no less than the one that has it.
    expect(t.insert(1, 2, 1, 1)).toBe(SAME_LEVEL);
    expect(t.insert(1, 2, 1, 2)).toBe(SAME_LEVEL);
    // Thread 0 is lesser: it becomes the state's least thread.
    expect(t.insert(1, 2, 1, 0)).toBe(LOWERED);
    expect(t.owner(1, 2)).toBe(0);
    expect(t.insert(1, 2, 1, 1)).toBe(SAME_LEVEL);
    // At a later level, the state is old to everyone.
    expect(t.insert(1, 2, 2, 0)).toBe(OLD);
    expect(t.size).toBe(1);
    expect(t.owner(3, 4)).toBe(-1);
  });

  it('stores a zero hash, and keeps every state (and its owner) when grown; growing can leave out one level', () => {
    const t = SharedVisited.create(4);
    expect(t.insert(0, 0, 0, 0)).toBe(NEW);
    expect(t.insert(0, 0, 0, 0)).toBe(SAME_LEVEL);
    for (let i = 1; i <= 10; i++) t.insert(i, i * 7, i % 3, i % 2);
    expect(t.full).toBe(false);
    for (let i = 11; i <= 12; i++) t.insert(i, i * 7, i % 3, i % 2);
    // 13 of 16 slots: beyond the pause load.
    expect(t.full).toBe(true);
    const g = t.grown(6);
    expect(g.capacity).toBe(64);
    expect(g.size).toBe(13);
    for (let i = 1; i <= 12; i++) expect(g.owner(i, i * 7)).toBe(i % 2);
    const dropped = t.grown(6, 2);
    expect(dropped.size).toBe(13 - 4);
    for (let i = 1; i <= 12; i++) expect(dropped.owner(i, i * 7)).toBe(i % 3 === 2 ? -1 : i % 2);
  });

  it('holds each distinct hash once, whatever the order of inserts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }), (xs) => {
        const t = SharedVisited.create(8);
        const seen = new Map<number, number>();
        for (const [h, thread] of xs) {
          const r = t.insert(h, h ^ 0x5555, 1, thread);
          const had = seen.get(h);
          expect(r).toBe(had === undefined ? NEW : thread < had ? LOWERED : SAME_LEVEL);
          seen.set(h, had === undefined ? thread : Math.min(had, thread));
        }
        expect(t.size).toBe(seen.size);
        for (const [h, least] of seen) expect(t.owner(h, h ^ 0x5555)).toBe(least);
      }),
      { seed: 1, numRuns: 200 },
    );
  });
});
