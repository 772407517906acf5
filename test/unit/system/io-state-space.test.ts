import { describe, expect, it } from 'vitest';
import { ioStateSpace } from '../../../bench/io-state-space.js';

// The whole search (every interrupt invariant in each reachable state) runs in `npm run bench`; here it runs to a fixed depth.
describe('the I/O path of a tiny host, searched breadth-first to depth 14', () => {
  it('every interrupt invariant holds in each of the 2062 states within 14 ops of boot', () => {
    expect(ioStateSpace(14)).toEqual({ states: 2062, depth: 14, complete: false });
  });

  it('the same search catches interrupt faults within that depth', () => {
    expect(ioStateSpace(14, ['deliver-to-last-run-vp']).violation).toMatchObject({ invariant: 'interrupt-delivered-only-to-running-vp-of-its-partition', depth: 6 });
    expect(ioStateSpace(14, ['signal-every-second-write']).violation).toMatchObject({ invariant: 'no-missed-ring-signal', depth: 6 });
  });
});
