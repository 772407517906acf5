/**
 * The Dynamic Memory faults: one or more per Dynamic Memory property, each
 * a defect a real driver, VSP or balancer could have.
 */
import { assign, enqueueActions } from 'xstate';
import { type Fault, defineFault, forget } from '../../src/faults/fault.js';
import type { BalancerPolicy } from '../../src/dynamic-memory/balancer.js';
import { type Config, type DynamicMemoryConfig, DEFAULT_CONFIG } from '../../src/system/config.js';
import type { DmTuning } from '../../src/dynamic-memory/tuning.js';
import type { Applied, System } from '../../src/system/system.js';
import { type PartitionId, at } from '../../src/substrate/ids.js';
import { hexRanges } from '../../src/substrate/ids.js';
import { continueStep, StepContext } from '../../src/system/step-context.js';
import { reclaim, sendHost, hostState } from '../../src/system/handlers/dm-channel.js';
import { keepingSlatEntries, skippingScrub, skippingTlbFlush } from '../memory/faults.js';
import type { DriverContext, DriverEvent } from './guest-driver.js';
import { rangePages } from './messages.js';
import { HOSTILE_HOST_CONFIG } from '../../src/system/hostile-host-config.js';
import { FULL_ACCESS } from '../../src/substrate/slat.js';

/**
 * The configuration Dynamic Memory faults are shown in: one 1 GiB guest
 * (16 pages of 64 MiB, 8 to 24 pages, GPA space 32) on 96 frames, with the
 * waits shortened; `dm` and `tuning` adjust it for one fault.
 */
export function dmFaultConfig(dm: Partial<DynamicMemoryConfig> = {}, tuning: Partial<DmTuning> = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    frames: 96,
    hypervisorFrames: 8,
    rootFrames: 16,
    logicalProcessors: 1,
    tlbEntries: 4,
    maxPagesPerCall: 3,
    // No synthetic I/O on these hosts: the runs are about Dynamic Memory.
    maxIosInFlight: 0,
    maxMessagesOutstanding: 0,
    partitions: [{ id: 'p1', vps: 1, gpaPages: 32, dynamicMemory: { startupPages: 16, minPages: 8, maxPages: 24, committedPages: 4, ...dm } }],
    dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1, ...tuning },
  };
}

/** A balancer that hot-adds every idle guest up to its whole address space, ignoring its maximum. */
export const ignoresMaximumBalancer: BalancerPolicy = (input) =>
  input.guests
    .filter((g) => !g.busy && !g.hotAddRefused && g.visible < g.gpaPages && input.available > 0)
    .map((g) => ({ kind: 'hotAdd' as const, pid: g.pid, pages: Math.min(g.gpaPages - g.visible, input.available) }));

/** The pages of the BALLOON_REQUEST the step `before` -> `after` posted to `pid`'s guest, if it posted one. */
function balloonRequestPosted(before: System, after: System, pid: PartitionId): number | null {
  const sent = at(after.dm, pid)?.toGuest ?? [];
  const last = sent.at(-1);
  return sent.length > (at(before.dm, pid)?.toGuest.length ?? 0) && last?.type === 'BALLOON_REQUEST' ? last.numPages : null;
}

/** After a step that posted balloon requests: the VSP takes each guest's top pages outside its balloon at once. */
function reclaimOnRequest(before: System, r: Applied): Applied {
  if (r.outcome.status !== 'applied') return r;
  const st = continueStep(r);
  for (const pid of Object.keys(r.system.dm)) {
    const n = balloonRequestPosted(before, r.system, pid);
    if (n === null) continue;
    const g = at(st.sys.dm, pid)!;
    const inBalloon = new Set(g.mm.balloon);
    const victims: number[] = [];
    for (let gpa = g.mm.visible - 1; gpa >= 0 && victims.length < n; gpa--) if (!inBalloon.has(gpa)) victims.push(gpa);
    const frames = reclaim(st, pid, victims);
    st.notes.push(`${pid}: host takes gpa ${hexRanges(victims)} (frames ${hexRanges(frames)}) at once`);
  }
  return st.done();
}

