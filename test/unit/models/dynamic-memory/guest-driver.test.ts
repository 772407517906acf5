import { describe, expect, it } from 'vitest';
import { advance, initialState, stateName, type MachineState, type EmittedAction } from '../../../../src/system/machine-runtime.js';
import { guestDriverMachine, clampToFloor, type DriverContext, type DriverEvent } from '../../../../models/dynamic-memory/guest-driver.js';
import { DM_VERSIONS, VERSION_SEQUENCE, hotAddResult, versionName } from '../../../../models/dynamic-memory/messages.js';

const LOAD: DriverEvent = { type: 'LOAD', balloon: true, hotAdd: true, largeUnit: 2, statusHoldback: 3, negotiationTimeout: 5 };

/** Feeds events to the driver, collecting the emitted actions that send or touch something. */
function drive(events: readonly DriverEvent[], from?: MachineState<DriverContext>) {
  let s = from ?? initialState(guestDriverMachine);
  const sent: EmittedAction[] = [];
  for (const e of events) {
    const a = advance(guestDriverMachine, s, e);
    s = a.state;
    sent.push(...a.actions.filter((x) => x.type.startsWith('send') || x.type === 'pinPages' || x.type === 'freeRanges'));
  }
  return { state: s, name: stateName(s.value), sent };
}

const reject: DriverEvent = { type: 'VERSION_RESPONSE', isAccepted: 0 };
const accept: DriverEvent = { type: 'VERSION_RESPONSE', isAccepted: 1 };
const capsOk: DriverEvent = { type: 'CAPABILITIES_RESPONSE', isAccepted: 1 };
const ready = () => drive([LOAD, accept, capsOk]).state;

describe('guest driver: version negotiation', () => {
  it('offers 2.0, then 1.0, then 0.3; only 0.3 carries is_last_attempt', () => {
    const r = drive([LOAD, reject, reject]);
    expect(r.sent.map((a) => a.params)).toEqual([
      { version: 0x00020000, isLastAttempt: 0 },
      { version: 0x00010000, isLastAttempt: 0 },
      { version: 0x00000003, isLastAttempt: 1 },
    ]);
    expect(VERSION_SEQUENCE.map(versionName)).toEqual(['2.0', '1.0', '0.3']);
    expect([DM_VERSIONS.WIN10, DM_VERSIONS.WIN8, DM_VERSIONS.WIN7]).toEqual([0x20000, 0x10000, 0x3]);
  });

  it('goes to INIT_ERROR when the last attempt is rejected, and sends nothing more', () => {
    const r = drive([LOAD, reject, reject, reject]);
    expect(r.name).toBe('INIT_ERROR');
    expect(r.sent).toHaveLength(3);
    expect(drive([{ type: 'TICK' }, accept], r.state).sent).toEqual([]);
  });

  it('reports capabilities once a version is accepted; a rejected report is INIT_ERROR', () => {
    const r = drive([LOAD, reject, accept]);
    expect(r.name).toBe('INITIALIZING.capabilities');
    expect(r.sent.at(-1)).toEqual({ type: 'sendCapabilities', params: { balloon: true, hotAdd: true } });
    expect(drive([{ type: 'CAPABILITIES_RESPONSE', isAccepted: 0 }], r.state).name).toBe('INIT_ERROR');
    expect(drive([capsOk], r.state).name).toBe('INITIALIZED');
  });

  // Linux drivers/hv/hv_balloon.c, balloon_connect_vsp: one wait_for_completion_timeout(5 s) covers the whole version
  // negotiation (version_resp sends the next offer from the channel callback); the capabilities report gets its own wait.
  it('one 5-tick wait covers every version offer; the capabilities report has its own (balloon_connect_vsp)', () => {
    const tick: DriverEvent = { type: 'TICK' };
    expect(drive([LOAD, tick, tick, tick, tick]).name).toBe('INITIALIZING.version');
    expect(drive([LOAD, tick, tick, tick, tick, tick]).name).toBe('INIT_ERROR');
    // A fallback does not restart the wait: 2 ticks, a rejection, 3 more ticks end it.
    expect(drive([LOAD, tick, tick, reject, tick, tick]).name).toBe('INITIALIZING.version');
    expect(drive([LOAD, tick, tick, reject, tick, tick, tick]).name).toBe('INIT_ERROR');
    // The capabilities report starts a fresh wait.
    expect(drive([LOAD, tick, tick, tick, tick, accept, tick, tick, tick, tick]).name).toBe('INITIALIZING.capabilities');
    expect(drive([LOAD, accept, tick, tick, tick, tick, tick]).name).toBe('INIT_ERROR');
  });
});

