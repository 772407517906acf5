/**
 * What Dynamic Memory claims (models/dynamic-memory): the guest never
 * touches a page it ballooned out, and the hypervisor takes a frame only
 * after the guest named it, unmapped and flushed before reuse; visible
 * memory stays within its minimum and maximum and the guest keeps its
 * balloon floor; the VSP runs one transaction at a time, ignores messages
 * its state does not expect, and gets one answer per unballoon; the
 * pressure counter follows its formula; and whatever a hostile guest
 * writes, the VSP reclaims only pages the guest holds and it asked for,
 * and maps memory back only for a request of its own. Its `sometimes` goals: a balloon
 * inflates and deflates, a hot-add succeeds, a guest reaches its maximum,
 * version negotiation falls back, and a low-memory notification fires.
 */
import { slotOf, swappedGpas } from '../models/hypervisor-swap/swap-file.js';
import type { Invariant, Goal, Liveness } from './property.js';
import type { System } from '../src/system/system.js';
import type { Config } from '../src/system/config.js';
import { hex, partitionHolder, at } from '../src/substrate/ids.js';
import { mappedGpas, lookupSlat } from '../src/substrate/slat.js';
import { rangePages, type DmMessageType } from '../models/dynamic-memory/messages.js';
import { balloonFloorPages } from '../src/dynamic-memory/floor.js';
import { tuningOf } from '../src/dynamic-memory/tuning.js';
import type { DmGuest } from '../src/system/dm-record.js';
import { stateName } from '../src/system/machine-runtime.js';

/** Dynamic Memory guests whose partition is Active, with their config. */
function live(s: System): { pid: string; g: DmGuest; min: number; max: number }[] {
  const out: { pid: string; g: DmGuest; min: number; max: number }[] = [];
  for (const p of s.world.config.partitions) {
    const g = at(s.dm, p.id);
    if (!g || !p.dynamicMemory || at(s.partitions, p.id)?.machine.value !== 'active') continue;
    out.push({ pid: p.id, g, min: p.dynamicMemory.minPages, max: p.dynamicMemory.maxPages });
  }
  return out;
}

const holderWords = (h: string | undefined): string => (h === undefined ? 'no frame' : h === 'free' ? 'on the free list' : `held by ${h.replace('partition:', '').replace('pool:', 'the pool of ')}`);

/** A guest never touches a page it has put in its balloon. */
export const balloonPagesNeverAccessed: Invariant = {
  kind: 'always',
  name: 'balloon-pages-never-accessed',
  reads: [],
  description: 'A Dynamic Memory guest never reads or writes a page in its balloon: the driver pins balloon pages in the nonpaged pool, so the guest OS never uses them.',
  readsStep: true,
  check: (_s, last) => {
    for (const o of last?.outcome.observations ?? []) if (o.kind === 'dmBalloonTouch') return `${o.pid} touched gpa ${hex(o.gpa)}, which is in its balloon`;
    return null;
  },
};

/** Frames that left a guest are no longer reachable from it, by SLAT or TLB. */
export const balloonFramesUnmappedAndFlushed: Invariant = {
  kind: 'always',
  name: 'balloon-frames-unmapped-and-flushed-before-reuse',
  reads: ['dm', 'slat', 'memory', 'tlbs'],
  description: "When a guest's balloon pages are reclaimed, their SLAT entries are removed and every TLB entry for them is flushed on every logical processor before the frames go to the free list or another partition.",
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      const slat = at(s.substrate.slat, pid) ?? {};
      for (const gpa of rangePages(g.reclaimed)) {
        const e = lookupSlat(slat, gpa);
        if (e) return `${pid}'s balloon gpa ${hex(gpa)} was reclaimed but its SLAT still maps frame ${hex(e.frame)} (${holderWords(s.substrate.memory.holder[e.frame])})`;
      }
      for (const gpa of mappedGpas(slat)) {
        const f = slat[gpa]!.frame;
        const h = s.substrate.memory.holder[f];
        if (h !== partitionHolder(pid)) return `${pid}'s SLAT maps gpa ${hex(gpa)} to frame ${hex(f)}, which is ${holderWords(h)}`;
      }
      for (let i = 0; i < s.substrate.lps.length; i++) {
        for (const e of s.substrate.lps[i]!.tlb) {
          if (e.tag !== pid) continue;
          const h = s.substrate.memory.holder[e.frame];
          if (h !== partitionHolder(pid) || lookupSlat(slat, e.gpa)?.frame !== e.frame)
            return `lp${i}'s TLB still translates ${pid}'s gpa ${hex(e.gpa)} to frame ${hex(e.frame)}, which is ${holderWords(h)}${lookupSlat(slat, e.gpa) ? '' : ' and no longer in the SLAT'}`;
        }
      }
    }
    return null;
  },
};

