import { describe, expect, it } from 'vitest';
import { dmWorld, bootP1, runTo } from '../../helpers/dm-fixture.js';
import { livenessOnTrace } from '../../../src/check/liveness.js';
import { lostRequests, dmHostRequestAnsweredOrGivenUp } from '../../../properties/dynamic-memory.js';
import { stateName } from '../../../src/system/machine-runtime.js';
import type { Op } from '../../../src/system/ops.js';
import { applyOp } from '../../../src/system/step.js';
import { systemQuiescent } from '../../../src/check/quiescent.js';
import { sameIdentity } from '../../../src/check/fingerprint.js';

// The host gives a 1-page balloon request up on its 1-tick reply timer and posts a hot-add while the balloon work is
// still armed (the request reached the driver, no response was sent yet).
const hotAddMeetsBalloonWork: Op[] = [
  ...bootP1,
  { type: 'dmBalloon', pid: 'p1', pages: 1 },
  { type: 'dmDeliver', pid: 'p1', to: 'guest' },
  { type: 'tick' },
  { type: 'dmHotAdd', pid: 'p1', pages: 1 },
  { type: 'dmSettle', pid: 'p1' },
];

// Linux drivers/hv/hv_balloon.c, balloon_onchannelcallback: DM_MEM_HOT_ADD_REQUEST is taken in any state (a hot-add
// meeting the balloon work schedules hot_add_req all the same), and hot_add_req always sends DM_MEM_HOT_ADD_RESPONSE.
describe('dm-host-request-answered-or-given-up (balloon_onchannelcallback)', () => {
  it('a hot-add that meets the balloon work is taken and answered: the VSP leaves its wait', () => {
    const world = dmWorld();
    const taken = runTo(world, hotAddMeetsBalloonWork);
    expect(taken.dm.p1!.driver.context).toMatchObject({ balloonPending: true, hotAddPending: true });
    expect(lostRequests(taken)).toEqual([]);
    const done = runTo(world, [{ type: 'dmGuestWork', pid: 'p1' }, { type: 'dmSettle', pid: 'p1' }], taken);
    expect(stateName(done.dm.p1!.host.value)).toBe('ready.idle');
    expect(livenessOnTrace(world, [...hotAddMeetsBalloonWork, { type: 'tick' }, { type: 'tick' }, { type: 'tick' }], [dmHostRequestAnsweredOrGivenUp])).toBeUndefined();
  });

  it('with driver-drops-request-when-busy the hot-add is dropped and the countdown runs out 3 steps later', () => {
    const world = dmWorld(['driver-drops-request-when-busy']);
    const dropped = runTo(world, hotAddMeetsBalloonWork);
    expect(lostRequests(dropped)).toEqual(["p1's VSP waits in ready.hotAddWaitReply for the answer to its MEM_HOT_ADD_REQUEST, which the driver dropped: nothing will answer it"]);
    const v = livenessOnTrace(world, [...hotAddMeetsBalloonWork, { type: 'tick' }, { type: 'tick' }, { type: 'tick' }], [dmHostRequestAnsweredOrGivenUp]);
    expect(v).toMatchObject({ property: 'dm-host-request-answered-or-given-up', step: hotAddMeetsBalloonWork.length + 3 });
  });

});

// Linux drivers/hv/hv_balloon.c, balloon_probe: a failed negotiation ends the probe, which closes the channel;
// QEMU hw/hyperv/hv-balloon.c, hv_balloon_close_channel: the VSP goes back to S_WAIT_RESET.
describe('a driver that fails to initialise closes the channel (balloon_probe, hv_balloon_close_channel)', () => {
  it('the VSP goes back to waiting for a reset and nothing stays in flight', () => {
    const world = dmWorld([], { negotiationTimeoutTicks: 1 });
    const ops: Op[] = [
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'initializePartition', pid: 'p1' },
      { type: 'dmStart', pid: 'p1' },
      { type: 'tick' },
    ];
    const s = runTo(world, ops);
    expect(stateName(s.dm.p1!.driver.value)).toBe('INIT_ERROR');
    expect(stateName(s.dm.p1!.host.value)).toBe('waitingReset');
    expect([s.dm.p1!.toHost.length, s.dm.p1!.toGuest.length]).toEqual([0, 0]);
    // Nothing more happens to this guest: a tick leads back to the same state, and hvspec declares the state quiescent
    // (src/check/quiescent.ts), so the explorer does not report it as stuck; a negotiated guest is not quiescent.
    const after = applyOp(s, { type: 'tick' }).system;
    expect(sameIdentity(after.dm.p1!, s.dm.p1!) || JSON.stringify(after.dm.p1) === JSON.stringify(s.dm.p1)).toBe(true);
    expect(systemQuiescent(s)).toBe(true);
    expect(systemQuiescent(runTo(dmWorld(), bootP1))).toBe(false);
  });
});