describe('guest driver: status reports', () => {
  it('holds reports back for the configured ticks, then sends at most one per tick', () => {
    const tick: DriverEvent = { type: 'TICK' };
    const r = drive([tick, tick, tick, tick, tick], ready());
    const perTick = [tick, tick, tick, tick, tick].map((_, i) => drive(Array(i + 1).fill(tick), ready()).sent.length);
    expect(perTick).toEqual([0, 0, 0, 1, 2]);
    expect(r.sent.every((a) => a.type === 'sendStatus')).toBe(true);
  });

  // Linux drivers/hv/hv_balloon.c, post_status: pressure_report_delay is decremented on every call, and balloon_up and
  // hv_mem_hot_add call it too: their work consumes the start-up hold-back.
  it('the balloon and hot-add work consume the hold-back (post_status)', () => {
    const tick: DriverEvent = { type: 'TICK' };
    const s0 = drive([{ type: 'BALLOON_REQUEST', numPages: 2, available: 32, totalram: 32, floor: 4 }, { type: 'BALLOON_ALLOCATED', got: 2, unit: 2 }], ready()).state;
    expect(s0.context.statusDelay).toBe(2);
    const s1 = drive([{ type: 'MEM_HOT_ADD_REQUEST', pageCnt: 1 }, { type: 'HOT_ADD_ONLINED', pageCount: 1 }], s0).state;
    expect(s1.context.statusDelay).toBe(1);
    expect(drive([tick, tick], s1).sent.map((a) => a.type)).toEqual(['sendStatus']);
  });
});

describe('guest driver: balloon up', () => {
  it('clamps the request to the floor exactly as hv_balloon.c does', () => {
    expect(clampToFloor(5, 16, 4)).toBe(5);
    expect(clampToFloor(13, 16, 4)).toBe(12);
    expect(clampToFloor(20, 16, 4)).toBe(12);
    expect(clampToFloor(3, 4, 4)).toBe(0);
    expect(clampToFloor(3, 3, 4)).toBe(0);
  });

  it('answers with more_pages = 1 on every response but the last, pinning before each', () => {
    const s0 = drive([{ type: 'BALLOON_REQUEST', numPages: 9, available: 32, totalram: 32, floor: 4 }], ready());
    expect(s0.name).toBe('BALLOON_UP');
    const r = drive(
      [
        { type: 'BALLOON_ALLOCATED', got: 4, unit: 2 },
        { type: 'BALLOON_ALLOCATED', got: 4, unit: 2 },
        { type: 'BALLOON_ALLOCATED', got: 1, unit: 1 },
      ],
      s0.state,
    );
    expect(r.sent.map((a) => (a.type === 'sendBalloonResponse' ? `resp:${(a.params as { morePages: number }).morePages}` : a.type))).toEqual([
      'pinPages',
      'resp:1',
      'pinPages',
      'resp:1',
      'pinPages',
      'resp:0',
    ]);
    expect(r.name).toBe('INITIALIZED');
  });

  it('a zero-range answer ends the request (the guest is at its minimum)', () => {
    const s0 = drive([{ type: 'BALLOON_REQUEST', numPages: 3, available: 4, totalram: 4, floor: 4 }], ready());
    expect(s0.state.context.remaining).toBe(0);
    const r = drive([{ type: 'BALLOON_ALLOCATED', got: 0, unit: 1 }], s0.state);
    expect(r.sent.at(-1)).toEqual({ type: 'sendBalloonResponse', params: { morePages: 0 } });
    expect(r.name).toBe('INITIALIZED');
  });

  // Linux drivers/hv/hv_balloon.c, balloon_onchannelcallback: DM_BALLOON_REQUEST while ballooning only warns "Currently
  // ballooning", stores the new num_pages and schedules the balloon work again.
  it('re-arms the balloon work with the new count when a balloon request meets one in progress (balloon_onchannelcallback)', () => {
    const s0 = drive([{ type: 'BALLOON_REQUEST', numPages: 3, available: 32, totalram: 32, floor: 4 }], ready()).state;
    const again = advance(guestDriverMachine, s0, { type: 'BALLOON_REQUEST', numPages: 5, available: 32, totalram: 32, floor: 4 });
    expect(again.accepted).toBe(true);
    expect(stateName(again.state.value)).toBe('BALLOON_UP');
    expect(again.state.context).toMatchObject({ balloonPending: true, remaining: 5 });
  });
});

