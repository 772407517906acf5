import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LevelList } from '../../../../src/check/parallel/level-list.js';

const record = fc.record({
  bytes: fc.uint8Array({ maxLength: 300 }),
  countdowns: fc.array(fc.integer({ min: -1, max: 126 }), { minLength: 2, maxLength: 2 }),
  hi: fc.integer({ min: 0, max: 0xffffffff }),
  lo: fc.integer({ min: 0, max: 0xffffffff }),
});

describe('a thread’s share of a level', () => {
  it('reads back every record as it was pushed, by position, also after appending a run of it to another list', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 80 }), fc.nat(), fc.nat(), (rs, a, b) => {
        const list = new LevelList(2);
        for (const r of rs) list.push(r.bytes, r.bytes.length, r.countdowns, r.hi, r.lo);
        expect(list.size).toBe(rs.length);
        const check = (l: LevelList, i: number, r: (typeof rs)[number]) => {
          l.read(i);
          expect([l.hi, l.lo, [...l.countdowns], [...l.state]]).toEqual([r.hi, r.lo, r.countdowns, [...r.bytes]]);
        };
        rs.forEach((r, i) => check(list, i, r));
        const from = rs.length ? a % rs.length : 0;
        const to = rs.length ? from + (b % (rs.length - from + 1)) : 0;
        const other = new LevelList(2);
        other.append(list, from, to);
        expect(other.size).toBe(to - from);
        rs.slice(from, to).forEach((r, i) => check(other, i, r));
      }),
      { seed: 1, numRuns: 100 },
    );
  });

  it('spans chunks and refuses a position it does not hold', () => {
    const list = new LevelList(0);
    const big = new Uint8Array(60_000).fill(7);
    for (let i = 0; i < 10; i++) list.push(big, big.length, [], i, 0);
    list.read(9);
    expect([list.hi, list.state.length, list.state[59_999]]).toEqual([9, 60_000, 7]);
    expect(() => list.read(10)).toThrow(/record 10 of 10/);
    expect(() => list.push(new Uint8Array(70_000), 70_000, [], 0, 0)).toThrow(/65535/);
  });
});