/** Visible memory stays within the configured maximum, and the memory left to the guest within its minimum. */
export const visibleMemoryWithinMinMax: Invariant = {
  kind: 'always',
  name: 'visible-memory-within-min-max',
  reads: ['dm', 'partitions'],
  description: "A Dynamic Memory guest's visible memory never exceeds its maximum, and its visible memory minus what the host has ballooned out never falls below its minimum.",
  check: (s) => {
    for (const { pid, g, min, max } of live(s)) {
      if (g.mm.visible > max) return `${pid} sees ${g.mm.visible} pages, above its maximum of ${max}`;
      const left = g.mm.visible - rangePages(g.reclaimed).length;
      if (left < min) return `${pid} is left ${left} pages after ballooning, below its minimum of ${min}`;
    }
    return null;
  },
};

/** The guest keeps its balloon floor. */
export const guestNeverBalloonsBelowFloor: Invariant = {
  kind: 'always',
  name: 'guest-never-balloons-below-floor',
  reads: ['dm', 'partitions'],
  description:
    "A guest never puts so much in its balloon that less than its floor is left to it: the floor (a piecewise function: 72 MiB at 128 MiB ... 1512 MiB at 32 GiB) of its totalram_pages() when the balloon work took its count, which ballooned pages have left (hv_balloon.c balloon_up, compute_balloon_floor).",
  check: (s) => {
    const mib = tuningOf(s.world.config.dynamicMemoryTuning).mibPerPage;
    for (const { pid, g } of live(s)) {
      if (g.mm.balloon.length === 0) continue;
      const total = g.driver.context.workTotal;
      const floor = balloonFloorPages(total, mib);
      const left = g.mm.visible - g.mm.balloon.length;
      if (left < floor) return `${pid} keeps ${left} pages outside its balloon, below its floor of ${floor} pages (${total} pages of totalram when the balloon work took its count)`;
    }
    return null;
  },
};

/** The VSP runs one transaction at a time. */
export const oneDmTransactionAtATime: Invariant = {
  kind: 'always',
  name: 'one-dm-transaction-at-a-time',
  reads: ['dm'],
  description: "A guest's VSP has at most one balloon, unballoon or hot-add transaction open.",
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      if (g.open.length > 1) return `${pid}'s VSP has ${g.open.length} transactions open at once: ${g.open.join(', ')}`;
    }
    return null;
  },
};

/** One unballoon response per transaction, after its last request. */
export const unballoonAnsweredExactlyOnce: Invariant = {
  kind: 'always',
  name: 'unballoon-answered-exactly-once',
  reads: ['dm'],
  description: 'The guest answers an unballoon transaction with exactly one UNBALLOON_RESPONSE, sent after the request with more_pages = 0.',
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      if (g.unballoonAnswers > 1) return `${pid} sent ${g.unballoonAnswers} UNBALLOON_RESPONSEs in one transaction`;
      if (g.unballoonEarly) return `${pid} sent an UNBALLOON_RESPONSE before the request with more_pages = 0`;
    }
    return null;
  },
};

/** The VSP does not act on a message its state does not expect. */
export const hostIgnoresOutOfStateMessages: Invariant = {
  kind: 'always',
  name: 'host-ignores-out-of-state-messages',
  reads: [],
  description:
    'A guest message that reaches the VSP in a state that does not expect it (an unballoon response after the VSP gave the transaction up, a second unballoon response) is ignored, not acted on; a late balloon response is expected in every ready state, its pages are accounted.',
  readsStep: true,
  check: (_s, last) => {
    for (const o of last?.outcome.observations ?? [])
      if (o.kind === 'dmHostMessage' && !o.expected && o.acted) return `${o.pid}'s VSP acted on ${o.message} in state ${o.state}, which does not expect it`;
    return null;
  },
};

