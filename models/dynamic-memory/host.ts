/**
 * The host side of Dynamic Memory: the VM worker's Dynamic Memory VSP in
 * the root, after QEMU's hv-balloon device. It answers version and
 * capabilities, waits a post-init period, then idles and runs one
 * transaction at a time: balloon (wait for responses until more_pages = 0),
 * unballoon (wait for the one response) or hot-add (wait for the result).
 *
 * Claims:
 * - a message is acted on only in the state that expects it
 *   (`HOST_EXPECTS`); anything else is ignored, never acted on;
 * - at most one transaction is open; a new one starts only from idle, and
 *   a balloon request that arrives in any other state is declined;
 * - frames leave the guest only in `reclaimRanges`, for the ranges a
 *   balloon response named, and only when the host's checks find every
 *   named page held by the guest and within what was asked (a malformed
 *   response is rejected: `rejectMessage`);
 * - a balloon or unballoon wait is bounded: after `replyTimeout` ticks the
 *   transaction is given up (what arrives later is out of state: a late
 *   balloon response is discarded, its ranges are not reclaimed).
 *
 * An interleaving that would break it: the host gives a balloon
 * transaction up on a timeout, goes idle, and the guest's late
 * BALLOON_RESPONSE arrives; a host that still reclaims the named ranges
 * acts on an out-of-state message (`host-ignores-out-of-state-messages`).
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
}

/** Events: guest messages, requests from the balancer or operator, ticks. */
export type HostEvent =
  | { type: 'RESET'; maxVersion: number; postInit: number; replyTimeout: number; declineCapabilities?: boolean }
  | { type: 'VERSION_REQUEST'; version: number; isLastAttempt: 0 | 1 }
  | { type: 'CAPABILITIES_REPORT'; balloon: boolean; hotAdd: boolean }
  | { type: 'STATUS_REPORT'; numCommitted: number; numAvail: number }
  /** `problem`: why the response cannot be an answer to the request out (pages the guest does not hold, more than asked), found by the host's checks; absent for a well-formed one. */
  | { type: 'BALLOON_RESPONSE'; morePages: 0 | 1; problem?: string }
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
  'ready.postInitWait': ['STATUS_REPORT'],
  'ready.idle': ['STATUS_REPORT'],
  'ready.balloonWaitReply': ['STATUS_REPORT', 'BALLOON_RESPONSE'],
  'ready.unballoonWaitReply': ['STATUS_REPORT', 'UNBALLOON_RESPONSE'],
  'ready.hotAddWaitReply': ['STATUS_REPORT', 'MEM_HOT_ADD_RESPONSE'],
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
    hotAddDone: () => {},
    /** Request: a balloon request that arrives while the VSP is not idle is declined, nothing is opened or posted. */
    declineTransaction: () => {},
    /** Request: a balloon response outside a balloon transaction is dropped unread, its ranges are not reclaimed. */
    discardStaleReply: () => {},
    /** Request: a malformed balloon response is rejected and counted; nothing it names is reclaimed, and the reply timer runs on. */
    rejectMessage: () => {},
    openTransaction: (_, _p: { kind: 'balloon' | 'unballoon' | 'hotAdd' }) => {},
    closeTransaction: (_, _p: { completed: boolean }) => {},
    reset: assign(({ event }) => (event.type === 'RESET' ? { maxVersion: event.maxVersion, postInitLeft: event.postInit, replyTimeout: event.replyTimeout, waited: 0, declinesCapabilities: event.declineCapabilities ?? false } : {})),
    countPostInit: assign(({ context }) => ({ postInitLeft: Math.max(0, context.postInitLeft - 1) })),
    resetWait: assign({ waited: 0 }),
    countWait: assign(({ context }) => ({ waited: context.waited + 1 })),
    noteRefusal: assign(({ event }) =>
      event.type === 'MEM_HOT_ADD_RESPONSE' && event.pageCount < event.requested && !(event.result === 0 && event.pageCount === 0) ? { hotAddRefused: true } : {},
    ),
    noteCaps: assign(({ event }) => (event.type === 'CAPABILITIES_REPORT' ? { guestBalloon: event.balloon, guestHotAdd: event.hotAdd } : {})),
  },
  guards: {
    versionAcceptable: ({ context, event }) => event.type === 'VERSION_REQUEST' && VERSION_SEQUENCE.includes(event.version) && event.version <= context.maxVersion,
    postInitOver: ({ context }) => context.postInitLeft <= 1,
    noPostInit: ({ context }) => context.postInitLeft === 0,
    capabilitiesDeclined: ({ context }) => context.declinesCapabilities,
    lastBalloonResponse: ({ event }) => event.type === 'BALLOON_RESPONSE' && event.morePages === 0,
    balloonResponseMalformed: ({ event }) => event.type === 'BALLOON_RESPONSE' && event.problem !== undefined,
    replyTimedOut: ({ context }) => context.waited + 1 >= context.replyTimeout,
    hotAddAllowed: ({ context }) => !context.hotAddRefused && context.guestHotAdd,
    balloonAllowed: ({ context }) => context.guestBalloon,
  },
}).createMachine({
  id: 'dm-host',
  context: { maxVersion: 0, postInitLeft: 0, waited: 0, replyTimeout: 5, hotAddRefused: false, declinesCapabilities: false, guestBalloon: false, guestHotAdd: false },
  initial: 'waitingReset',
  on: {
    // Idle takes START_BALLOON itself; in every other state a balloon request is declined (one transaction at a time).
    START_BALLOON: { actions: 'declineTransaction' },
    // balloonWaitReply takes BALLOON_RESPONSE itself; anywhere else the response is stale (given up, or never asked for) and is dropped.
    BALLOON_RESPONSE: { actions: 'discardStaleReply' },
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
      on: { STATUS_REPORT: { actions: 'recordStatus' } },
      initial: 'postInitWait',
      states: {
        postInitWait: {
          meta: { promise: 'negotiated; no request is sent during the post-init wait' },
          on: { TICK: [{ guard: 'postInitOver', target: 'idle', actions: 'countPostInit' }, { actions: 'countPostInit' }] },
        },
        idle: {
          meta: { promise: 'no transaction is open' },
          on: {
            START_BALLOON: { guard: 'balloonAllowed', target: 'balloonWaitReply', actions: ['resetWait', { type: 'openTransaction', params: { kind: 'balloon' } }, 'postBalloonRequest'] },
            START_UNBALLOON: { guard: 'balloonAllowed', target: 'unballoonWaitReply', actions: ['resetWait', { type: 'openTransaction', params: { kind: 'unballoon' } }, 'postUnballoonRequests'] },
            START_HOT_ADD: { guard: 'hotAddAllowed', target: 'hotAddWaitReply', actions: ['resetWait', { type: 'openTransaction', params: { kind: 'hotAdd' } }, 'postHotAddRequest'] },
          },
        },
        balloonWaitReply: {
          meta: { promise: 'one balloon request is out; responses are reclaimed as they come, until more_pages = 0' },
          on: {
            BALLOON_RESPONSE: [
              // A response naming pages the guest does not hold, or more than asked, answers nothing: rejected, the wait goes on.
              { guard: 'balloonResponseMalformed', actions: 'rejectMessage' },
              { guard: 'lastBalloonResponse', target: 'idle', actions: ['reclaimRanges', { type: 'closeTransaction', params: { completed: true } }] },
              { actions: ['reclaimRanges', 'resetWait'] },
            ],
            TICK: [{ guard: 'replyTimedOut', target: 'idle', actions: { type: 'closeTransaction', params: { completed: false } } }, { actions: 'countWait' }],
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
