/**
 * The guest's Dynamic Memory driver (the VSC), after the Linux hv_balloon
 * driver: version negotiation from 2.0 down to 0.3, the capabilities
 * report, periodic status reports, balloon up, balloon down and hot-add.
 *
 * Claims:
 * - versions are offered newest first, one step down per rejection; only
 *   the oldest (0.3) carries is_last_attempt = 1, and its rejection is
 *   INIT_ERROR; the whole negotiation shares one bounded wait
 *   (`balloon_connect_vsp`), the capabilities report has its own;
 * - once negotiated, the driver takes every host request in every state
 *   and answers it (`balloon_onchannelcallback`): a balloon request arms
 *   (or re-arms, with the new count) the balloon work, a hot-add request
 *   arms the hot-add work, an unballoon request is served at once; the
 *   state is only a label of the last request taken, the work items are
 *   `balloonPending` and `hotAddPending`;
 * - a balloon request is clamped so that what is available
 *   (`si_mem_available()`: free pages, not everything outside the balloon)
 *   less the request stays at or above the floor, the floor being computed
 *   from `totalram_pages()` when the work takes its count (ballooned pages
 *   have left it, so the floor shrinks as the balloon grows); it is
 *   answered by one or more responses, more_pages = 1 on all but the last;
 *   pages are pinned before the response names them;
 * - unballoon requests are answered by exactly one response, after the
 *   request with more_pages = 0;
 * - hot-add is answered once, with the pages it added and the result code
 *   of `hotAddResult`; a late online does not fail it (`hv_mem_hot_add`);
 * - status reports start after a hold-back and are sent at most once a
 *   tick; the balloon and hot-add work consume the hold-back too
 *   (`post_status` is called from them).
 *
 * Page selection is the guest memory manager's (src/dynamic-memory/
 * guest-memory.ts); this machine only decides protocol, and emits actions
 * the system interprets (send a message, pin pages, free ranges).
 *
 * An interleaving that would break it: the host gives a balloon request up
 * on its reply timeout and posts a hot-add while the balloon work is still
 * pending; a driver that has no handler for MEM_HOT_ADD_REQUEST while it
 * balloons drops it, and the host waits for the hot-add answer forever
 * (`dm-host-request-answered-or-given-up`).
 */
import { setup, assign, and } from 'xstate';
import { DM_VERSIONS, nextVersion, hotAddResult } from './messages.js';

/** The driver's context. */
export interface DriverContext {
  /** The version offered last. */
  readonly version: number;
  /** Whether that offer was the last attempt. */
  readonly isLastAttempt: boolean;
  /** Ticks spent in the current bounded wait (the whole version negotiation, then the capabilities report). */
  readonly waited: number;
  /** Status reports still held back (`pressure_report_delay`): counted down by ticks and by the balloon and hot-add work. */
  readonly statusDelay: number;
  /** The balloon work is armed: a balloon request is taken and its last response is not sent yet. */
  readonly balloonPending: boolean;
  /** Balloon pages still to hand over for the current request. */
  readonly remaining: number;
  /** `totalram_pages()` when the balloon work took its count: the floor it keeps is computed from it (0 before the first request). */
  readonly workTotal: number;
  /** Allocation unit for the current request: the large unit, or 1 after falling back. */
  readonly allocUnit: number;
  /** The hot-add work is armed: a hot-add request is taken and not answered yet. */
  readonly hotAddPending: boolean;
  /** The capabilities report was accepted: the driver takes requests and reports status (never again after INIT_ERROR). */
  readonly negotiated: boolean;
  readonly balloonEnabled: boolean;
  readonly hotAddEnabled: boolean;
  readonly largeUnit: number;
  readonly negotiationTimeout: number;
}

/** Events: messages from the host, the guest's own work items, and ticks. */
export type DriverEvent =
  | { type: 'LOAD'; balloon: boolean; hotAdd: boolean; largeUnit: number; statusHoldback: number; negotiationTimeout: number }
  | { type: 'VERSION_RESPONSE'; isAccepted: 0 | 1 }
  | { type: 'CAPABILITIES_RESPONSE'; isAccepted: 0 | 1 }
  /** With the guest's figures when the work takes it: `si_mem_available()`, `totalram_pages()` and the floor computed from it. */
  | { type: 'BALLOON_REQUEST'; numPages: number; available: number; totalram: number; floor: number }
  | { type: 'BALLOON_ALLOCATED'; got: number; unit: number }
  | { type: 'UNBALLOON_REQUEST'; morePages: 0 | 1 }
  | { type: 'MEM_HOT_ADD_REQUEST'; pageCnt: number }
  | { type: 'HOT_ADD_ONLINED'; pageCount: number }
  | { type: 'TICK' };