/** Every page the guest has onlined and not ballooned is backed by a frame. */
export const hypervisorNeverReclaimsWithoutConsent: Invariant = {
  kind: 'always',
  name: 'hypervisor-never-reclaims-without-guest-consent',
  reads: ['dm', 'partitions', 'slat'],
  description:
    "The hypervisor takes a frame from a guest only after the guest's balloon response named it: every page the guest has onlined and not put in its balloon stays mapped (Hyper-V does not swap; on a host that does, reclaim \"balloon+swap\", the pages in the hypervisor's swap file are the only exception).",
  check: (s) => {
    for (const { pid, g } of live(s)) {
      // A hostile guest consents by what it writes, whatever its driver chose: the host's side is host-reclaims-only-requested-held-pages.
      if (s.world.config.partitions.some((p) => p.id === pid && p.hostile === true)) continue;
      const slat = at(s.substrate.slat, pid) ?? {};
      const balloon = new Set(g.mm.balloon);
      const swapped = new Set(swappedGpas(g.swap));
      for (let gpa = 0; gpa < g.mm.visible; gpa++)
        if (!balloon.has(gpa) && !swapped.has(gpa) && !lookupSlat(slat, gpa)) return `${pid}'s gpa ${hex(gpa)} lost its frame, but the guest never offered it in a balloon response`;
    }
    return null;
  },
};

/** The Memory Pressure counter is committed / visible * 100. */
export const pressureFormulaHolds: Invariant = {
  kind: 'always',
  name: 'pressure-formula-holds',
  reads: ['dm'],
  description: "The Memory Pressure counter equals the guest's last reported committed pages / its visible pages * 100 (rounded down).",
  check: (s) => {
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      if (!g.status) continue;
      const want = Math.floor((g.status.numCommitted * 100) / g.hostVisible);
      if (g.pressure !== want) return `${pid}'s pressure counter reads ${g.pressure}, but ${g.status.numCommitted} committed / ${g.hostVisible} visible * 100 = ${want}`;
    }
    return null;
  },
};

/** What each VSP reply wait is for: the request it posted, the answer it waits for, and the driver's work item that answers it. */
const REPLY_WAITS: Readonly<Record<string, { readonly request: DmMessageType; readonly answer: DmMessageType; readonly work?: 'balloonPending' | 'hotAddPending' }>> = {
  'ready.balloonWaitReply': { request: 'BALLOON_REQUEST', answer: 'BALLOON_RESPONSE', work: 'balloonPending' },
  'ready.unballoonWaitReply': { request: 'UNBALLOON_REQUEST', answer: 'UNBALLOON_RESPONSE' },
  'ready.hotAddWaitReply': { request: 'MEM_HOT_ADD_REQUEST', answer: 'MEM_HOT_ADD_RESPONSE', work: 'hotAddPending' },
};

/**
 * The VSP waits whose request nothing carries any more: not on the
 * channel, no work item of the driver armed for it, and no answer on the
 * way back. Such a wait ends only by the VSP giving the transaction up.
 */
export function lostRequests(s: System): readonly string[] {
  // Judged twice on every transition of every search: most states have no Dynamic Memory guest at all, and most steps leave the guests and partitions alone.
  if (Object.keys(s.dm).length === 0) return NONE_LOST;
  let byPartitions = LOST.get(s.dm);
  if (byPartitions === undefined) LOST.set(s.dm, (byPartitions = new WeakMap()));
  let lost = byPartitions.get(s.partitions);
  if (lost === undefined) byPartitions.set(s.partitions, (lost = findLostRequests(s)));
  return lost;
}

const NONE_LOST: readonly string[] = [];

/** `lostRequests` per Dynamic Memory table and partition table (what it reads besides the config, which one World fixes). */
const LOST = new WeakMap<object, WeakMap<object, readonly string[]>>();

function findLostRequests(s: System): readonly string[] {
  const out: string[] = [];
  for (const { pid, g } of live(s)) {
    const state = stateName(g.host.value);
    const w = REPLY_WAITS[state];
    if (!w) continue;
    const carried = g.toGuest.some((m) => m.type === w.request) || (w.work !== undefined && g.driver.context[w.work]) || g.toHost.some((m) => m.type === w.answer);
    if (!carried) out.push(`${pid}'s VSP waits in ${state} for the answer to its ${w.request}, which the driver dropped: nothing will answer it`);
  }
  return out;
}

