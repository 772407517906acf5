import { describe, expect, it } from 'vitest';
import { advance, initialState, stateName, type MachineState } from '../../../../src/system/machine-runtime.js';
import { dmHostMachine, HOST_EXPECTS, hostActed, type HostContext, type HostEvent } from '../../../../models/dynamic-memory/host.js';
import { DM_VERSIONS } from '../../../../models/dynamic-memory/messages.js';

const go = (events: HostEvent[], from?: MachineState<HostContext>) => {
  let s = from ?? initialState(dmHostMachine);
  const actions: string[] = [];
  for (const e of events) {
    const a = advance(dmHostMachine, s, e);
    s = a.state;
    actions.push(...a.actions.map((x) => x.type));
  }
  return { s, name: stateName(s.value), actions };
};

const reset = (maxVersion = DM_VERSIONS.WIN10, postInit = 2): HostEvent => ({ type: 'RESET', maxVersion, postInit, replyTimeout: 3 });
const negotiated = () => go([reset(), { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 }, { type: 'CAPABILITIES_REPORT', balloon: true, hotAdd: true }, { type: 'TICK' }, { type: 'TICK' }]).s;

/** One sample event per guest message type. */
const SAMPLES: Record<string, HostEvent> = {
  VERSION_REQUEST: { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN8, isLastAttempt: 0 },
  CAPABILITIES_REPORT: { type: 'CAPABILITIES_REPORT', balloon: true, hotAdd: true },
  STATUS_REPORT: { type: 'STATUS_REPORT', numCommitted: 4, numAvail: 2 },
  BALLOON_RESPONSE: { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 1, fresh: 1 },
  UNBALLOON_RESPONSE: { type: 'UNBALLOON_RESPONSE' },
  MEM_HOT_ADD_RESPONSE: { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 1, result: 1, requested: 2 },
};

