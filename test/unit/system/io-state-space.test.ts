import { describe, expect, it } from 'vitest';
import { ioStateSpace } from '../../../bench/io-state-space.js';

// `npm run bench` runs the search to depth 20 (the space is infinite: bench/io-state-space.ts says why); here it runs to a fixed depth.
describe('the I/O path of a tiny host, searched breadth-first to depth 10', () => {
  it('every interrupt invariant holds in each of the 734 states within 10 ops of boot', () => {
    expect(ioStateSpace(10)).toEqual({ states: 734, depth: 10, complete: false });
  });

  it('the same search catches interrupt faults within that depth', () => {
    expect(ioStateSpace(7, ['deliver-to-last-run-vp']).violation).toMatchObject({ invariant: 'interrupt-delivered-only-to-running-vp-of-its-partition', depth: 6 });
    expect(ioStateSpace(7, ['signal-every-second-write']).violation).toMatchObject({ invariant: 'no-missed-ring-signal', depth: 6 });
  });
});