/**
 * After a step that may have delivered messages to `pid`'s VSP: its
 * pressure counter reads (committed + available) / visible * 100. The VSP
 * computes the counter whenever a status report or a hot-add answer
 * changes its figures, so the counter is always that of the current figures.
 */
function pressureCountingAvailable(r: Applied, pid: PartitionId): Applied {
  const g = at(r.system.dm, pid);
  if (r.outcome.status !== 'applied' || !g?.status || g.hostVisible <= 0) return r;
  const pressure = Math.floor(((g.status.numCommitted + g.status.numAvail) * 100) / g.hostVisible);
  return pressure === g.pressure ? r : { ...r, system: { ...r.system, dm: { ...r.system.dm, [pid]: { ...g, pressure } } } };
}

/** The VSP frees ballooned frames but keeps the SLAT entries to them. */
export const balloonReleaseKeepsSlatEntry = defineFault({
  name: 'balloon-release-keeps-slat-entry',
  config: dmFaultConfig(),
  description: "The VSP puts the frames a balloon response names on the free list but leaves the guest's SLAT entries to them in place.",
  breaks: ['no-frame-owned-twice', 'balloon-frames-unmapped-and-flushed-before-reuse', 'slat-maps-only-owned-frames'],
  substrate: (f) => ({ dmRelease: keepingSlatEntries(f.dmRelease) }),
});

/** The VSP frees ballooned frames without flushing the TLB entries to them. */
export const balloonReleaseSkipsTlbFlush = defineFault({
  name: 'balloon-release-skips-tlb-flush',
  // A 256 MiB guest with nothing committed: what it touches is what it balloons.
  config: dmFaultConfig({ startupPages: 4, minPages: 1, committedPages: 0 }),
  description: 'The VSP unmaps ballooned pages and frees their frames without flushing the TLB entries that still translate to them.',
  breaks: ['balloon-frames-unmapped-and-flushed-before-reuse', 'tlb-agrees-with-slat'],
  substrate: (f) => ({ dmRelease: skippingTlbFlush(f.dmRelease) }),
});

/** The guest driver gives pages away without pinning them. */
export const guestForgetsToPin = defineFault({
  name: 'guest-forgets-to-pin',
  // A 256 MiB guest with nothing committed: half of what it can touch ends up in a 2-page balloon.
  config: dmFaultConfig({ startupPages: 4, minPages: 1, committedPages: 0 }),
  // The guest must touch a page it gave away: more guest accesses. Measured in 200 runs: caught at 9 of seeds 1 to 10.
  weights: { guestAccess: 8 },
  description: 'The guest driver names balloon pages in its response without pinning them, so the guest OS goes on using them.',
  breaks: ['balloon-pages-never-accessed'],
  machines: (m) => ({ dmGuest: m.dmGuest.provide({ actions: { pinPages: forget() } }) }),
});

/** The guest driver balloons below its floor. */
export const guestIgnoresBalloonFloor = defineFault({
  name: 'guest-ignores-balloon-floor',
  // A 256 MiB guest keeps a 2-page floor; a 3-page request goes below it.
  config: dmFaultConfig({ startupPages: 4, minPages: 1, committedPages: 1 }),
  description: 'The guest driver hands over every page the host asks for, below its balloon floor.',
  breaks: ['guest-never-balloons-below-floor'],
  machines: (m) => ({ dmGuest: m.dmGuest.provide({ guards: { wouldBreachFloor: () => false } }) }),
});

/** The VSP opens a balloon transaction while another is open. */
export const hostOverlapsTransactions = defineFault({
  name: 'host-overlaps-transactions',
  config: dmFaultConfig(),
  description: 'The VSP starts a new balloon request while another transaction is still open.',
  breaks: ['one-dm-transaction-at-a-time'],
  // What the VSP does with a balloon request while it is not idle: open the transaction anyway.
  machines: (m) => ({
    dmHost: m.dmHost.provide({
      actions: {
        declineTransaction: enqueueActions(({ enqueue }) => {
          enqueue({ type: 'openTransaction', params: { kind: 'balloon' } });
          enqueue('postBalloonRequest');
        }),
      },
    }),
  }),
});