describe('Dynamic Memory VSP', () => {
  it('a host that declines the capabilities answers is_accepted = 0 and opens nothing', () => {
    const declining: HostEvent = { type: 'RESET', maxVersion: DM_VERSIONS.WIN10, postInit: 0, replyTimeout: 3, declineCapabilities: true };
    const r = go([declining, { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 }]);
    const a = advance(dmHostMachine, r.s, SAMPLES.CAPABILITIES_REPORT!);
    expect(stateName(a.state.value)).toBe('waitingCapabilities');
    expect(a.actions).toEqual([{ type: 'replyCapabilities', params: { isAccepted: 0 } }]);
    // The same host without the setting accepts.
    expect(go([reset(DM_VERSIONS.WIN10, 0), { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 }, SAMPLES.CAPABILITIES_REPORT!]).name).toBe('ready.idle');
  });

  it('rejects a version newer than it supports, accepts the next, then waits the post-init period', () => {
    const r = go([reset(DM_VERSIONS.WIN8), SAMPLES.VERSION_REQUEST!, SAMPLES.CAPABILITIES_REPORT!]);
    const r0 = go([reset(DM_VERSIONS.WIN8), { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 }]);
    expect(r0.name).toBe('waitingVersion');
    expect(r.name).toBe('ready.postInitWait');
    expect(go([{ type: 'TICK' }], r.s).name).toBe('ready.postInitWait');
    expect(go([{ type: 'TICK' }, { type: 'TICK' }], r.s).name).toBe('ready.idle');
    // Not idle yet: a balloon request is declined, nothing is opened or posted.
    expect(go([{ type: 'START_BALLOON', pages: 1 }], r.s).actions).toEqual(['declineTransaction']);
  });

  it('acts on exactly the messages HOST_EXPECTS lists for each state, and ignores the rest', () => {
    const states: MachineState<HostContext>[] = [
      initialState(dmHostMachine),
      go([reset()]).s,
      go([reset(), SAMPLES.VERSION_REQUEST!]).s,
      go([reset(), SAMPLES.VERSION_REQUEST!, SAMPLES.CAPABILITIES_REPORT!]).s,
      negotiated(),
      go([{ type: 'START_BALLOON', pages: 2 }], negotiated()).s,
      go([{ type: 'START_UNBALLOON', pages: 2 }], negotiated()).s,
      go([{ type: 'START_HOT_ADD', pages: 2 }], negotiated()).s,
    ];
    expect(states.map((s) => stateName(s.value)).sort()).toEqual(Object.keys(HOST_EXPECTS).sort());
    for (const s of states) {
      const name = stateName(s.value);
      for (const [type, ev] of Object.entries(SAMPLES)) {
        const a = advance(dmHostMachine, s, ev);
        expect(a.accepted && hostActed(a.actions), `${type} in ${name}`).toBe(HOST_EXPECTS[name]!.includes(type as never));
        // A late unballoon response is taken only to be dropped: the state does not change.
        if (type === 'UNBALLOON_RESPONSE' && !HOST_EXPECTS[name]!.includes('UNBALLOON_RESPONSE')) expect(a.state, name).toEqual(s);
      }
    }
  });

  it('runs one transaction at a time, closes it on the last response, gives it up after the reply timeout', () => {
    const busy = go([{ type: 'START_BALLOON', pages: 2 }], negotiated());
    expect(busy.actions).toEqual(['openTransaction', 'postBalloonRequest']);
    const again = advance(dmHostMachine, busy.s, { type: 'START_BALLOON', pages: 1 });
    expect([again.actions, again.state]).toEqual([[{ type: 'declineTransaction' }], busy.s]);
    for (const e of [{ type: 'START_UNBALLOON', pages: 1 }, { type: 'START_HOT_ADD', pages: 1 }] as HostEvent[]) expect(advance(dmHostMachine, busy.s, e).accepted).toBe(false);
    expect(go([{ type: 'BALLOON_RESPONSE', morePages: 1, rangeCount: 1, fresh: 1 }], busy.s).name).toBe('ready.balloonWaitReply');
    expect(go([{ type: 'BALLOON_RESPONSE', morePages: 1, rangeCount: 1, fresh: 1 }, { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 1, fresh: 1 }], busy.s).name).toBe('ready.idle');
    const t: HostEvent = { type: 'TICK' };
    expect(go([t, t], busy.s).name).toBe('ready.balloonWaitReply');
    expect(go([t, t, t], busy.s).actions.at(-1)).toBe('closeTransaction');
  });

  it('never hot-adds again after a permanent refusal (result 1, no pages)', () => {
    const r = go([{ type: 'START_HOT_ADD', pages: 2 }, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 0, result: 1, requested: 2 }], negotiated());
    expect(r.s.context.hotAddRefused).toBe(true);
    expect(advance(dmHostMachine, r.s, { type: 'START_HOT_ADD', pages: 2 }).accepted).toBe(false);
    const transient = go([{ type: 'START_HOT_ADD', pages: 2 }, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 0, result: 0, requested: 2 }], negotiated());
    expect(advance(dmHostMachine, transient.s, { type: 'START_HOT_ADD', pages: 2 }).accepted).toBe(true);
  });

  // Linux drivers/hv/hv_balloon.c, the comment on struct dm_hot_add_response: "If page_count is less than the requested
  // page count, then the host should assume all further hot add requests will fail".
  it('never hot-adds again after a partial hot-add (page_count < requested), and a full one keeps it open (struct dm_hot_add_response)', () => {
    const partial = go([{ type: 'START_HOT_ADD', pages: 2 }, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 1, result: 1, requested: 2 }], negotiated());
    expect(partial.s.context.hotAddRefused).toBe(true);
    expect(advance(dmHostMachine, partial.s, { type: 'START_HOT_ADD', pages: 1 }).accepted).toBe(false);
    const full = go([{ type: 'START_HOT_ADD', pages: 2 }, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 2, result: 1, requested: 2 }], negotiated());
    expect(advance(dmHostMachine, full.s, { type: 'START_HOT_ADD', pages: 1 }).accepted).toBe(true);
  });

  // QEMU hw/hyperv/hv-balloon.c, hv_balloon_idle_state_process_target (`can_balloon = caps.cap_bits.balloon`) and
  // hv_balloon_haprot_plug_notify (`!caps.cap_bits.hot_add` refuses): the VSP never posts what the guest did not offer.
  it('honours the capability bits of the accepted report (hv_balloon_idle_state_process_target)', () => {
    const noCaps = go([reset(DM_VERSIONS.WIN10, 0), { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 }, { type: 'CAPABILITIES_REPORT', balloon: false, hotAdd: false }]).s;
    for (const e of [{ type: 'START_BALLOON', pages: 1 }, { type: 'START_UNBALLOON', pages: 1 }, { type: 'START_HOT_ADD', pages: 1 }] as HostEvent[])
      expect(stateName(advance(dmHostMachine, noCaps, e).state.value)).toBe('ready.idle');
    expect(stateName(advance(dmHostMachine, negotiated(), { type: 'START_HOT_ADD', pages: 1 }).state.value)).toBe('ready.hotAddWaitReply');
  });
});

