/**
 * The machine memo answers a repeated step from the instance front, an
 * equal instance in another object from its table, and computes only what
 * it has not seen; `advanceStats` counts each case, and the answer is the
 * same whichever way it came.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_MACHINES } from '../../../src/system/system.js';
import { advance, advanceStats, initialState, resetAdvanceStats } from '../../../src/system/machine-runtime.js';

describe('advance memo', () => {
  it('counts instance hits, table hits and computed steps, and gives equal answers', () => {
    // A variant of its own, so that no other test has filled its memo.
    const lp = STANDARD_MACHINES.lp.provide({});
    const start = initialState(lp);
    resetAdvanceStats();
    const first = advance(lp, start, { type: 'DISPATCH', pid: 'p1', vp: 0 });
    expect(advanceStats()).toMatchObject({ calls: 1, instanceHits: 0, memoHits: 0, computed: 1 });
    const again = advance(lp, start, { type: 'DISPATCH', pid: 'p1', vp: 0 });
    expect(again).toBe(first);
    expect(advanceStats()).toMatchObject({ calls: 2, instanceHits: 1, memoHits: 0, computed: 1 });
    // The same state and context in another object: the table answers.
    const copy = { value: start.value, context: structuredClone(start.context) };
    expect(advance(lp, copy, { type: 'DISPATCH', pid: 'p1', vp: 0 })).toBe(first);
    expect(advanceStats()).toMatchObject({ calls: 3, instanceHits: 1, memoHits: 1, computed: 1 });
    // Another event is computed.
    advance(lp, start, { type: 'DISPATCH', pid: 'p2', vp: 0 });
    expect(advanceStats()).toMatchObject({ calls: 4, instanceHits: 1, memoHits: 1, computed: 2, clears: 0 });
    resetAdvanceStats();
    expect(advanceStats()).toEqual({ calls: 0, instanceHits: 0, memoHits: 0, computed: 0, clears: 0 });
  });

  it('hands out one initial state per machine, so a fresh instance meets the instance front', () => {
    const lp = STANDARD_MACHINES.lp.provide({});
    const start = initialState(lp);
    expect(initialState(lp)).toBe(start);
    // Another variant of the same definition has its own.
    const other = STANDARD_MACHINES.lp.provide({});
    expect(initialState(other)).not.toBe(start);
    expect(initialState(other)).toEqual(start);
    resetAdvanceStats();
    advance(lp, start, { type: 'DISPATCH', pid: 'p1', vp: 0 });
    advance(lp, initialState(lp), { type: 'DISPATCH', pid: 'p1', vp: 0 });
    expect(advanceStats()).toMatchObject({ calls: 2, instanceHits: 1, computed: 1 });
  });
});