/** The guest driver answers every unballoon request. */
export const guestAnswersEveryUnballoonRequest = defineFault({
  name: 'guest-answers-every-unballoon-request',
  // Single-page units: two ballooned pages come back in two unballoon requests.
  config: dmFaultConfig({}, { largeUnitPages: 1 }),
  description: 'The guest driver sends an UNBALLOON_RESPONSE after every unballoon request, not only after the one with more_pages = 0.',
  breaks: ['unballoon-answered-exactly-once'],
  machines: (m) => ({ dmGuest: m.dmGuest.provide({ guards: { lastUnballoonRequest: () => true } }) }),
});

/** The VSP takes a late unballoon response as the answer to whatever transaction is open. */
export const hostTrustsStaleReplies = defineFault({
  name: 'host-trusts-stale-replies',
  config: dmFaultConfig(),
  description: 'The VSP takes an UNBALLOON_RESPONSE that arrives after it gave the unballoon transaction up as the end of whatever transaction is open, without checking that it waits for one.',
  breaks: ['host-ignores-out-of-state-messages'],
  // What the VSP does with an unballoon response outside an unballoon wait: close the open transaction anyway.
  machines: (m) => ({
    dmHost: m.dmHost.provide({ actions: { discardStaleReply: enqueueActions(({ enqueue }) => enqueue({ type: 'closeTransaction', params: { completed: true } })) } }),
  }),
});

/** The VSP drops a balloon response that arrives after it gave the transaction up. */
export const hostDropsLateBalloonResponse = defineFault({
  name: 'host-drops-late-balloon-response',
  config: dmFaultConfig(),
  description:
    'The VSP drops a BALLOON_RESPONSE that arrives after its reply timer gave the transaction up: the pages it names stay pinned in the guest and mapped, and the VSP never counts them as ballooned.',
  breaks: ['host-accounts-every-ballooned-page'],
  machines: (m) => ({ dmHost: m.dmHost.provide({ actions: { accountLateReply: forget() } }) }),
});

/** The VSP ends a balloon transaction on a partial answer. */
export const hostEndsPartialBalloon = defineFault({
  name: 'host-ends-partial-balloon',
  // A 256 MiB guest that keeps a 2-page floor of its 3 free pages answers a 2- or 3-page request with 1 page; the VSP
  // waits with no reply timer, as QEMU does.
  config: dmFaultConfig({ startupPages: 4, minPages: 1, committedPages: 1 }, { replyTimeoutTicks: 0 }),
  description: "The VSP closes a balloon transaction on the guest's last response (more_pages = 0) even when pages are still owed, instead of asking again for the remainder.",
  breaks: ['host-balloons-until-target-or-floor'],
  machines: (m) => ({ dmHost: m.dmHost.provide({ guards: { remainderOwed: () => false } }) }),
});

/** The VSP takes pages without the guest naming them. */
export const hostReclaimsWithoutResponse = defineFault({
  name: 'host-reclaims-without-response',
  config: dmFaultConfig(),
  description: "The VSP takes the guest's top pages as soon as it posts a balloon request, without waiting for the guest to choose and name them.",
  breaks: ['hypervisor-never-reclaims-without-guest-consent'],
  // The VSP takes the pages as its balloon request is posted (by an operator's request, or by a balancer round).
  ops: {
    dmBalloon: (system, o, next) => reclaimOnRequest(system, next(system, o)),
    dmBalance: (system, o, next) => reclaimOnRequest(system, next(system, o)),
  },
});

