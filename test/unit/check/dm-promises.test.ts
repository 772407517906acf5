import { describe, expect, it } from 'vitest';
import { DM_GUEST_PROMISES, DM_HOST_PROMISES } from '../../../src/check/paths/dm-promises.js';
import { dmPathsConfig } from '../../../src/check/paths/dm-drivers.js';
import { type System, initialSystem, standardWorld } from '../../../src/system/system.js';
import { step } from '../../../src/system/step.js';
import type { Op } from '../../../src/system/ops.js';
import type { DmGuest } from '../../../src/system/dm-record.js';

const at = { pid: 'p1' };
const deliver = (to: 'host' | 'guest'): Op => ({ type: 'dmDeliver', pid: 'p1', to });

/** p1's Dynamic Memory negotiated (driver INITIALIZED, VSP idle), then `ops`. */
function negotiated(...ops: Op[]): System {
  let sys = initialSystem(standardWorld(dmPathsConfig()));
  for (const op of [{ type: 'dmStart', pid: 'p1' } as Op, deliver('host'), deliver('guest'), deliver('host'), deliver('guest'), ...ops]) sys = step(sys, op).system;
  return sys;
}

/** `sys` with p1's record changed by `f`. */
const withGuest = (sys: System, f: (g: DmGuest) => DmGuest): System => ({ ...sys, dm: { ...sys.dm, p1: f(sys.dm.p1!) } });

describe('Dynamic Memory promise checks', () => {
  it('hold on the system and fail on a record that breaks them', () => {
    const idle = negotiated();
    expect(DM_HOST_PROMISES['ready.idle']!(idle, at)).toBeNull();
    expect(DM_HOST_PROMISES['ready.idle']!(withGuest(idle, (g) => ({ ...g, open: ['balloon'] })), at)).toBe('an idle VSP has balloon open');
    expect(DM_GUEST_PROMISES.INITIALIZED!(idle, at)).toBeNull();
    expect(DM_GUEST_PROMISES.INITIALIZED!(withGuest(idle, (g) => ({ ...g, mm: { ...g.mm, balloon: [3] } })), at)).toBe('the balloon holds 1 pages but 0 are pinned');
    // INITIALIZED labels the last request taken: pages left are a failure only with no balloon work pending.
    const left = (pending: boolean) => withGuest(idle, (g) => ({ ...g, driver: { ...g.driver, context: { ...g.driver.context, remaining: 1, balloonPending: pending } } }));
    expect(DM_GUEST_PROMISES.INITIALIZED!(left(true), at)).toBeNull();
    expect(DM_GUEST_PROMISES.INITIALIZED!(left(false), at)).toBe('with no balloon work pending, the driver still has 1 balloon pages to hand over');
    // A balloon request of 2 pages answered: the pages taken are pinned, and the VSP waits for the response.
    const up = negotiated({ type: 'dmBalloon', pid: 'p1', pages: 2 }, deliver('guest'));
    expect(up.dm.p1!.driver.value).toBe('BALLOON_UP');
    expect(DM_GUEST_PROMISES.BALLOON_UP!(up, at)).toBeNull();
    expect(DM_HOST_PROMISES['ready.balloonWaitReply']!(up, at)).toBeNull();
    expect(DM_HOST_PROMISES['ready.balloonWaitReply']!(withGuest(up, (g) => ({ ...g, open: [] })), at)).toBe('the VSP waits for balloon responses with nothing open');
    expect(DM_HOST_PROMISES.waitingReset!(up, at)).toBe("p1's VSP waits for a reset, yet its channel is open");
  });
});
