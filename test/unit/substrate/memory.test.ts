import { describe, expect, it } from 'vitest';
import { bootMemory, takeFree, pushFree, setHolder, scrub, framesHeldBy } from '../../../src/substrate/memory.js';

describe('machine memory', () => {
  it('boots with reserved, root and free frames in that order', () => {
    const m = bootMemory(10, 2, 3);
    expect(m.holder).toEqual(['hypervisor', 'hypervisor', 'root', 'root', 'root', 'free', 'free', 'free', 'free', 'free']);
    expect(m.free).toEqual([5, 6, 7, 8, 9]);
    expect(m.content.slice(0, 5)).toEqual(['hypervisor', 'hypervisor', 'root', 'root', 'root']);
    // Free frames are not zeroed at boot: a grant must scrub them.
    expect(m.content[5]).toBe('hypervisor');
  });

  it('allocates the lowest free frames first and refuses to over-allocate', () => {
    const m = bootMemory(8, 0, 4);
    const t = takeFree(m, 2)!;
    expect(t.frames).toEqual([4, 5]);
    expect(t.mem.free).toEqual([6, 7]);
    expect(takeFree(m, 5)).toBeNull();
  });

  it('keeps the free list sorted when frames come back', () => {
    const m = pushFree({ ...bootMemory(8, 0, 4), free: [7] }, [5, 4]);
    expect(m.free).toEqual([4, 5, 7]);
  });

  it('changes holders and scrubs without touching other frames', () => {
    const m0 = bootMemory(4, 0, 4);
    const m = scrub(setHolder(m0, [1, 2], 'partition:p1'), [2]);
    expect(framesHeldBy(m, 'partition:p1')).toEqual([1, 2]);
    expect(m.content).toEqual(['root', 'root', 'zero', 'root']);
    expect(m0.holder).toEqual(['root', 'root', 'root', 'root']);
  });
});

describe('2 MiB runs', () => {
  it('allocates whole free runs first, then 4 KiB frames outside them', async () => {
    const { takeFreeLarge, freeRuns } = await import('../../../src/substrate/memory.js');
    // 1536 frames: run 0 partly root-held, runs 1 and 2 entirely free.
    const m = bootMemory(1536, 8, 8);
    expect(freeRuns(m)).toEqual([1, 2]);
    const t = takeFreeLarge(m, 514)!;
    expect(t.frames.slice(0, 2)).toEqual([16, 17]);
    expect(t.frames.slice(2)).toEqual(Array.from({ length: 512 }, (_, i) => 512 + i));
    expect(freeRuns(t.mem)).toEqual([2]);
    expect(takeFreeLarge(m, 1537)).toBeNull();
  });
});
