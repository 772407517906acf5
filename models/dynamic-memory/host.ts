/**
 * The host side of Dynamic Memory: the VM worker's Dynamic Memory VSP in
 * the root, after QEMU's hv-balloon device. It answers version and
 * capabilities, waits a post-init period, then idles and runs one
 * transaction at a time: balloon (wait for responses until more_pages = 0,
 * then ask again for the remainder), unballoon (wait for the one response)
 * or hot-add (wait for the result).
 *
 * Claims:
 * - a message is acted on only in the state that expects it
 *   (`HOST_EXPECTS`); anything else is ignored, never acted on;
 * - at most one transaction is open; a new one starts only from idle, and
 *   a balloon request that arrives in any other state is declined;
 * - frames leave the guest only in `reclaimRanges`, for the ranges a
 *   balloon response named, and only when the host's checks find every
 *   named page held by the guest and within what was asked (a malformed
 *   response is rejected: `rejectMessage`, in the wait and after it);
 * - a balloon transaction ends when the guest has named every page asked
 *   for, or answers with no pages (it is at its floor); after a partial
 *   answer (more_pages = 0, pages still owed) the VSP posts a new request
 *   for the remainder (QEMU `hv_balloon_handle_balloon_response`:
 *   balloon_diff > 0 goes back to S_BALLOON_RB_WAIT);
 * - a page named twice is counted once (QEMU's range tree counts only the
 *   pages it did not hold yet);
 * - QEMU waits for a balloon or unballoon answer with no timeout
 *   (`replyTimeout` 0). hvspec's VSP may give a wait up after
 *   `replyTimeout` ticks, a documented host policy; a balloon response that
 *   arrives after that is still handled as QEMU handles it in its wait:
 *   its pages are accounted (reclaimed, counted once), and no new balloon
 *   transaction starts until the given-up one's last response
 *   (more_pages = 0) has come, so the VM worker's minimum check counts
 *   every page the guest may still hand over. A late unballoon response
 *   has nothing to account (the frames were mapped back when the requests
 *   were posted) and is dropped.
 *
 * An interleaving that would break it: the host gives a balloon
 * transaction up on a timeout, goes idle, and the guest's late
 * BALLOON_RESPONSE arrives; a host that drops it leaves the named pages
 * pinned in the guest and mapped in the SLAT, held by nobody's account
 * (`host-accounts-every-ballooned-page`).
 */
import { setup, assign } from 'xstate';
import type { DmMessageType } from './messages.js';
import { VERSION_SEQUENCE } from './messages.js';

/** The VSP's context. */
export interface HostContext {
  /** Newest protocol version this host accepts (0 accepts none). */
  readonly maxVersion: number;
  /** Ticks of post-init wait left. */
  readonly postInitLeft: number;
  /** Ticks spent waiting for the current transaction's answer. */
  readonly waited: number;
  readonly replyTimeout: number;
  /**
   * Never hot-add again: the guest answered a hot-add with fewer pages than
   * asked (`struct dm_hot_add_response`: the host should assume every
   * further hot-add fails), or with result 1 and no pages (a permanent
   * refusal). Result 0 with no pages is transient: the host may retry.
   */
  readonly hotAddRefused: boolean;
  /** The capability bits of the guest's accepted report: the VSP never posts a request the guest did not offer (QEMU `hv_balloon_idle_state_process_target`). */
  readonly guestBalloon: boolean;
  readonly guestHotAdd: boolean;
  /** This host declines every capabilities report (is_accepted = 0): the guest driver ends in INIT_ERROR. */
  readonly declinesCapabilities: boolean;
  /** Pages the open balloon transaction asked for (QEMU's target difference when the transaction started). */
  readonly balloonAsked: number;
  /** Pages the open balloon transaction still waits for (QEMU `balloon_diff`). */
  readonly balloonDiff: number;
  /** A balloon transaction was given up on the reply timer and its last response (more_pages = 0) has not come: its pages may still arrive. */
  readonly lateBalloon: boolean;
}