/** The pressure counter counts available pages as committed. */
export const pressureCountsAvailable = defineFault({
  name: 'pressure-counts-available',
  config: dmFaultConfig(),
  description: "The pressure counter adds the guest's available pages to its committed pages.",
  breaks: ['pressure-formula-holds'],
  // Status reports and hot-add answers reach the VSP in these ops only.
  ops: {
    dmDeliver: (system, o, next) => pressureCountingAvailable(next(system, o), o.pid),
    dmSettle: (system, o, next) => pressureCountingAvailable(next(system, o), o.pid),
  },
});

/** The balancer hot-adds past the maximum. */
export const balancerIgnoresMaximum = defineFault({
  name: 'balancer-ignores-maximum',
  config: dmFaultConfig(),
  description: "The balancer hot-adds memory to a guest up to its whole address space, past its configured maximum.",
  breaks: ['visible-memory-within-min-max'],
  balancer: ignoresMaximumBalancer,
});

/** Deflate and hot-add hand out frames unzeroed. */
export const dmMapsBackWithoutZeroing = defineFault({
  name: 'dm-maps-back-without-zeroing',
  config: dmFaultConfig(),
  description: 'Deflate and hot-add map frames into the guest without zeroing them first.',
  breaks: ['no-cross-partition-data-leak'],
  substrate: (f) => ({ dmGrant: skippingScrub(f.dmGrant) }),
});

/** The driver is busy when a work item is armed: the balloon work or the hot-add work. */
const busy = (c: DriverContext): boolean => c.balloonPending || c.hotAddPending;

/** The driver drops a balloon or hot-add request that meets it while a work item is armed (no handler in a busy state). */
export const driverDropsRequestWhenBusy = defineFault({
  name: 'driver-drops-request-when-busy',
  // The VSP gives a balloon request up after one tick, so it can post a hot-add while the balloon work is still armed.
  config: dmFaultConfig(),
  // Fewer runs of the guest's work item: the balloon work is still armed when the hot-add request arrives.
  weights: { dmGuestWork: 2, tick: 6 },
  description: 'The guest driver has no handler for a balloon or hot-add request while its balloon or hot-add work is armed: the request is dropped unanswered, and the VSP waits for it forever.',
  breaks: ['dm-host-request-answered-or-given-up'],
  machines: (m) => ({
    dmGuest: m.dmGuest.provide({
      actions: {
        armHotAdd: assign(({ context }: { context: DriverContext }) => (busy(context) ? {} : { hotAddPending: true })),
        armFull: assign(({ context, event }: { context: DriverContext; event: DriverEvent }) =>
          busy(context) || event.type !== 'BALLOON_REQUEST' ? {} : { balloonPending: true, remaining: event.numPages, workTotal: event.totalram, allocUnit: context.largeUnit },
        ),
      },
    }),
  }),
});

/** The VM worker checks an operator's balloon request against the minimum without counting the pages already ballooned out. */
export const operatorBalloonIgnoresBallooned = defineFault({
  name: 'operator-balloon-ignores-ballooned',
  // A 1 GiB guest whose minimum is 12 of its 16 pages: after a 2-page balloon, a second one of 3 pages goes below it.
  config: dmFaultConfig({ minPages: 12 }),
  // More operator balloon requests, fewer unballoon requests (which give the ballooned pages back). Measured in 200 runs:
  // caught at 6 of seeds 1 to 6 with these weights, at 2 of 6 without.
  weights: { dmBalloon: 8, dmUnballoon: 2 },
  description: "The VM worker keeps an operator's balloon request within the guest's minimum counting only its visible pages, not the pages the host has already ballooned out.",
  breaks: ['operator-balloon-request-keeps-minimum'],
  ops: {
    dmBalloon: (system, o, next) => {
      const g = at(system.dm, o.pid);
      const min = system.world.config.partitions.find((p) => p.id === o.pid)?.dynamicMemory?.minPages ?? 0;
      if (!g || hostState(g) !== 'ready.idle') return next(system, o);
      // Visible minus minimum: the pages the host already took are not counted.
      const n = Math.min(o.pages, g.hostVisible - min);
      if (n <= 0) return next(system, o);
      const st = new StepContext(system);
      return sendHost(st, o.pid, { type: 'START_BALLOON', pages: n }, { pages: n }).accepted ? st.done() : next(system, o);
    },
  },
});