/** Every host request is answered, or given up by the VSP's documented reply timer. */
export const dmHostRequestAnsweredOrGivenUp: Liveness = {
  kind: 'eventually',
  name: 'dm-host-request-answered-or-given-up',
  description:
    "Every request the VSP waits on is carried by something that answers it (the channel, the driver's armed work item, or the answer on its way back), and one that nothing carries is given up by the VSP's reply timer within 3 steps; the Linux driver takes every request in every state and always answers (balloon_onchannelcallback).",
  trigger: (s) => lostRequests(s).length > 0,
  satisfied: (s) => lostRequests(s).length === 0,
  withinSteps: 3,
  explain: (s) => lostRequests(s).join('; '),
};

/** The Dynamic Memory bounded-liveness properties. */
export const dmLiveness: readonly Liveness[] = [dmHostRequestAnsweredOrGivenUp];

/** What the step posted as a BALLOON_REQUEST to `pid`'s guest (its page count), if it posted one. */
function postedBalloon(before: DmGuest | undefined, after: DmGuest): number | null {
  const sent = after.toGuest;
  const last = sent.at(-1);
  return last?.type === 'BALLOON_REQUEST' && sent.length > (before?.toGuest.length ?? 0) ? last.numPages : null;
}

/** An operator's balloon request keeps the guest at or above its minimum, counting what is already ballooned. */
export const operatorBalloonRequestKeepsMinimum: Invariant = {
  kind: 'always',
  name: 'operator-balloon-request-keeps-minimum',
  description:
    "An operator's balloon request never asks for more than would leave the guest its configured minimum: visible pages minus the pages the host has already ballooned out minus the request stay at or above the minimum.",
  readsStep: true,
  reads: [],
  check: (s, last) => {
    if (last?.op.type !== 'dmBalloon') return null;
    const pid = last.op.pid;
    const before = at(last.before.dm, pid);
    const after = at(s.dm, pid);
    const min = s.world.config.partitions.find((p) => p.id === pid)?.dynamicMemory?.minPages;
    if (!before || !after || min === undefined) return null;
    const n = postedBalloon(before, after);
    if (n === null) return null;
    const ballooned = rangePages(before.reclaimed).length;
    const left = before.hostVisible - ballooned - n;
    return left < min ? `${pid}: the operator's BALLOON_REQUEST of ${n} pages leaves ${before.hostVisible} visible - ${ballooned} ballooned - ${n} = ${left} pages, below its minimum of ${min}` : null;
  },
};

/** A balloon transaction the VSP completes got every page it asked for, or ended on an answer naming none. */
export const hostBalloonsUntilTargetOrFloor: Invariant = {
  kind: 'always',
  name: 'host-balloons-until-target-or-floor',
  description:
    'The VSP closes a balloon transaction as complete only when it has reclaimed every page it asked for, or the last response named no pages (the guest is at its floor): after a partial answer it asks again for the remainder (QEMU hv_balloon_handle_balloon_response).',
  readsStep: true,
  reads: [],
  check: (_s, last) => {
    for (const o of last?.outcome.observations ?? [])
      if (o.kind === 'dmBalloonClosed' && o.moved < o.asked && !o.lastNamedNone)
        return `${o.pid}'s VSP closed its balloon transaction with ${o.moved} of the ${o.asked} pages it asked for, on a response that named pages: the remainder was never asked for`;
    return null;
  },
};

/** Counts each page of `pages` into `into`. */
function tally(into: Map<number, number>, pages: readonly number[]): void {
  for (const p of pages) into.set(p, (into.get(p) ?? 0) + 1);
}