/** Events: guest messages, requests from the balancer or operator, ticks. */
export type HostEvent =
  | { type: 'RESET'; maxVersion: number; postInit: number; replyTimeout: number; declineCapabilities?: boolean }
  | { type: 'VERSION_REQUEST'; version: number; isLastAttempt: 0 | 1 }
  | { type: 'CAPABILITIES_REPORT'; balloon: boolean; hotAdd: boolean }
  | { type: 'STATUS_REPORT'; numCommitted: number; numAvail: number }
  /** `rangeCount`: ranges the response names; `fresh`: pages it names that the VSP does not hold yet; `problem`: why it cannot be an answer (pages the guest does not hold, more than asked), found by the host's checks, absent for a well-formed one. */
  | { type: 'BALLOON_RESPONSE'; morePages: 0 | 1; rangeCount: number; fresh: number; problem?: string }
  | { type: 'UNBALLOON_RESPONSE' }
  | { type: 'MEM_HOT_ADD_RESPONSE'; pageCount: number; result: 0 | 1; requested: number }
  | { type: 'START_BALLOON'; pages: number }
  | { type: 'START_UNBALLOON'; pages: number }
  | { type: 'START_HOT_ADD'; pages: number }
  /** The guest closed the channel (its driver failed to initialise: `balloon_probe` gives up and closes it). */
  | { type: 'CHANNEL_CLOSED' }
  | { type: 'TICK' };

/** The guest messages each host state acts on; every other guest message is ignored there. */
export const HOST_EXPECTS: Readonly<Record<string, readonly DmMessageType[]>> = {
  waitingReset: [],
  waitingVersion: ['VERSION_REQUEST'],
  waitingCapabilities: ['CAPABILITIES_REPORT'],
  // A balloon response can come late, after the VSP gave its transaction up: it is accounted in every ready state.
  'ready.postInitWait': ['STATUS_REPORT', 'BALLOON_RESPONSE'],
  'ready.idle': ['STATUS_REPORT', 'BALLOON_RESPONSE'],
  'ready.balloonWaitReply': ['STATUS_REPORT', 'BALLOON_RESPONSE'],
  'ready.unballoonWaitReply': ['STATUS_REPORT', 'UNBALLOON_RESPONSE', 'BALLOON_RESPONSE'],
  'ready.hotAddWaitReply': ['STATUS_REPORT', 'MEM_HOT_ADD_RESPONSE', 'BALLOON_RESPONSE'],
};

/** True when the VSP acted on what it took: anything but dropping a stale message unread. */
export const hostActed = (actions: readonly { readonly type: string }[]): boolean => actions.some((a) => a.type !== 'discardStaleReply');

/** The host states in which a transaction is open. */
export const HOST_TRANSACTION_STATES = ['ready.balloonWaitReply', 'ready.unballoonWaitReply', 'ready.hotAddWaitReply'] as const;

