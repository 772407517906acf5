/**
 * The Dynamic Memory timers and the paths that only they open, as a
 * scenario: what happens when an answer does not come in time, or comes
 * late.
 *
 * Four guests on one host whose timers are short: a 2-tick negotiation
 * wait, no post-init wait, a 6-tick status hold-back and a 2-tick reply
 * wait; single-page allocation units and one range per balloon response,
 * so a 3-page balloon takes three responses.
 *
 * - `g2`'s host speaks no protocol version: the driver falls back from 2.0
 *   to 1.0 to 0.3, the last attempt is refused too, and the driver ends in
 *   INIT_ERROR.
 * - `g3` is slow to negotiate: a tick passes while its version request
 *   waits, then two while its capabilities report waits, and the driver
 *   gives up (INIT_ERROR).
 * - `g4`'s host declines its capabilities report (is_accepted = 0): the
 *   driver ends in INIT_ERROR with the version agreed.
 * - `g1` negotiates, then, while its status reports are still held back,
 *   balloons 3 pages (three responses, more_pages = 1 on the first two);
 *   balloons again and does not answer in time: a second request meanwhile
 *   is declined, the VSP gives the transaction up, and the late response
 *   is still accounted (its page reclaimed, as QEMU does in its wait); a hot-add is onlined two
 *   ticks late and still answered with its pages (a late online does not
 *   fail it: `hv_mem_hot_add`); an unballoon of the 3 pages
 *   takes three requests, a tick passes between them and the VSP gives up
 *   waiting for the one response; a last hot-add is onlined after a tick;
 *   then two more pages are ballooned out, a 2-page balloon is given up before
 *   the driver works, and the two pages come back in two unballoon
 *   requests that the driver serves while its balloon work is still armed
 *   (as Linux's channel callback does), answering the last one; the
 *   driver's late balloon response is accounted.
 *
 * The figures of `g1` are measured after its negotiation, after the
 * timers (`timers`) and at the end.
 *
 * Every invariant is checked after every step.
 */
import type { Op } from '../system/ops.js';
import { parseConfig } from '../system/config.js';
import type { Scenario } from './scenario.js';

const G = 'g1';

const config = parseConfig({
  logicalProcessors: 1,
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  partitions: [
    // Nothing committed: all 6 pages are available, 3 of them above the floor of 384 MiB (136 MiB, 3 pages).
    { id: G, vps: 1, gpaPages: 12, dynamicMemory: { startupPages: 6, minPages: 2, maxPages: 10, committedPages: 0 } },
    { id: 'g2', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 4, minPages: 2, maxPages: 8, committedPages: 1, hostVersion: 'none' } },
    { id: 'g3', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 4, minPages: 2, maxPages: 8, committedPages: 1 } },
    { id: 'g4', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 4, minPages: 2, maxPages: 8, committedPages: 1, hostDeclinesCapabilities: true } },
  ],
  dynamicMemoryTuning: { statusHoldbackTicks: 6, negotiationTimeoutTicks: 2, postInitTicks: 0, replyTimeoutTicks: 2, largeUnitPages: 1, rangesPerMessage: 1 },
});

const tick: Op = { type: 'tick' };
const toHost = (pid: string): Op => ({ type: 'dmDeliver', pid, to: 'host' });
const toGuest = (pid: string): Op => ({ type: 'dmDeliver', pid, to: 'guest' });
const work = (pid: string): Op => ({ type: 'dmGuestWork', pid });

const noVersion: Op[] = [{ type: 'dmStart', pid: 'g2' }, toHost('g2'), toGuest('g2'), toHost('g2'), toGuest('g2'), toHost('g2'), toGuest('g2')];
const slowNegotiation: Op[] = [{ type: 'dmStart', pid: 'g3' }, tick, toHost('g3'), toGuest('g3'), tick, tick];
const declined: Op[] = [{ type: 'dmStart', pid: 'g4' }, toHost('g4'), toGuest('g4'), toHost('g4'), toGuest('g4')];
const negotiate: Op[] = [{ type: 'dmStart', pid: G }, toHost(G), toGuest(G), toHost(G), toGuest(G)];

