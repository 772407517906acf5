import { describe, expect, it } from 'vitest';
import { dmWorld, bootP1, runTo } from '../../helpers/dm-fixture.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';
import type { Op } from '../../../src/system/ops.js';

const toGuest: Op = { type: 'dmDeliver', pid: 'p1', to: 'guest' };
const toHost: Op = { type: 'dmDeliver', pid: 'p1', to: 'host' };
const work: Op = { type: 'dmGuestWork', pid: 'p1' };

// QEMU hw/hyperv/hv-balloon.c, hv_balloon_handle_balloon_response: after the last response (more_pages = 0) a
// balloon_diff above 0 sends the VSP back to S_BALLOON_RB_WAIT, which posts a request for the remainder; range_count 0
// ("the guest is already at its minimum size") ends the transaction. No timer bounds S_BALLOON_REPLY_WAIT.
describe('Dynamic Memory reply waits (QEMU hv-balloon)', () => {
  it('asks again for the remainder after a partial answer, and ends when the guest names no pages', () => {
    // A 256 MiB guest with one committed page: 3 free pages, a 2-page floor; no reply timer.
    const world = dmWorld([], { replyTimeoutTicks: 0 }, { startupPages: 4, minPages: 1, committedPages: 1 });
    const ops: Op[] = [...bootP1, { type: 'dmBalloon', pid: 'p1', pages: 3 }, toGuest, work, { type: 'tick' }, { type: 'tick' }, toHost];
    const partial = runTo(world, ops);
    expect(partial.dm.p1!.reclaimed).toEqual([{ startPage: 1, pageCnt: 1 }]);
    expect(partial.dm.p1!.host.value).toEqual({ ready: 'balloonWaitReply' });
    expect(partial.dm.p1!.toGuest.at(-1)).toMatchObject({ type: 'BALLOON_REQUEST', numPages: 2 });
    const trace = runTrace(world, [...ops, toGuest, work, { type: 'dmSettle', pid: 'p1' }], INVARIANTS);
    expect([trace.violation, trace.skippedCount]).toEqual([undefined, 0]);
    expect(trace.final.dm.p1!.host.value).toEqual({ ready: 'idle' });
    expect(trace.steps.at(-1)!.outcome.observations).toContainEqual({ kind: 'dmBalloonClosed', pid: 'p1', asked: 3, moved: 1, lastNamedNone: true });
  });
});

// Linux drivers/hv/hv_balloon.c: balloon_up clamps with si_mem_available() (free plus reclaimable, not everything
// outside the balloon) and compute_balloon_floor() reads totalram_pages(), which alloc_balloon_pages lowers by every
// ballooned page (adjust_managed_page_count(pg, -1)); post_status reports that floor in num_committed.
describe('Dynamic Memory floor and available (hv_balloon.c balloon_up, post_status)', () => {
  it("clamps a request by what is available: free pages, not the workload's committed pages", () => {
    // 1 GiB, 10 pages committed: 6 free, a 4-page floor: a 3-page request keeps 6 - 2 = 4 pages available.
    const world = dmWorld([], {}, { committedPages: 10 });
    const s = runTo(world, [...bootP1, { type: 'dmBalloon', pid: 'p1', pages: 3 }, toGuest]);
    expect(s.dm.p1!.driver.context).toMatchObject({ remaining: 2, workTotal: 16 });
  });

  it('computes the floor from totalram_pages(), which shrinks as the balloon grows', () => {
    // 1 GiB, nothing committed: an 8-page balloon leaves 512 MiB, whose floor is 168 MiB (3 pages), not 1 GiB's 232 (4).
    const world = dmWorld([], {}, { minPages: 1, committedPages: 0 });
    const s = runTo(world, [...bootP1, { type: 'dmBalloon', pid: 'p1', pages: 8 }, toGuest, work, work, { type: 'dmSettle', pid: 'p1' }, { type: 'tick' }, { type: 'dmSettle', pid: 'p1' }]);
    expect(s.dm.p1!.mm.balloon).toHaveLength(8);
    expect(s.dm.p1!.status).toEqual({ numCommitted: 0 + 8 + 3, numAvail: 8 });
  });
});
