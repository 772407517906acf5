import { describe, it, expect } from 'vitest';
import { StateStore } from '../../../src/check/state-store.js';

const fp = (i: number) => ({ hi: Math.imul(i + 1, 0x9e3779b1) >>> 0, lo: ((i + 1) * 7919) >>> 0 });

describe('the state store', () => {
  it('stores each fingerprint once, numbering states in order, across growth', () => {
    const s = new StateStore(16);
    for (let i = 0; i < 10_000; i++) expect(s.add(fp(i), 0)).toBe(i);
    for (let i = 0; i < 10_000; i++) expect(s.add(fp(i), 0)).toBe(-1);
    expect(s.size).toBe(10_000);
    // The all-zero fingerprint marks empty slots, so it is stored as (0, 1).
    expect(s.add({ hi: 0, lo: 0 }, 0)).toBe(10_000);
    expect(s.add({ hi: 0, lo: 0 }, 0)).toBe(-1);
    expect(s.add({ hi: 0, lo: 1 }, 0)).toBe(-1);
  });

  it('rebuilds paths from child counts and op indices (large indices too)', () => {
    const s = new StateStore();
    // State 0 expands to 1, 2 (ops 3 and 300); state 1 to 3 (op 1); state 2 to 4, 5 (ops 0 and 7).
    s.add(fp(0), 0);
    s.add(fp(1), 3);
    s.add(fp(2), 300);
    s.expanded(2);
    s.add(fp(3), 1);
    s.expanded(1);
    s.add(fp(4), 0);
    s.add(fp(5), 7);
    s.expanded(2);
    expect(s.pathTo(0)).toEqual([]);
    expect(s.pathTo(3)).toEqual([3, 1]);
    expect(s.pathTo(5)).toEqual([300, 7]);
  });

  it('holds 8 bytes per state in a 53-80% full table plus 2 in the parent columns: 12 to 17 bytes', () => {
    const s = new StateStore();
    for (let i = 0; i < 100_000; i++) {
      s.add(fp(i), i % 5);
      s.expanded(1);
    }
    const perState = s.bytes() / s.size;
    expect(perState).toBeGreaterThan(12);
    expect(perState).toBeLessThan(17.2);
  });
});
