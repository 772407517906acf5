import { describe, expect, it } from 'vitest';
import { ParentLinks } from '../../../../src/check/parallel/parent-links.js';

describe('parent links by state number', () => {
  it('give the op indices from the initial state, across chunks', () => {
    const links = new ParentLinks();
    links.add(-1, 0);
    // A chain of 10,000 states, each reached from the one before by op (its number mod 7).
    for (let n = 1; n < 10_000; n++) links.add(n - 1, n % 7);
    expect(links.size).toBe(10_000);
    expect(links.pathTo(0)).toEqual([]);
    expect(links.pathTo(3)).toEqual([1, 2, 3]);
    const long = links.pathTo(9_999);
    expect(long).toHaveLength(9_999);
    expect(long.slice(-2)).toEqual([9_998 % 7, 9_999 % 7]);
    expect(() => links.pathTo(10_000)).toThrow(/no recorded parent/);
  });
});