const rest: Op[] = [
  tick,
  // Three responses, with a tick while the driver is still allocating.
  { type: 'dmBalloon', pid: G, pages: 3 },
  toGuest(G),
  work(G),
  tick,
  work(G),
  work(G),
  toHost(G),
  toHost(G),
  toHost(G),
  // A balloon answered too late: the request in between is declined, the late response accounted.
  { type: 'dmBalloon', pid: G, pages: 1 },
  toGuest(G),
  work(G),
  tick,
  { type: 'dmBalloon', pid: G, pages: 1 },
  tick,
  toHost(G),
  // A hot-add onlined late: the guest's online wait does not fail it, the work answers the pages it added (hv_mem_hot_add).
  { type: 'dmHotAdd', pid: G, pages: 2 },
  toGuest(G),
  tick,
  tick,
  work(G),
  { type: 'dmSettle', pid: G },
  // An unballoon in three requests, with ticks between them: the VSP stops waiting for the response.
  { type: 'dmUnballoon', pid: G, pages: 3 },
  toGuest(G),
  tick,
  toGuest(G),
  tick,
  tick,
  toGuest(G),
  { type: 'dmSettle', pid: G },
  // A hot-add onlined after a tick.
  { type: 'dmHotAdd', pid: G, pages: 1 },
  toGuest(G),
  tick,
  work(G),
  { type: 'dmSettle', pid: G },
];

// An unballoon while the driver is still ballooning: two pages ballooned out, then a 2-page balloon the VSP gives up on before
// the driver works; the two pages come back in two requests, which the driver serves while its balloon work is armed (as Linux's
// channel callback does), answering the last; then the balloon work runs and its late response is accounted.
const unballoonWhileBallooning: Op[] = [
  { type: 'dmBalloon', pid: G, pages: 2 },
  toGuest(G),
  work(G),
  work(G),
  { type: 'dmSettle', pid: G },
  { type: 'dmBalloon', pid: G, pages: 2 },
  toGuest(G),
  tick,
  tick,
  { type: 'dmUnballoon', pid: G, pages: 2 },
  toGuest(G),
  toGuest(G),
  { type: 'dmSettle', pid: G },
  // The given-up balloon's two responses come late, one page each (more_pages = 1, then 0): both are accounted.
  work(G),
  { type: 'dmSettle', pid: G },
  work(G),
  { type: 'dmSettle', pid: G },
];

const setup = noVersion.length + slowNegotiation.length + declined.length + negotiate.length;

/** The Dynamic Memory timers scenario. */
export const DM_TIMERS: Scenario = {
  name: 'dm-timers',
  description: 'Dynamic Memory when answers are late or never come: failed negotiations, a balloon, a hot-add and an unballoon given up on timeouts, late balloon responses accounted.',
  config,
  ops: [...noVersion, ...slowNegotiation, ...declined, ...negotiate, ...rest, ...unballoonWhileBallooning],
  guest: G,
  points: { negotiated: setup, timers: setup + rest.length, end: setup + rest.length + unballoonWhileBallooning.length },
  expected: {
    negotiated: { visibleMiB: 384, committedMiB: null, pressure: null, addOperations: 0, removeOperations: 0, availableMiB: 15232 },
    // 3 pages ballooned out and given back; the late balloon's page reclaimed (64 MiB more available); 128 MiB hot-added and onlined late, then 64 MiB more.
    timers: { visibleMiB: 576, committedMiB: 256, pressure: 44, addOperations: 2, removeOperations: 1, availableMiB: 15104 },
    // 2 more pages ballooned out and given back; the late balloon's 2 pages are reclaimed all the same (128 MiB more available);
    // committed is the last status report's, sent before them.
    end: { visibleMiB: 576, committedMiB: 384, pressure: 66, addOperations: 3, removeOperations: 2, availableMiB: 15232 },
  },
};