/** The request clamped to the floor (hv_balloon.c balloon_up): what is available less the request stays at or above `floor`. */
export function clampToFloor(numPages: number, available: number, floor: number): number {
  if (available < numPages || available - numPages < floor) return available > floor ? available - floor : 0;
  return numPages;
}

const initialContext: DriverContext = {
  version: DM_VERSIONS.WIN10,
  isLastAttempt: false,
  waited: 0,
  statusDelay: 0,
  balloonPending: false,
  remaining: 0,
  workTotal: 0,
  allocUnit: 1,
  hotAddPending: false,
  negotiated: false,
  balloonEnabled: true,
  hotAddEnabled: true,
  largeUnit: 2,
  negotiationTimeout: 5,
};

const INITIALIZED = '#dm-guest-driver.INITIALIZED';
const BALLOON_UP = '#dm-guest-driver.BALLOON_UP';
const BALLOON_DOWN = '#dm-guest-driver.BALLOON_DOWN';
const HOT_ADD = '#dm-guest-driver.HOT_ADD';

/**
 * What the driver does with a host request or a work item's completion in
 * every state (`balloon_onchannelcallback` takes each request whatever the
 * driver is doing), declared once on the machine: the state becomes the
 * label of the last request taken, as `dm->state` does in Linux; the work
 * items keep their own flags, so a request never displaces another's work.
 * Each is guarded by `negotiated`: before the capabilities report is
 * accepted, and in INIT_ERROR (the channel is closed), none is taken.
 */