// Linux drivers/hv/hv_balloon.c, balloon_onchannelcallback: every host request is taken whatever dm->state is; the
// work items (balloon_up, hot_add_req) are separate, so one request never displaces another's answer.
describe('guest driver: every request is taken in every state (balloon_onchannelcallback)', () => {
  const balloon: DriverEvent = { type: 'BALLOON_REQUEST', numPages: 2, available: 32, totalram: 32, floor: 4 };
  const hotAdd: DriverEvent = { type: 'MEM_HOT_ADD_REQUEST', pageCnt: 2 };
  it('a hot-add request that meets the balloon work is taken, and both are answered', () => {
    const s0 = drive([balloon, hotAdd], ready());
    expect(s0.name).toBe('HOT_ADD');
    expect(s0.state.context).toMatchObject({ balloonPending: true, hotAddPending: true });
    const r = drive([{ type: 'HOT_ADD_ONLINED', pageCount: 2 }, { type: 'BALLOON_ALLOCATED', got: 2, unit: 2 }], s0.state);
    expect(r.sent.map((a) => a.type)).toEqual(['sendHotAddResponse', 'pinPages', 'sendBalloonResponse']);
    expect(r.state.context).toMatchObject({ balloonPending: false, hotAddPending: false });
  });
  it('a balloon request that meets the hot-add work leaves the hot-add armed', () => {
    const r = drive([hotAdd, balloon], ready());
    expect(r.name).toBe('BALLOON_UP');
    expect(r.state.context).toMatchObject({ balloonPending: true, hotAddPending: true });
  });
  it('an unballoon request is served in BALLOON_UP, HOT_ADD and BALLOON_DOWN', () => {
    for (const first of [balloon, hotAdd, { type: 'UNBALLOON_REQUEST', morePages: 1 } as DriverEvent]) {
      const r = drive([first, { type: 'UNBALLOON_REQUEST', morePages: 0 }], ready());
      expect(r.sent.filter((a) => a.type === 'sendUnballoonResponse')).toHaveLength(1);
    }
  });
});

describe('guest driver: unballoon', () => {
  it('sends exactly one response, after the request with more_pages = 0', () => {
    const r = drive(
      [
        { type: 'UNBALLOON_REQUEST', morePages: 1 },
        { type: 'UNBALLOON_REQUEST', morePages: 1 },
        { type: 'UNBALLOON_REQUEST', morePages: 0 },
      ],
      ready(),
    );
    expect(r.sent.map((a) => a.type)).toEqual(['freeRanges', 'freeRanges', 'freeRanges', 'sendUnballoonResponse']);
    expect(r.name).toBe('INITIALIZED');
  });
});

describe('guest driver: hot-add', () => {
  it('pins the result codes: pages -> 1, disabled -> 1 (permanent), otherwise 0 (transient)', () => {
    expect(hotAddResult(4, true)).toBe(1);
    expect(hotAddResult(4, false)).toBe(1);
    expect(hotAddResult(0, false)).toBe(1);
    expect(hotAddResult(0, true)).toBe(0);
  });

  // Linux drivers/hv/hv_balloon.c, hv_mem_hot_add: "it is ok to proceed even if the pages in the hot added region have
  // not been onlined within the allowed time": no guest timeout answers 0 pages; the work answers what it added.
  it('answers once with the pages onlined; ticks never answer it for the work (hv_mem_hot_add)', () => {
    const s0 = drive([{ type: 'MEM_HOT_ADD_REQUEST', pageCnt: 4 }], ready()).state;
    expect(drive([{ type: 'HOT_ADD_ONLINED', pageCount: 4 }], s0).sent).toEqual([{ type: 'sendHotAddResponse', params: { pageCount: 4, result: 1 } }]);
    const tick: DriverEvent = { type: 'TICK' };
    const late = drive([tick, tick, tick, tick, tick, tick], s0);
    expect(late.sent.filter((a) => a.type === 'sendHotAddResponse')).toEqual([]);
    expect(late.state.context.hotAddPending).toBe(true);
  });

  it('a guest with hot-add disabled answers 0 pages with result 1', () => {
    const s0 = drive([{ ...LOAD, hotAdd: false } as DriverEvent, accept, capsOk, { type: 'MEM_HOT_ADD_REQUEST', pageCnt: 2 }]).state;
    expect(drive([{ type: 'HOT_ADD_ONLINED', pageCount: 0 }], s0).sent).toEqual([{ type: 'sendHotAddResponse', params: { pageCount: 0, result: 1 } }]);
  });
});