/** Every page the guest ballooned is held by the host, on its way to it, or on its way back, exactly once. */
export const hostAccountsEveryBalloonedPage: Invariant = {
  kind: 'always',
  name: 'host-accounts-every-ballooned-page',
  reads: ['dm', 'partitions'],
  description:
    "Every page in a guest's balloon is, exactly once, held by the VSP (reclaimed), named in a balloon response on its way to the VSP, or in an unballoon request on its way back, and the VSP holds no other page: a response that arrives after the VSP gave its transaction up is accounted as QEMU accounts it in its wait, neither dropped (the page is leaked: pinned in the guest, mapped, on nobody's account) nor counted twice.",
  check: (s) => {
    for (const { pid, g } of live(s)) {
      // A hostile guest's messages name what it likes: the host's side against it is host-reclaims-only-requested-held-pages.
      if (s.world.config.partitions.some((p) => p.id === pid && p.hostile === true)) continue;
      const seen = new Map<number, number>();
      tally(seen, rangePages(g.reclaimed));
      for (const m of g.toHost) if (m.type === 'BALLOON_RESPONSE') tally(seen, rangePages(m.ranges));
      for (const m of g.toGuest) if (m.type === 'UNBALLOON_REQUEST') tally(seen, rangePages(m.ranges));
      const balloon = new Set(g.mm.balloon);
      for (const gpa of g.mm.balloon) {
        const n = seen.get(gpa) ?? 0;
        if (n === 0) return `${pid}'s gpa ${hex(gpa)} is in its balloon but the VSP does not hold it and no message carries it: the page is leaked`;
        if (n > 1) return `${pid}'s gpa ${hex(gpa)} is counted ${n} times between the VSP's holdings and the messages in flight`;
      }
      for (const gpa of seen.keys()) if (!balloon.has(gpa)) return `${pid}'s VSP counts gpa ${hex(gpa)} as ballooned, but the guest's balloon does not hold it`;
    }
    return null;
  },
};

/** The pages in `after` beyond those in `before`, counted with multiplicity (a page listed twice more is listed twice). */
function addedPages(before: readonly number[], after: readonly number[]): number[] {
  const left = new Map<number, number>();
  for (const p of before) left.set(p, (left.get(p) ?? 0) + 1);
  const out: number[] = [];
  for (const p of after) {
    const n = left.get(p) ?? 0;
    if (n > 0) left.set(p, n - 1);
    else out.push(p);
  }
  return out;
}

/** The host reclaims, on a guest's word, only pages the guest holds and the host asked for. */
export const hostReclaimsOnlyRequestedHeldPages: Invariant = {
  kind: 'always',
  name: 'host-reclaims-only-requested-held-pages',
  readsStep: true,
  // It reads the step (and the state before it) only.
  reads: [],
  description:
    "The VSP counts a page as ballooned out (and unmaps and frees its frame) only if it lies in the guest's GPA space, was backed by a frame that guest held, was not ballooned already, and a balloon request of the host's still had room for it: whatever a guest's balloon response names, nothing else is taken on its word.",
  check: (s, last) => {
    if (!last) return null;
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      const b = at(last.before.dm, pid);
      if (!b || g.reclaimed === b.reclaimed) continue;
      const was = rangePages(b.reclaimed);
      const added = addedPages(was, rangePages(g.reclaimed));
      if (added.length === 0) continue;
      const space = s.world.config.partitions.find((p) => p.id === pid)?.gpaPages ?? 0;
      const slat = at(last.before.substrate.slat, pid) ?? {};
      const seen = new Set(was);
      for (const gpa of added) {
        if (gpa < 0 || gpa >= space) return `${pid}'s VSP counts gpa ${hex(gpa)} as ballooned out, outside ${pid}'s ${space}-page GPA space`;
        if (seen.has(gpa)) return `${pid}'s VSP counts gpa ${hex(gpa)} as ballooned out twice`;
        seen.add(gpa);
        const e = lookupSlat(slat, gpa);
        // A page the hypervisor had swapped out is still the guest's to give up (its swap slot goes).
        const swapped = slotOf(b.swap, gpa) !== undefined;
        if (!swapped && (!e || last.before.substrate.memory.holder[e.frame] !== partitionHolder(pid))) return `${pid}'s VSP counts gpa ${hex(gpa)} as ballooned out, but ${pid} held no frame there`;
      }
      // Room in the open request; after the VSP gave a balloon wait up, the late answer of that transaction is still an answer (as QEMU handles it in its wait).
      const room = stateName(b.host.value) === 'ready.balloonWaitReply' ? Math.max(0, b.requested - b.moved) : b.host.context.lateBalloon ? Number.POSITIVE_INFINITY : 0;
      if (added.length > room) return `${pid}'s VSP took ${added.length} page${added.length === 1 ? '' : 's'} (gpa ${added.map(hex).join(', ')}) on the guest's word where its balloon request had room for ${room}`;
    }
    return null;
  },
};