/** The Dynamic Memory faults, in catalogue order. */
export const DM_FAULTS: readonly Fault[] = [
  balloonReleaseKeepsSlatEntry,
  balloonReleaseSkipsTlbFlush,
  guestForgetsToPin,
  guestIgnoresBalloonFloor,
  hostOverlapsTransactions,
  guestAnswersEveryUnballoonRequest,
  hostTrustsStaleReplies,
  hostReclaimsWithoutResponse,
  pressureCountsAvailable,
  balancerIgnoresMaximum,
  dmMapsBackWithoutZeroing,
  driverDropsRequestWhenBusy,
  operatorBalloonIgnoresBallooned,
  hostDropsLateBalloonResponse,
  hostEndsPartialBalloon,
];

/** The VSP reclaims whatever a balloon response names. */
export const hostTrustsBalloonResponseRanges = defineFault({
  name: 'host-trusts-balloon-response-ranges',
  config: HOSTILE_HOST_CONFIG,
  description:
    "The VSP reclaims every page a balloon response names without checking it against the guest's GPA space, the frames the guest holds, the pages already ballooned, or what its request asked for.",
  breaks: ['host-reclaims-only-requested-held-pages'],
  // Measured in 200 runs: caught at 5 of seeds 1 to 5.
  // The host's checks find nothing wrong: every response is taken as an answer.
  machines: (m) => ({ dmHost: m.dmHost.provide({ guards: { balloonResponseMalformed: () => false } }) }),
});

/** After a step that delivered an unballoon response the VSP was not waiting for: the VSP maps back every page it holds ballooned out of that guest. */
function mapBackOnUnsolicitedUnballoon(r: Applied, pid: PartitionId): Applied {
  if (r.outcome.status !== 'applied') return r;
  const stray = r.outcome.observations.some((o) => o.kind === 'dmHostMessage' && o.pid === pid && o.message === 'UNBALLOON_RESPONSE' && !o.expected);
  const g = at(r.system.dm, pid);
  if (!stray || !g || g.reclaimed.length === 0) return r;
  const st = continueStep(r);
  const gpas = rangePages(g.reclaimed);
  const granted = st.sys.world.substrateFns.dmGrant(st.sys.substrate, pid, gpas, FULL_ACCESS);
  if (!granted) return r;
  st.sys = { ...st.sys, substrate: granted.s, dm: { ...st.sys.dm, [pid]: { ...at(st.sys.dm, pid)!, reclaimed: [] } } };
  st.notes.push(`${pid}: the VSP maps gpa ${hexRanges(gpas)} back on an unballoon response it never asked for`);
  return st.done();
}

/** An unsolicited unballoon response makes the VSP give the balloon back. */
export const unsolicitedUnballoonMapsBack = defineFault({
  name: 'unsolicited-unballoon-maps-back',
  config: HOSTILE_HOST_CONFIG,
  // More forgeries and balloon requests, fewer unballoon requests (which give the pages back honestly). Measured in 200
  // runs: caught at 5 of seeds 1 to 5 with these weights, at none of seed 1 without.
  weights: { dmForge: 10, dmBalloon: 8, dmUnballoon: 2 },
  description: 'An UNBALLOON_RESPONSE that arrives while no unballoon transaction is open makes the VSP map every ballooned page of that guest back, as if it had asked.',
  breaks: ['host-maps-back-only-what-it-offers'],
  // Messages reach the VSP in these ops only.
  ops: {
    dmDeliver: (system, o, next) => mapBackOnUnsolicitedUnballoon(next(system, o), o.pid),
    dmSettle: (system, o, next) => mapBackOnUnsolicitedUnballoon(next(system, o), o.pid),
  },
});
