/**
 * The guest's Dynamic Memory driver (the VSC), after the Linux hv_balloon
 * driver: version negotiation from 2.0 down to 0.3, the capabilities
 * report, periodic status reports, balloon up, balloon down and hot-add.
 *
 * Claims:
 * - versions are offered newest first, one step down per rejection; only
 *   the oldest (0.3) carries is_last_attempt = 1, and its rejection is
 *   INIT_ERROR; a capabilities rejection or an unanswered wait is too;
 * - a balloon request is clamped so that the guest keeps its floor; it is
 *   answered by one or more responses, more_pages = 1 on all but the last;
 *   pages are pinned before the response names them;
 * - unballoon requests are answered by exactly one response, after the
 *   request with more_pages = 0;
 * - hot-add is answered once, with the result code of `hotAddResult`;
 * - status reports start after a hold-back and are sent at most once a tick.
 *
 * Page selection is the guest memory manager's (src/dynamic-memory/
 * guest-memory.ts); this machine only decides protocol, and emits actions
 * the system interprets (send a message, pin pages, free ranges).
 *
 * An interleaving that would break it: the host's second UNBALLOON_REQUEST
 * (more_pages = 0) arrives after the guest already answered the first one
 * (more_pages = 1); a driver that answers every request sends two
 * responses for one transaction, and the host, back in idle, must ignore
 * the second (`unballoon-answered-exactly-once`).
 */
import { setup, assign } from 'xstate';
import { DM_VERSIONS, nextVersion, hotAddResult } from './messages.js';

/** The driver's context. */
export interface DriverContext {
  /** The version offered last. */
  readonly version: number;
  /** Whether that offer was the last attempt. */
  readonly isLastAttempt: boolean;
  /** Ticks spent in the current bounded wait. */
  readonly waited: number;
  /** Ticks of status hold-back left. */
  readonly statusDelay: number;
  /** Balloon pages still to hand over for the current request. */
  readonly remaining: number;
  /** Allocation unit for the current request: the large unit, or 1 after falling back. */
  readonly allocUnit: number;
  readonly balloonEnabled: boolean;
  readonly hotAddEnabled: boolean;
  readonly largeUnit: number;
  readonly negotiationTimeout: number;
  readonly onlineTimeout: number;
}

/** Events: messages from the host, the guest's own work items, and ticks. */
export type DriverEvent =
  | { type: 'LOAD'; balloon: boolean; hotAdd: boolean; largeUnit: number; statusHoldback: number; negotiationTimeout: number; onlineTimeout: number }
  | { type: 'VERSION_RESPONSE'; isAccepted: 0 | 1 }
  | { type: 'CAPABILITIES_RESPONSE'; isAccepted: 0 | 1 }
  | { type: 'BALLOON_REQUEST'; numPages: number; balloonable: number; floor: number }
  | { type: 'BALLOON_ALLOCATED'; got: number; unit: number }
  | { type: 'UNBALLOON_REQUEST'; morePages: 0 | 1 }
  | { type: 'MEM_HOT_ADD_REQUEST'; pageCnt: number }
  | { type: 'HOT_ADD_ONLINED'; pageCount: number }
  | { type: 'TICK' };

/** The request clamped to the floor (hv_balloon.c balloon_up): the guest keeps at least `floor` pages. */
export function clampToFloor(numPages: number, balloonable: number, floor: number): number {
  if (balloonable < numPages || balloonable - numPages < floor) return balloonable > floor ? balloonable - floor : 0;
  return numPages;
}

const initialContext: DriverContext = {
  version: DM_VERSIONS.WIN10,
  isLastAttempt: false,
  waited: 0,
  statusDelay: 0,
  remaining: 0,
  allocUnit: 1,
  balloonEnabled: true,
  hotAddEnabled: true,
  largeUnit: 2,
  negotiationTimeout: 5,
  onlineTimeout: 5,
};

