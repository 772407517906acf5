import { describe, expect, it } from 'vitest';
import { dmWorld, bootP1, runTo } from '../../helpers/dm-fixture.js';
import { applyOp } from '../../../src/system/step.js';
import { operatorBalloonRequestKeepsMinimum } from '../../../properties/dynamic-memory.js';
import type { Op } from '../../../src/system/ops.js';

// The fixture's guest: 16 pages visible, minimum 12. A 2-page balloon is answered and reclaimed; then the operator asks for 3.
const firstBalloon: Op[] = [...bootP1, { type: 'dmBalloon', pid: 'p1', pages: 2 }, { type: 'dmDeliver', pid: 'p1', to: 'guest' }, { type: 'dmGuestWork', pid: 'p1' }, { type: 'dmSettle', pid: 'p1' }];
const ask3: Op = { type: 'dmBalloon', pid: 'p1', pages: 3 };

describe("operator-balloon-request-keeps-minimum: the VM worker counts what is already ballooned", () => {
  it('a correct VM worker clamps the second request to 16 - 2 - 12 = 2 pages', () => {
    const s = runTo(dmWorld([], {}, { minPages: 12 }), firstBalloon);
    expect(s.dm.p1!.reclaimed.reduce((n, r) => n + r.pageCnt, 0)).toBe(2);
    const r = applyOp(s, ask3);
    expect(r.system.dm.p1!.toGuest.at(-1)).toMatchObject({ type: 'BALLOON_REQUEST', numPages: 2 });
    expect(operatorBalloonRequestKeepsMinimum.check(r.system, { before: s, op: ask3, outcome: r.outcome })).toBeNull();
  });

  it('with operator-balloon-ignores-ballooned the request of 3 pages leaves 11, and the claim names it', () => {
    const s = runTo(dmWorld(['operator-balloon-ignores-ballooned'], {}, { minPages: 12 }), firstBalloon);
    const r = applyOp(s, ask3);
    expect(r.system.dm.p1!.toGuest.at(-1)).toMatchObject({ type: 'BALLOON_REQUEST', numPages: 3 });
    expect(operatorBalloonRequestKeepsMinimum.check(r.system, { before: s, op: ask3, outcome: r.outcome })).toBe(
      "p1: the operator's BALLOON_REQUEST of 3 pages leaves 16 visible - 2 ballooned - 3 = 11 pages, below its minimum of 12",
    );
  });
});