// QEMU hw/hyperv/hv-balloon.c, hv_balloon_handle_balloon_response: pages are counted off balloon_diff as responses come;
// after the last one (more_pages = 0) a balloon_diff above 0 goes back to S_BALLOON_RB_WAIT and a new request is posted
// for the remainder; a response with range_count 0 ends the transaction. There is no timer on S_BALLOON_REPLY_WAIT.
describe('Dynamic Memory VSP: balloon reply waits (hv_balloon_handle_balloon_response)', () => {
  const resp = (morePages: 0 | 1, fresh: number): HostEvent => ({ type: 'BALLOON_RESPONSE', morePages, rangeCount: fresh > 0 ? 1 : 0, fresh });
  const t: HostEvent = { type: 'TICK' };
  it('after a partial answer asks again for the remainder, and ends when the guest names no pages', () => {
    const busy = go([{ type: 'START_BALLOON', pages: 4 }], negotiated());
    const partial = go([resp(1, 1), resp(0, 1)], busy.s);
    expect(partial.name).toBe('ready.balloonWaitReply');
    expect(partial.actions).toEqual(['reclaimRanges', 'reclaimRanges', 'repostRemainder']);
    expect(partial.s.context).toMatchObject({ balloonAsked: 4, balloonDiff: 2 });
    const floor = go([resp(0, 0)], partial.s);
    expect([floor.name, floor.actions, floor.s.context.balloonDiff]).toEqual(['ready.idle', ['closeTransaction'], 0]);
    // A page named twice is counted once: only the fresh pages come off what is owed.
    expect(go([resp(0, 2)], busy.s).s.context.balloonDiff).toBe(2);
  });

  it('with no reply timer (replyTimeout 0) waits as long as it takes and handles the late answer in that wait', () => {
    const qemu = go([{ type: 'RESET', maxVersion: DM_VERSIONS.WIN10, postInit: 0, replyTimeout: 0 }, SAMPLES.VERSION_REQUEST!, SAMPLES.CAPABILITIES_REPORT!]);
    const waiting = go([{ type: 'START_BALLOON', pages: 2 }, t, t, t, t, t, t, t, t], qemu.s);
    expect(waiting.name).toBe('ready.balloonWaitReply');
    expect(go([resp(0, 2)], waiting.s).name).toBe('ready.idle');
  });

  it('a given-up balloon: its late answer is accounted, and no new balloon starts until its last response', () => {
    const givenUp = go([{ type: 'START_BALLOON', pages: 2 }, t, t, t], negotiated());
    expect([givenUp.name, givenUp.s.context.lateBalloon]).toEqual(['ready.idle', true]);
    expect(advance(dmHostMachine, givenUp.s, { type: 'START_BALLOON', pages: 1 }).actions).toEqual([{ type: 'declineTransaction' }]);
    const first = go([resp(1, 1)], givenUp.s);
    expect([first.actions, first.s.context.lateBalloon]).toEqual([['accountLateReply'], true]);
    const last = go([resp(0, 1)], first.s);
    expect([last.actions, last.s.context.lateBalloon]).toEqual([['accountLateReply'], false]);
    expect(stateName(advance(dmHostMachine, last.s, { type: 'START_BALLOON', pages: 1 }).state.value)).toBe('ready.balloonWaitReply');
  });
});