/** The host maps memory into a Dynamic Memory guest only for a request of its own. */
export const hostMapsBackOnlyWhatItOffers: Invariant = {
  kind: 'always',
  name: 'host-maps-back-only-what-it-offers',
  readsStep: true,
  // It reads the step (and the state before it) only.
  reads: [],
  description:
    "A Dynamic Memory guest's SLAT gains a page only at its start, or in the step in which its VSP posts the unballoon or hot-add request that names the page: no message from the guest makes the host map memory into it.",
  check: (s, last) => {
    if (!last || s.substrate.slat === last.before.substrate.slat) return null;
    for (const pid in s.dm) {
      const g = s.dm[pid]!;
      const b = at(last.before.dm, pid);
      if (!b) continue;
      const was = at(last.before.substrate.slat, pid) ?? {};
      const now = at(s.substrate.slat, pid) ?? {};
      if (was === now) continue;
      const gained = mappedGpas(now).filter((gpa) => lookupSlat(was, gpa) === undefined);
      if (gained.length === 0) continue;
      // What the VSP posted to the guest in this step: the messages on the channel that were not there before.
      const posted = g.toGuest.filter((m) => !b.toGuest.includes(m));
      const offered = new Set(
        posted.flatMap((m) => (m.type === 'UNBALLOON_REQUEST' ? rangePages(m.ranges) : m.type === 'MEM_HOT_ADD_REQUEST' ? rangePages([m.range]) : [])),
      );
      // The hypervisor's own swap-in (a swapping host) maps back a page it took: the guest's word has no part in it.
      for (const gpa of swappedGpas(b.swap)) if (slotOf(g.swap, gpa) === undefined) offered.add(gpa);
      const stray = gained.filter((gpa) => !offered.has(gpa));
      if (stray.length > 0) return `${pid}'s SLAT gains gpa ${stray.map(hex).join(', ')} in a step in which its VSP offered no such page (${last.op.type})`;
    }
    return null;
  },
};

/** The Dynamic Memory invariants. */
export const dmInvariants: readonly Invariant[] = [
  balloonPagesNeverAccessed,
  balloonFramesUnmappedAndFlushed,
  visibleMemoryWithinMinMax,
  operatorBalloonRequestKeepsMinimum,
  guestNeverBalloonsBelowFloor,
  oneDmTransactionAtATime,
  unballoonAnsweredExactlyOnce,
  hostIgnoresOutOfStateMessages,
  hypervisorNeverReclaimsWithoutConsent,
  pressureFormulaHolds,
  hostBalloonsUntilTargetOrFloor,
  hostAccountsEveryBalloonedPage,
  hostReclaimsOnlyRequestedHeldPages,
  hostMapsBackOnlyWhatItOffers,
];

/** Dynamic Memory goals apply only to a configuration with a Dynamic Memory guest. */
const hasDmGuest = (c: Config): boolean => c.partitions.some((p) => p.dynamicMemory !== undefined);

const dmEvent = (event: string): Goal['reached'] => (_s, last) => last?.outcome.observations.some((o) => o.kind === 'dmEvent' && o.event === event) ?? false;

/** The Dynamic Memory goals. */
export const dmGoals: readonly Goal[] = ([
  { kind: 'sometimes', name: 'balloon-inflates-and-deflates', description: 'A balloon inflates and is later deflated: an unballoon transaction completes.', reached: dmEvent('unballoonDone') },
  { kind: 'sometimes', name: 'hot-add-succeeds', description: 'A hot-add transaction adds pages to a guest.', reached: dmEvent('hotAddDone') },
  {
    kind: 'sometimes',
    name: 'guest-reaches-maximum',
    reads: ['dm', 'partitions'],
    description: 'A Dynamic Memory guest is raised to its maximum memory.',
    reached: (s) => live(s).some(({ g, max }) => g.mm.visible === max),
  },
  { kind: 'sometimes', name: 'version-negotiation-falls-back', description: 'The host rejects a protocol version and the guest offers an older one.', reached: dmEvent('versionFallback') },
  { kind: 'sometimes', name: 'low-memory-notification-fires', description: 'Ballooning or the workload makes a guest trim its working set and signal low memory.', reached: dmEvent('lowMemory') },
] as Goal[]).map((g) => ({ ...g, appliesTo: hasDmGuest }));