const NEGOTIATED_ON = {
  // A new balloon request re-arms the balloon work with the new count ("Currently ballooning" is only a warning).
  BALLOON_REQUEST: [
    { guard: and(['negotiated', 'wouldBreachFloor']), target: BALLOON_UP, actions: 'armClamped' },
    { guard: 'negotiated', target: BALLOON_UP, actions: 'armFull' },
  ],
  // balloon_down: free the ranges; answer after the request with more_pages = 0.
  UNBALLOON_REQUEST: [
    { guard: and(['negotiated', 'lastUnballoonRequest']), target: INITIALIZED, actions: ['freeRanges', 'sendUnballoonResponse'] },
    { guard: 'negotiated', target: BALLOON_DOWN, actions: 'freeRanges' },
  ],
  // The hot-add work is (re-)armed; `hot_add_req` answers it.
  MEM_HOT_ADD_REQUEST: { guard: 'negotiated', target: HOT_ADD, actions: 'armHotAdd' },
  // One pass of the balloon work (`balloon_up`): one response, and post_status after the send.
  BALLOON_ALLOCATED: [
    { guard: and(['negotiated', 'balloonDone']), target: INITIALIZED, actions: ['pinPages', { type: 'sendBalloonResponse', params: { morePages: 0 } }, 'finishBalloon', 'workPostsStatus'] },
    { guard: 'negotiated', actions: ['pinPages', { type: 'sendBalloonResponse', params: { morePages: 1 } }, 'takeAllocated', 'workPostsStatus'] },
  ],
  // The hot-add work (`hot_add_req`): the pages it onlined are answered, whether or not onlining was late; post_status ran in hv_mem_hot_add.
  HOT_ADD_ONLINED: {
    guard: 'negotiated',
    target: INITIALIZED,
    actions: [
      'workPostsStatus',
      {
        type: 'sendHotAddResponse',
        params: ({ context, event }: { context: DriverContext; event: DriverEvent }) => {
          const n = event.type === 'HOT_ADD_ONLINED' ? event.pageCount : 0;
          return { pageCount: n, result: hotAddResult(n, context.hotAddEnabled) };
        },
      },
      'finishHotAdd',
    ],
  },
  // The periodic status report (`dm_thread_func` calls `post_status` every second); INITIALIZING has its own waits.
  TICK: [{ guard: and(['negotiated', 'statusDue']), actions: 'sendStatus' }, { guard: 'negotiated', actions: 'countDownHoldback' }],
} as const;

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
        version: DM_VERSIONS.WIN10,
        isLastAttempt: false,
        waited: 0,
      };
    }),
    /** The next version is offered inside the same wait: `balloon_connect_vsp` waits once for the whole negotiation. */
    fallBack: assign(({ context }) => {
      const v = nextVersion(context.version)!;
      return { version: v, isLastAttempt: nextVersion(v) === null };
    }),
    resetWait: assign({ waited: 0 }),
    countWait: assign(({ context }) => ({ waited: context.waited + 1 })),
    countDownHoldback: assign(({ context }) => ({ statusDelay: Math.max(0, context.statusDelay - 1) })),
    /** post_status called from the balloon or hot-add work: it consumes one held-back report; after the hold-back the tick's report is the one a second allows. */
    workPostsStatus: assign(({ context }) => ({ statusDelay: Math.max(0, context.statusDelay - 1) })),
    armClamped: assign(({ context, event }) => {
      if (event.type !== 'BALLOON_REQUEST') return {};
      return { balloonPending: true, remaining: clampToFloor(event.numPages, event.available, event.floor), workTotal: event.totalram, allocUnit: context.largeUnit };
    }),
    armFull: assign(({ context, event }) =>
      event.type === 'BALLOON_REQUEST' ? { balloonPending: true, remaining: event.numPages, workTotal: event.totalram, allocUnit: context.largeUnit } : {},
    ),
    takeAllocated: assign(({ context, event }) => (event.type === 'BALLOON_ALLOCATED' ? { remaining: context.remaining - event.got, allocUnit: event.unit } : {})),
    finishBalloon: assign({ balloonPending: false, remaining: 0 }),
    armHotAdd: assign({ hotAddPending: true }),
    finishHotAdd: assign({ hotAddPending: false }),
    negotiate: assign({ negotiated: true }),
  },
  guards: {
    negotiated: ({ context }) => context.negotiated,
    accepted: ({ event }) => (event.type === 'VERSION_RESPONSE' || event.type === 'CAPABILITIES_RESPONSE') && event.isAccepted === 1,
    hasNextVersion: ({ context }) => nextVersion(context.version) !== null,
    negotiationTimedOut: ({ context }) => context.waited + 1 >= context.negotiationTimeout,
    statusDue: ({ context }) => context.statusDelay === 0,
    wouldBreachFloor: ({ event }) =>
      event.type === 'BALLOON_REQUEST' && (event.available < event.numPages || event.available - event.numPages < event.floor),
    /** The last response: nothing more could be taken, or everything asked for was (hv_balloon.c: `num_ballooned == 0 || num_ballooned == num_pages`). */
    balloonDone: ({ context, event }) => event.type === 'BALLOON_ALLOCATED' && (event.got === 0 || event.got === context.remaining),
    lastUnballoonRequest: ({ event }) => event.type === 'UNBALLOON_REQUEST' && event.morePages === 0,
  },
}).createMachine({
  id: 'dm-guest-driver',
  context: initialContext,
  initial: 'UNLOADED',
  on: NEGOTIATED_ON,
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
          meta: { promise: 'one VERSION_REQUEST is outstanding; is_last_attempt is set only on 0.3; one wait covers every attempt' },
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
          meta: { promise: 'the capabilities report is outstanding, with a wait of its own' },
          on: {
            CAPABILITIES_RESPONSE: [{ guard: 'accepted', target: '#dm-guest-driver.INITIALIZED', actions: 'negotiate' }, { target: '#dm-guest-driver.INIT_ERROR' }],
            TICK: [{ guard: 'negotiationTimedOut', target: '#dm-guest-driver.INIT_ERROR' }, { actions: 'countWait' }],
          },
        },
      },
    },
    INITIALIZED: {
      meta: { promise: 'negotiated; the last request taken is answered (its work may still be pending); every request is taken' },
    },
    BALLOON_UP: {
      meta: { promise: 'the last request taken was a balloon request; its work answers it; every request is taken' },
    },
    BALLOON_DOWN: {
      meta: { promise: 'unballoon requests with more_pages = 1 have been taken; the response waits for the last one; every request is taken' },
    },
    HOT_ADD: {
      meta: { promise: 'the last request taken was a hot-add; its work answers it with the pages it onlined; every request is taken' },
    },
    INIT_ERROR: {
      meta: { promise: 'negotiation failed; the driver sends nothing more' },
      type: 'final',
    },
  },
});