/** The guest driver machine. */
export const guestDriverMachine = setup({
  types: { context: {} as DriverContext, events: {} as DriverEvent },
  actions: {
    sendVersionRequest: (_, _p: { version: number; isLastAttempt: 0 | 1 }) => {},
    sendCapabilities: (_, _p: { balloon: boolean; hotAdd: boolean }) => {},
    sendStatus: () => {},
    pinPages: () => {},
    sendBalloonResponse: (_, _p: { morePages: 0 | 1 }) => {},
    freeRanges: () => {},
    sendUnballoonResponse: () => {},
    sendHotAddResponse: (_, _p: { pageCount: number; result: 0 | 1 }) => {},
    load: assign(({ event }) => {
      if (event.type !== 'LOAD') return {};
      return {
        balloonEnabled: event.balloon,
        hotAddEnabled: event.hotAdd,
        largeUnit: event.largeUnit,
        statusDelay: event.statusHoldback,
        negotiationTimeout: event.negotiationTimeout,
        onlineTimeout: event.onlineTimeout,
        version: DM_VERSIONS.WIN10,
        isLastAttempt: false,
        waited: 0,
      };
    }),
    fallBack: assign(({ context }) => {
      const v = nextVersion(context.version)!;
      return { version: v, isLastAttempt: nextVersion(v) === null, waited: 0 };
    }),
    resetWait: assign({ waited: 0 }),
    countWait: assign(({ context }) => ({ waited: context.waited + 1 })),
    countDownHoldback: assign(({ context }) => ({ statusDelay: Math.max(0, context.statusDelay - 1) })),
    startClamped: assign(({ context, event }) => {
      if (event.type !== 'BALLOON_REQUEST') return {};
      return { remaining: clampToFloor(event.numPages, event.balloonable, event.floor), allocUnit: context.largeUnit };
    }),
    startFull: assign(({ context, event }) => (event.type === 'BALLOON_REQUEST' ? { remaining: event.numPages, allocUnit: context.largeUnit } : {})),
    takeAllocated: assign(({ context, event }) => (event.type === 'BALLOON_ALLOCATED' ? { remaining: context.remaining - event.got, allocUnit: event.unit } : {})),
    finishBalloon: assign({ remaining: 0 }),
    startHotAdd: assign({ waited: 0 }),
  },
  guards: {
    accepted: ({ event }) => (event.type === 'VERSION_RESPONSE' || event.type === 'CAPABILITIES_RESPONSE') && event.isAccepted === 1,
    hasNextVersion: ({ context }) => nextVersion(context.version) !== null,
    negotiationTimedOut: ({ context }) => context.waited + 1 >= context.negotiationTimeout,
    onlineTimedOut: ({ context }) => context.waited + 1 >= context.onlineTimeout,
    statusDue: ({ context }) => context.statusDelay === 0,
    wouldBreachFloor: ({ event }) =>
      event.type === 'BALLOON_REQUEST' && (event.balloonable < event.numPages || event.balloonable - event.numPages < event.floor),
    /** The last response: nothing more could be taken, or everything asked for was (hv_balloon.c: `num_ballooned == 0 || num_ballooned == num_pages`). */
    balloonDone: ({ context, event }) => event.type === 'BALLOON_ALLOCATED' && (event.got === 0 || event.got === context.remaining),
    lastUnballoonRequest: ({ event }) => event.type === 'UNBALLOON_REQUEST' && event.morePages === 0,
  },
}).createMachine({
  id: 'dm-guest-driver',
  context: initialContext,
  initial: 'UNLOADED',
  states: {
    UNLOADED: {
      meta: { promise: 'the driver has not started; nothing is sent' },
      on: {
        LOAD: {
          target: 'INITIALIZING',
          actions: ['load', { type: 'sendVersionRequest', params: { version: DM_VERSIONS.WIN10, isLastAttempt: 0 } }],
        },
      },
    },
    INITIALIZING: {
      initial: 'version',
      states: {
        version: {
          meta: { promise: 'one VERSION_REQUEST is outstanding; is_last_attempt is set only on 0.3' },
          on: {
            VERSION_RESPONSE: [
              {
                guard: 'accepted',
                target: 'capabilities',
                actions: ['resetWait', { type: 'sendCapabilities', params: ({ context }) => ({ balloon: context.balloonEnabled, hotAdd: context.hotAddEnabled }) }],
              },
              {
                guard: 'hasNextVersion',
                actions: [
                  {
                    type: 'sendVersionRequest',
                    params: ({ context }) => {
                      const v = nextVersion(context.version)!;
                      return { version: v, isLastAttempt: nextVersion(v) === null ? 1 : 0 };
                    },
                  },
                  'fallBack',
                ],
              },
              { target: '#dm-guest-driver.INIT_ERROR' },
            ],
            TICK: [{ guard: 'negotiationTimedOut', target: '#dm-guest-driver.INIT_ERROR' }, { actions: 'countWait' }],
          },
        },
        capabilities: {
          meta: { promise: 'the capabilities report is outstanding' },
          on: {
            CAPABILITIES_RESPONSE: [{ guard: 'accepted', target: '#dm-guest-driver.INITIALIZED' }, { target: '#dm-guest-driver.INIT_ERROR' }],
            TICK: [{ guard: 'negotiationTimedOut', target: '#dm-guest-driver.INIT_ERROR' }, { actions: 'countWait' }],
          },
        },
      },
    },
    INITIALIZED: {
      meta: { promise: 'negotiated and idle; no balloon, unballoon or hot-add is in progress' },
      on: {
        BALLOON_REQUEST: [
          { guard: 'wouldBreachFloor', target: 'BALLOON_UP', actions: 'startClamped' },
          { target: 'BALLOON_UP', actions: 'startFull' },
        ],
        UNBALLOON_REQUEST: [
          { guard: 'lastUnballoonRequest', actions: ['freeRanges', 'sendUnballoonResponse'] },
          { target: 'BALLOON_DOWN', actions: 'freeRanges' },
        ],
        MEM_HOT_ADD_REQUEST: { target: 'HOT_ADD', actions: 'startHotAdd' },
        TICK: [{ guard: 'statusDue', actions: 'sendStatus' }, { actions: 'countDownHoldback' }],
      },
    },
    BALLOON_UP: {
      meta: { promise: 'a balloon request is being answered; a second one is not started; an unballoon request is still served' },
      on: {
        // Linux's channel callback frees an unballoon request's ranges whatever the balloon work item is doing (a host that gave
        // the balloon transaction up moves on); the work item goes on answering the balloon request.
        UNBALLOON_REQUEST: [{ guard: 'lastUnballoonRequest', actions: ['freeRanges', 'sendUnballoonResponse'] }, { actions: 'freeRanges' }],
        BALLOON_ALLOCATED: [
          { guard: 'balloonDone', target: 'INITIALIZED', actions: ['pinPages', { type: 'sendBalloonResponse', params: { morePages: 0 } }, 'finishBalloon'] },
          { actions: ['pinPages', { type: 'sendBalloonResponse', params: { morePages: 1 } }, 'takeAllocated'] },
        ],
        TICK: [{ guard: 'statusDue', actions: 'sendStatus' }, { actions: 'countDownHoldback' }],
      },
    },
    BALLOON_DOWN: {
      meta: { promise: 'unballoon requests with more_pages = 1 have been taken; the response waits for the last one' },
      on: {
        UNBALLOON_REQUEST: [
          { guard: 'lastUnballoonRequest', target: 'INITIALIZED', actions: ['freeRanges', 'sendUnballoonResponse'] },
          { actions: 'freeRanges' },
        ],
        TICK: [{ guard: 'statusDue', actions: 'sendStatus' }, { actions: 'countDownHoldback' }],
      },
    },
    HOT_ADD: {
      meta: { promise: 'hot-added memory is being onlined, within a bounded wait' },
      on: {
        HOT_ADD_ONLINED: {
          target: 'INITIALIZED',
          actions: {
            type: 'sendHotAddResponse',
            params: ({ context, event }) => {
              const n = event.type === 'HOT_ADD_ONLINED' ? event.pageCount : 0;
              return { pageCount: n, result: hotAddResult(n, context.hotAddEnabled) };
            },
          },
        },
        TICK: [
          { guard: 'onlineTimedOut', target: 'INITIALIZED', actions: { type: 'sendHotAddResponse', params: ({ context }) => ({ pageCount: 0, result: hotAddResult(0, context.hotAddEnabled) }) } },
          { guard: 'statusDue', actions: ['sendStatus', 'countWait'] },
          { actions: ['countDownHoldback', 'countWait'] },
        ],
      },
    },
    INIT_ERROR: {
      meta: { promise: 'negotiation failed; the driver sends nothing more' },
      type: 'final',
    },
  },
});
