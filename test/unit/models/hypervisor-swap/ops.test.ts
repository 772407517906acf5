import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../../src/faults/build-world.js';
import { initialSystem, type System } from '../../../../src/system/system.js';
import { step } from '../../../../src/system/step.js';
import { enabledOps } from '../../../../src/system/enabled.js';
import { describeOp } from '../../../../src/system/describe.js';
import type { Op } from '../../../../src/system/ops.js';
import { SWAP_EXPLORE_CONFIG } from '../../../../src/check/explore-config.js';
import { lookupSlat } from '../../../../src/substrate/slat.js';
import { taxVictim, sharesPerPage } from '../../../../models/hypervisor-swap/idle-tax.js';

/** Applies `ops` in turn, each of which must apply. */
function run(sys: System, ops: readonly Op[]): System {
  for (const op of ops) {
    const r = step(sys, op);
    expect(r.outcome.status, `${describeOp(op)}: ${r.outcome.reason}`).toBe('applied');
    sys = r.system;
  }
  return sys;
}

const swapping = () => run(initialSystem(buildWorld(SWAP_EXPLORE_CONFIG)), [{ type: 'dmStart', pid: 'p1' }]);

describe('the idle memory tax', () => {
  it('takes from the guest with the fewest shares per taxed page: idle pages cost 1 / (1 - tau) times an active one', () => {
    const busy = { pid: 'a', shares: 1000, pages: 100, activePercent: 100 };
    const idle = { pid: 'b', shares: 1000, pages: 100, activePercent: 0 };
    expect(sharesPerPage(busy, 75)).toBe(10);
    expect(sharesPerPage(idle, 75)).toBe(2.5);
    expect(taxVictim([busy, idle], 75)?.pid).toBe('b');
    // Without a tax, equal shares per page: the guest named first.
    expect(taxVictim([busy, idle], 0)?.pid).toBe('a');
    // Twice the shares outweigh the tax on a half-idle guest (rho 20 / (0.5 + 2) = 8 against 10).
    expect(taxVictim([busy, { ...idle, shares: 2000, activePercent: 50 }], 75)?.pid).toBe('b');
    expect(taxVictim([{ ...busy, pages: 0 }], 75)).toBeNull();
  });
});

describe('hypervisor swapping ops', () => {
  it('hvSwapOut: listed once per candidate on a short host; the draw picks a page modulo the candidates; the page leaves its frame', () => {
    const sys = swapping();
    expect(sys.substrate.memory.free).toHaveLength(1);
    expect(enabledOps(sys).filter((o) => o.type === 'hvSwapOut')).toEqual([0, 1, 2, 3].map((pick) => ({ type: 'hvSwapOut', pid: 'p1', pick })));
    const frame = lookupSlat(sys.substrate.slat['p1']!, 1)!.frame;
    const after = run(sys, [{ type: 'hvSwapOut', pid: 'p1', pick: 5 }]);
    expect(after.dm['p1']!.swap!.slots).toEqual([{ gpa: 1, slot: 0, saved: 'zero' }]);
    expect(lookupSlat(after.substrate.slat['p1']!, 1)).toBeUndefined();
    expect(after.substrate.memory.free).toContain(frame);
    // Two frames free: the shortage is over.
    expect(enabledOps(after).some((o) => o.type === 'hvSwapOut')).toBe(false);
    expect(step(after, { type: 'hvSwapOut', pid: 'p1', pick: 0 }).outcome.reason).toMatch(/^no acute shortage \(2 frames free\)/);
    expect(describeOp({ type: 'hvSwapOut', pid: 'p1', pick: 4 })).toBe('hvSwapOut p1 draw 4');
  });

  it('dmTouch: a swapped page faults into the hypervisor and comes back with what it held', () => {
    const sys = run(swapping(), [{ type: 'dmTouch', pid: 'p1', gpa: 0 }, { type: 'hvSwapOut', pid: 'p1', pick: 0 }]);
    expect(sys.dm['p1']!.swap!.slots).toEqual([{ gpa: 0, slot: 0, saved: 'p1' }]);
    const r = step(sys, { type: 'dmTouch', pid: 'p1', gpa: 0 });
    const swapIn = r.outcome.observations.find((o) => o.kind === 'hvSwap');
    expect(swapIn).toMatchObject({ event: 'swapIn', gpa: 0, saved: 'p1', restored: 'p1', cause: 'access' });
    expect(r.system.dm['p1']!.swap!.slots).toEqual([]);
    expect(r.system.dm['p1']!.mm.workingSet.at(-1)).toBe(0);
    expect(step(sys, { type: 'dmTouch', pid: 'p1', gpa: 2 }).outcome.reason).toBe('gpa 0x2 is free in p1 and its page file is empty');
  });

  it('hvSample: the active fraction is the share of held pages touched since the last sample', () => {
    const sys = run(swapping(), [{ type: 'dmTouch', pid: 'p1', gpa: 0 }, { type: 'hvSample' }]);
    expect(sys.dm['p1']!.swap).toMatchObject({ accessed: [], activePercent: 25 });
  });

  it('a balloon host lists none of them and never swaps', () => {
    const sys = run(initialSystem(buildWorld({ ...SWAP_EXPLORE_CONFIG, reclaim: 'balloon' })), [{ type: 'dmStart', pid: 'p1' }]);
    expect(enabledOps(sys).filter((o) => ['hvSwapOut', 'hvSample', 'dmTouch'].includes(o.type))).toEqual([]);
    expect(step(sys, { type: 'hvSwapOut', pid: 'p1', pick: 0 }).outcome.reason).toBe('the host does not swap (reclaim is "balloon")');
  });
});
