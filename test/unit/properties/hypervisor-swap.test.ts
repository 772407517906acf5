import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../src/faults/build-world.js';
import { runTrace } from '../../../src/check/run.js';
import type { Op } from '../../../src/system/ops.js';
import { SWAP_EXPLORE_CONFIG } from '../../../src/check/explore-config.js';
import { INVARIANTS } from '../../../properties/index.js';
import { hypervisorSwapInvariants } from '../../../properties/hypervisor-swap.js';

const start: Op[] = [{ type: 'dmStart', pid: 'p1' }, { type: 'dmSettle', pid: 'p1' }];
/** Swap gpa 0 out after writing it, write it again (a swap-in), and balloon the page swapped out next (gpa 1, free in the guest). */
const ops: Op[] = [
  ...start,
  { type: 'dmTouch', pid: 'p1', gpa: 0 },
  { type: 'hvSwapOut', pid: 'p1', pick: 0 },
  { type: 'dmTouch', pid: 'p1', gpa: 0 },
  { type: 'hvSwapOut', pid: 'p1', pick: 1 },
  { type: 'dmBalloon', pid: 'p1', pages: 1 },
  { type: 'dmSettle', pid: 'p1' },
  { type: 'dmGuestWork', pid: 'p1' },
  { type: 'dmSettle', pid: 'p1' },
];

/** The first violation of a run of `ops` with `faults`, and the step it came at. */
const violation = (faults: string[]) => {
  const r = runTrace(buildWorld(SWAP_EXPLORE_CONFIG, faults), ops, INVARIANTS);
  expect(r.skippedCount).toBe(0);
  return r.violation && { property: r.violation.property, message: r.violation.message, step: r.violation.step };
};

describe('the claims of hypervisor swapping', () => {
  it('hold on a correct run that swaps out, swaps in and balloons a swapped page (its slot is dropped)', () => {
    const r = runTrace(buildWorld(SWAP_EXPLORE_CONFIG), ops, hypervisorSwapInvariants);
    expect(r.violation).toBeUndefined();
    expect(r.skippedCount).toBe(0);
    expect(r.final.dm['p1']!.swap!.slots).toEqual([]);
    expect(r.steps.at(-1)!.outcome.observations).toContainEqual({ kind: 'hvSwap', pid: 'p1', gpa: 1, event: 'discard', frame: null, saved: 'zero' });
  });

  it('each fails, naming the page, when its fault is on', () => {
    expect(violation(['swap-out-leaves-page-mapped'])).toEqual({ property: 'swapped-page-is-never-accessed-in-place', step: 4, message: 'p1 gpa 0x0 is in the swap file (slot 0) but its SLAT still maps frame 0x2: the guest accesses it in place' });
    expect(violation(['swap-in-skips-swap-file'])).toEqual({ property: 'swapped-page-contents-come-back-unchanged', step: 5, message: "p1 gpa 0x0 was swapped out holding p1's data and came back in frame 0x2 holding zeros" });
    expect(violation(['swap-in-leaves-frame-on-free-list'])).toMatchObject({ property: 'no-frame-owned-twice', step: 5 });
    expect(violation(['balloon-reclaim-keeps-swap-slot'])).toEqual({ property: 'swapped-page-is-never-in-a-balloon', step: 10, message: "p1 gpa 0x1 is in p1's balloon and also in the swap file (slot 0)" });
  });
});