/** The VSP machine. */
export const dmHostMachine = setup({
  types: { context: {} as HostContext, events: {} as HostEvent },
  actions: {
    replyVersion: (_, _p: { isAccepted: 0 | 1 }) => {},
    replyCapabilities: (_, _p: { isAccepted: 0 | 1 }) => {},
    recordStatus: () => {},
    postBalloonRequest: () => {},
    postUnballoonRequests: () => {},
    postHotAddRequest: () => {},
    reclaimRanges: () => {},
    /** Request: post a BALLOON_REQUEST for the pages still owed (`balloonDiff`), as the next transaction id. */
    repostRemainder: () => {},
    /** Request: a balloon response to a given-up transaction: its pages are reclaimed and held, counted once. */
    accountLateReply: () => {},
    hotAddDone: () => {},
    /** Request: a balloon request that arrives while the VSP is not idle is declined, nothing is opened or posted. */
    declineTransaction: () => {},
    /** Request: an unballoon response outside an unballoon transaction is dropped unread (nothing is left to account). */
    discardStaleReply: () => {},
    /** Request: a malformed balloon response is rejected and counted; nothing it names is reclaimed, and the reply timer runs on. */
    rejectMessage: () => {},
    openTransaction: (_, _p: { kind: 'balloon' | 'unballoon' | 'hotAdd' }) => {},
    closeTransaction: (_, _p: { completed: boolean }) => {},
    reset: assign(({ event }) => (event.type === 'RESET' ? { maxVersion: event.maxVersion, postInitLeft: event.postInit, replyTimeout: event.replyTimeout, waited: 0, declinesCapabilities: event.declineCapabilities ?? false, balloonAsked: 0, balloonDiff: 0, lateBalloon: false } : {})),
    countPostInit: assign(({ context }) => ({ postInitLeft: Math.max(0, context.postInitLeft - 1) })),
    resetWait: assign({ waited: 0 }),
    countWait: assign(({ context }) => ({ waited: context.waited + 1 })),
    noteRefusal: assign(({ event }) =>
      event.type === 'MEM_HOT_ADD_RESPONSE' && event.pageCount < event.requested && !(event.result === 0 && event.pageCount === 0) ? { hotAddRefused: true } : {},
    ),
    setTarget: assign(({ event }) => (event.type === 'START_BALLOON' ? { balloonAsked: event.pages, balloonDiff: event.pages } : {})),
    countFresh: assign(({ context, event }) => (event.type === 'BALLOON_RESPONSE' ? { balloonDiff: Math.max(0, context.balloonDiff - event.fresh) } : {})),
    /** The guest named no pages: it is at its floor, nothing more is owed (QEMU sets balloon_diff to 0). */
    clearTarget: assign({ balloonDiff: 0 }),
    noteLate: assign({ lateBalloon: true }),
    lateAnswered: assign({ lateBalloon: false }),
    noteCaps: assign(({ event }) => (event.type === 'CAPABILITIES_REPORT' ? { guestBalloon: event.balloon, guestHotAdd: event.hotAdd } : {})),
  },
  guards: {
    versionAcceptable: ({ context, event }) => event.type === 'VERSION_REQUEST' && VERSION_SEQUENCE.includes(event.version) && event.version <= context.maxVersion,
    postInitOver: ({ context }) => context.postInitLeft <= 1,
    noPostInit: ({ context }) => context.postInitLeft === 0,
    capabilitiesDeclined: ({ context }) => context.declinesCapabilities,
    /** The response names no pages: the guest is at its floor (QEMU ends the transaction on range_count 0). */
    noPagesNamed: ({ event }) => event.type === 'BALLOON_RESPONSE' && event.rangeCount === 0,
    morePagesComing: ({ event }) => event.type === 'BALLOON_RESPONSE' && event.morePages === 1,
    /** The guest's answer ended with pages still owed: ask again for the remainder. */
    remainderOwed: ({ context, event }) => event.type === 'BALLOON_RESPONSE' && context.balloonDiff - event.fresh > 0,
    /** The last response of a given-up balloon transaction: more_pages = 0, or no pages. */
    endsLateAnswer: ({ event }) => event.type === 'BALLOON_RESPONSE' && (event.morePages === 0 || event.rangeCount === 0),
    /** A reply wait is given up after `replyTimeout` ticks; 0 waits as long as it takes, as QEMU does. */
    replyTimedOut: ({ context }) => context.replyTimeout > 0 && context.waited + 1 >= context.replyTimeout,
    balloonResponseMalformed: ({ event }) => event.type === 'BALLOON_RESPONSE' && event.problem !== undefined,
    hotAddAllowed: ({ context }) => !context.hotAddRefused && context.guestHotAdd,
    balloonAllowed: ({ context }) => context.guestBalloon,
    /** A new balloon transaction: the guest offered ballooning, and no given-up balloon's pages may still arrive. */
    newBalloonAllowed: ({ context }) => context.guestBalloon && !context.lateBalloon,
  },
}).createMachine({
  id: 'dm-host',
  context: { maxVersion: 0, postInitLeft: 0, waited: 0, replyTimeout: 5, hotAddRefused: false, declinesCapabilities: false, guestBalloon: false, guestHotAdd: false, balloonAsked: 0, balloonDiff: 0, lateBalloon: false },
  initial: 'waitingReset',
  on: {
    // Idle takes START_BALLOON itself; in every other state a balloon request is declined (one transaction at a time).
    START_BALLOON: { actions: 'declineTransaction' },
    // unballoonWaitReply takes UNBALLOON_RESPONSE itself; anywhere else it answers a given-up transaction and is dropped.
    UNBALLOON_RESPONSE: { actions: 'discardStaleReply' },
    // A closed channel sends the VSP back to waiting for a reset (QEMU hv_balloon_close_channel: S_WAIT_RESET), giving up the transaction open, if any.
    CHANNEL_CLOSED: { target: '.waitingReset', actions: { type: 'closeTransaction', params: { completed: false } } },
  },
  states: {
    waitingReset: {
      meta: { promise: 'the channel is not open' },
      on: { RESET: { target: 'waitingVersion', actions: 'reset' } },
    },
    waitingVersion: {
      meta: { promise: 'waiting for a version the host supports' },
      on: {
        VERSION_REQUEST: [
          { guard: 'versionAcceptable', target: 'waitingCapabilities', actions: { type: 'replyVersion', params: { isAccepted: 1 } } },
          { actions: { type: 'replyVersion', params: { isAccepted: 0 } } },
        ],
      },
    },
    waitingCapabilities: {
      meta: { promise: 'a version is agreed; waiting for the capabilities report' },
      on: {
        CAPABILITIES_REPORT: [
          // A host that declines the guest answers is_accepted = 0 and stays here: the driver gives up (INIT_ERROR).
          { guard: 'capabilitiesDeclined', actions: { type: 'replyCapabilities', params: { isAccepted: 0 } } },
          { guard: 'noPostInit', target: 'ready.idle', actions: ['noteCaps', { type: 'replyCapabilities', params: { isAccepted: 1 } }] },
          { target: 'ready.postInitWait', actions: ['noteCaps', { type: 'replyCapabilities', params: { isAccepted: 1 } }] },
        ],
      },
    },
    ready: {
      on: {
        STATUS_REPORT: { actions: 'recordStatus' },
        // balloonWaitReply takes BALLOON_RESPONSE itself; in every other ready state it answers a given-up transaction: its pages are accounted.
        BALLOON_RESPONSE: [{ guard: 'balloonResponseMalformed', actions: 'rejectMessage' }, { guard: 'endsLateAnswer', actions: ['accountLateReply', 'lateAnswered'] }, { actions: 'accountLateReply' }],
      },
      initial: 'postInitWait',
      states: {
        postInitWait: {
          meta: { promise: 'negotiated; no request is sent during the post-init wait' },
          on: { TICK: [{ guard: 'postInitOver', target: 'idle', actions: 'countPostInit' }, { actions: 'countPostInit' }] },
        },
        idle: {
          meta: { promise: 'no transaction is open' },
          on: {
            START_BALLOON: { guard: 'newBalloonAllowed', target: 'balloonWaitReply', actions: ['resetWait', 'setTarget', { type: 'openTransaction', params: { kind: 'balloon' } }, 'postBalloonRequest'] },
            START_UNBALLOON: { guard: 'balloonAllowed', target: 'unballoonWaitReply', actions: ['resetWait', { type: 'openTransaction', params: { kind: 'unballoon' } }, 'postUnballoonRequests'] },
            START_HOT_ADD: { guard: 'hotAddAllowed', target: 'hotAddWaitReply', actions: ['resetWait', { type: 'openTransaction', params: { kind: 'hotAdd' } }, 'postHotAddRequest'] },
          },
        },
        balloonWaitReply: {
          meta: { promise: 'a balloon request is out; responses are reclaimed as they come; after more_pages = 0 the remainder is asked for again, until none is owed or the guest names no pages' },
          on: {
            BALLOON_RESPONSE: [
              // A response naming pages the guest does not hold, or more than asked, answers nothing: rejected, the wait goes on.
              { guard: 'balloonResponseMalformed', actions: 'rejectMessage' },
              { guard: 'noPagesNamed', target: 'idle', actions: ['clearTarget', { type: 'closeTransaction', params: { completed: true } }] },
              { guard: 'morePagesComing', actions: ['reclaimRanges', 'countFresh', 'resetWait'] },
              { guard: 'remainderOwed', actions: ['reclaimRanges', 'countFresh', 'resetWait', 'repostRemainder'] },
              { target: 'idle', actions: ['reclaimRanges', 'countFresh', { type: 'closeTransaction', params: { completed: true } }] },
            ],
            TICK: [{ guard: 'replyTimedOut', target: 'idle', actions: ['noteLate', { type: 'closeTransaction', params: { completed: false } }] }, { actions: 'countWait' }],
          },
        },
        unballoonWaitReply: {
          meta: { promise: 'unballoon requests are out, their frames mapped back; waiting for the one response' },
          on: {
            UNBALLOON_RESPONSE: { target: 'idle', actions: { type: 'closeTransaction', params: { completed: true } } },
            TICK: [{ guard: 'replyTimedOut', target: 'idle', actions: { type: 'closeTransaction', params: { completed: false } } }, { actions: 'countWait' }],
          },
        },
        hotAddWaitReply: {
          meta: { promise: 'a hot-add request is out; the guest answers within its bounded online wait' },
          on: {
            MEM_HOT_ADD_RESPONSE: { target: 'idle', actions: ['hotAddDone', 'noteRefusal', { type: 'closeTransaction', params: { completed: true } }] },
          },
        },
      },
    },
  },
});
