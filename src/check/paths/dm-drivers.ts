/**
 * Drivers of the two Dynamic Memory machines: the guest's driver (dmGuest)
 * and the host's VSP (dmHost) of Dynamic Memory guest p1.
 *
 * Their events carry what the other side and the guest memory manager
 * decide (the host's answers, the pages a balloon request asks for, the
 * pages one allocation takes), so no single op produces a given branch.
 * Each driver therefore tries a few short op sequences ("recipes") on a
 * copy of the system, and issues the first one whose last op makes the
 * watched machine take the specification's branch: the ops before it
 * bring the rest of the system where the step needs it (the other side
 * answers, the VSP times out, the operator asks for pages) and must leave
 * the watched machine's state and whole context as they were (an event
 * they send it, such as a TICK that only sends a status report, changes
 * nothing). When no recipe takes the branch, the step is undrivable there;
 * the path search then finds another way to the same transition.
 *
 * A host configuration reaches only part of each machine (a host that
 * accepts version 2.0 never makes the guest fall back; a VSP without a
 * post-init wait never waits), so each machine has several drivers, each
 * on its own small host, whose paths together take every transition.
 */
import type { EventObject } from 'xstate';
import type { System } from '../../system/system.js';
import type { Op } from '../../system/ops.js';
import { step } from '../../system/step.js';
import { type Config, type DynamicMemoryConfig, parseConfig } from '../../system/config.js';
import { type MachineState, initialState, stateName } from '../../system/machine-runtime.js';
import { at } from '../../substrate/ids.js';
import { type DmTuning, tuningOf } from '../../dynamic-memory/tuning.js';
import { balloonFloorPages } from '../../dynamic-memory/floor.js';
import { DM_VERSIONS } from '../../../models/dynamic-memory/messages.js';
import { type DriverContext, type DriverEvent, clampToFloor } from '../../../models/dynamic-memory/guest-driver.js';
import type { HostContext, HostEvent } from '../../../models/dynamic-memory/host.js';
import type { Drive, Driver } from './driver.js';

const P = 'p1';
/** Guest p1's address space, and the most pages a recipe asks for at once (the VM worker caps a request to what fits). */
const GPA_PAGES = 16;
/** Pages guest p1 boots with. */
const STARTUP_PAGES = 8;

/**
 * One step of a recipe: an op; every message then waiting for the host
 * (or for the guest) delivered in turn; or, last, the messages waiting for
 * the watched side delivered one at a time up to the first of the event's
 * type (those before it must change nothing).
 */
type RecipeStep = Op | 'drainHost' | 'drainGuest' | 'untilEvent';
type Recipe = readonly RecipeStep[];

const deliver = (to: 'host' | 'guest'): Op => ({ type: 'dmDeliver', pid: P, to });
const TICK: Op = { type: 'tick' };
const WORK: Op = { type: 'dmGuestWork', pid: P };
const START: Op = { type: 'dmStart', pid: P };
const ticks = (n: number): Op[] => Array.from({ length: n }, () => TICK);

/**
 * A small host with Dynamic Memory guest p1 alone (8 pages at boot, up to
 * 16), short timers, and the given guest and tuning settings.
 */
export function dmPathsConfig(dm: Partial<DynamicMemoryConfig> = {}, tuning: Partial<DmTuning> = {}): Config {
  return parseConfig({
    frames: 64,
    hypervisorFrames: 8,
    rootFrames: 16,
    largePages: false,
    rootVps: 1,
    logicalProcessors: 1,
    tlbEntries: 4,
    maxPagesPerCall: 4,
    maxIosInFlight: 1,
    maxMessagesOutstanding: 1,
    partitions: [{ id: P, vps: 1, gpaPages: GPA_PAGES, dynamicMemory: { startupPages: STARTUP_PAGES, minPages: 1, maxPages: GPA_PAGES, committedPages: 2, ...dm } }],
    dynamicMemoryTuning: { statusHoldbackTicks: 1, negotiationTimeoutTicks: 2, postInitTicks: 0, replyTimeoutTicks: 2, ...tuning },
  });
}

/** The watched machine's state in `sys`: before dmStart, the machine's initial state (the guest's Dynamic Memory is not started). */
const watched = (machine: 'dmGuest' | 'dmHost') => (sys: System): MachineState => {
  const g = at(sys.dm, P);
  if (g) return machine === 'dmGuest' ? g.driver : g.host;
  return initialState(sys.world.machines[machine]);
};

const keyOf = (s: MachineState) => JSON.stringify([s.value, s.context]);

/**
 * Runs `recipe` on `sys`: its ops (drains expanded) when every op applies,
 * the ops before the last leave the watched machine as it was, and the last
 * makes it take `branch` on `event` (or, for `…:?`, take nothing).
 */
function tryRecipe(sys: System, machine: 'dmGuest' | 'dmHost', event: EventObject, branch: string, recipe: Recipe): Op[] | null {
  const watch = watched(machine);
  const before = keyOf(watch(sys));
  const ops: Op[] = [];
  let s = sys;
  let taken: readonly { readonly branch?: string }[] = [];
  const apply = (op: Op): boolean => {
    // The op before this one must have left the watched machine as it was.
    if (ops.length > 0 && keyOf(watch(s)) !== before) return false;
    const r = step(s, op);
    if (r.outcome.status === 'skipped') return false;
    s = r.system;
    ops.push(op);
    taken = r.outcome.transitions.filter((t) => t.machine === machine && t.event === event.type);
    return true;
  };
  const waiting = (to: 'host' | 'guest') => {
    const g = at(s.dm, P);
    return g ? (to === 'host' ? g.toHost : g.toGuest) : [];
  };
  for (const part of recipe) {
    if (part === 'drainHost' || part === 'drainGuest') {
      const to = part === 'drainHost' ? 'host' : 'guest';
      for (let n = waiting(to).length; n > 0; n--) if (!apply(deliver(to))) return null;
    } else if (part === 'untilEvent') {
      const to = machine === 'dmHost' ? 'host' : 'guest';
      const k = waiting(to).findIndex((m) => m.type === event.type);
      if (k < 0) return null;
      for (let i = 0; i <= k; i++) if (!apply(deliver(to))) return null;
    } else if (!apply(part)) return null;
  }
  if (ops.length === 0) return null;
  const ok = branch.endsWith(':?') ? taken.length === 0 : taken.length === 1 && taken[0]!.branch === branch;
  return ok ? ops : null;
}

/** The first recipe that takes the branch, or undrivable with `why`. */
function firstRecipe(sys: System, machine: 'dmGuest' | 'dmHost', event: EventObject, branch: string, recipes: Iterable<Recipe>, why: string): Drive {
  for (const r of recipes) {
    const ops = tryRecipe(sys, machine, event, branch, r);
    if (ops) return { kind: 'ops', ops };
  }
  return { kind: 'undrivable', reason: `in ${stateName(watched(machine)(sys).value)}, ${why}` };
}

/** The operator's request that makes the VSP post the message the guest takes as `event` (the page count picks the branch). */
function hostRequests(event: string, branch: string): Op[] {
  const last = branch.endsWith(':0');
  switch (event) {
    case 'BALLOON_REQUEST':
      // Branch 0 is the request that would breach the guest's floor: ask for every page; branch 1 a small one.
      return last ? [{ type: 'dmBalloon', pid: P, pages: GPA_PAGES }] : [2, 1].map((pages): Op => ({ type: 'dmBalloon', pid: P, pages }));
    case 'UNBALLOON_REQUEST':
      // Branch 0 takes the request with more_pages = 0 (one range back), branch 1 one of several (every ballooned page back).
      return last ? [1, 2].map((pages): Op => ({ type: 'dmUnballoon', pid: P, pages })) : [{ type: 'dmUnballoon', pid: P, pages: GPA_PAGES }];
    case 'MEM_HOT_ADD_REQUEST':
      return [{ type: 'dmHotAdd', pid: P, pages: 2 }];
    default:
      return [];
  }
}

/** Recipes for a guest driver event. */
function* guestRecipes(sys: System, e: EventObject, branch: string): Generator<Recipe> {
  switch (e.type) {
    case 'LOAD':
      return yield [START];
    case 'TICK':
      // The VSP reads what waits for it first (a balloon response reaches it before it gives the transaction up).
      yield ['drainHost', TICK];
      return yield [TICK];
    case 'BALLOON_ALLOCATED':
    case 'HOT_ADD_ONLINED':
      // The work item runs; with the ring to the host full it waits for the host to read first.
      yield [WORK];
      return yield ['drainHost', WORK];
    default: {
      // A host message: the one waiting, or the host's answer to what the guest sent.
      yield ['untilEvent'];
      yield ['drainHost', 'untilEvent'];
      // A request the operator makes: after the VSP has read what waits for it, or given its transaction up.
      const timeout = tuningOf(sys.world.config.dynamicMemoryTuning).replyTimeoutTicks;
      for (const req of hostRequests(e.type, branch)) for (let t = 0; t <= timeout; t++) yield ['drainHost', ...ticks(t), 'drainHost', req, 'untilEvent'];
    }
  }
}

/** Recipes for a VSP event. */
function* hostRecipes(e: EventObject): Generator<Recipe> {
  switch (e.type) {
    case 'RESET':
      return yield [START];
    case 'TICK':
      return yield [TICK];
    case 'START_BALLOON':
      // The event's pages: two are answered in full; every page is clamped to the floor (a partial answer, the remainder asked again).
      return yield [{ type: 'dmBalloon', pid: P, pages: (e as { pages?: number }).pages ?? 2 }];
    case 'START_UNBALLOON':
      yield [{ type: 'dmUnballoon', pid: P, pages: GPA_PAGES }];
      return yield [{ type: 'dmUnballoon', pid: P, pages: 1 }];
    case 'START_HOT_ADD':
      return yield [{ type: 'dmHotAdd', pid: P, pages: 2 }];
    default: {
      // A guest message: the one waiting, after those the VSP reads without a change (a status report), or what the guest sends next.
      for (const prefix of [[], ['drainGuest'], [WORK], ['drainGuest', WORK], ['drainGuest', TICK], ['drainGuest', TICK, TICK], [deliver('host'), 'drainGuest']] as Recipe[]) yield [...prefix, 'untilEvent'];
    }
  }
}

/** The guest driver's context that the system determines too: all of it but the pages of the current balloon request. */
const GUEST_COMPARED = ['version', 'isLastAttempt', 'waited', 'statusDelay', 'balloonEnabled', 'hotAddEnabled', 'largeUnit', 'negotiationTimeout'] as const;

/** The VSP's context that only the pages of a balloon transaction decide: left out of the comparison. */
const HOST_UNCOMPARED: readonly (keyof HostContext)[] = ['balloonAsked', 'balloonDiff'];

/** The LOAD event dmStart sends on `config`. */
function loadEvent(config: Config): DriverEvent {
  const t = tuningOf(config.dynamicMemoryTuning);
  const hotAdd = config.partitions.find((p) => p.id === P)?.dynamicMemory?.hotAdd ?? true;
  return { type: 'LOAD', balloon: true, hotAdd, largeUnit: t.largeUnitPages, statusHoldback: t.statusHoldbackTicks, negotiationTimeout: t.negotiationTimeoutTicks };
}

const HOST_VERSION = { '2.0': DM_VERSIONS.WIN10, '1.0': DM_VERSIONS.WIN8, '0.3': DM_VERSIONS.WIN7, none: 0 } as const;

/** The RESET event dmStart sends on `config`. */
function resetEvent(config: Config): HostEvent {
  const t = tuningOf(config.dynamicMemoryTuning);
  const dm = config.partitions.find((p) => p.id === P)!.dynamicMemory!;
  return { type: 'RESET', maxVersion: HOST_VERSION[dm.hostVersion ?? '2.0'], postInit: t.postInitTicks, replyTimeout: t.replyTimeoutTicks, declineCapabilities: dm.hostDeclinesCapabilities ?? false };
}

/** Which model snapshots a driver explores events from. */
type Explore = NonNullable<Driver['explore']>;

/** Host requests, and the guest's work items that only a request arms. */
const AFTER_NEGOTIATION: ReadonlySet<string> = new Set(['BALLOON_REQUEST', 'UNBALLOON_REQUEST', 'MEM_HOT_ADD_REQUEST', 'BALLOON_ALLOCATED', 'HOT_ADD_ONLINED']);

/**
 * What hvspec's system can send the guest driver: a host request (and a
 * work item, which only a request arms) once negotiation is done; the VSP
 * sends none before (the specification ignores one there, a step no op
 * could drive).
 */
const guestSends: NonNullable<Driver['sends']> = (snap, type) => !AFTER_NEGOTIATION.has(type) || (snap.context as DriverContext).negotiated;

/** A guest driver on `config`, answered as `answers` says. */
function guestDriver(variant: string, config: Config, answers: { version: (0 | 1)[]; capabilities: (0 | 1)[] }, explore: Explore): Driver {
  const visible = STARTUP_PAGES;
  const floor = balloonFloorPages(visible, tuningOf(config.dynamicMemoryTuning).mibPerPage);
  return {
    machine: 'dmGuest',
    variant,
    config,
    at: { pid: P },
    events: [
      loadEvent(config),
      ...answers.version.map((isAccepted) => ({ type: 'VERSION_RESPONSE', isAccepted })),
      ...answers.capabilities.map((isAccepted) => ({ type: 'CAPABILITIES_RESPONSE', isAccepted })),
      // The guest's figures at boot: a small request, and one for every page (clamped to keep the floor).
      { type: 'BALLOON_REQUEST', numPages: 2, available: visible, totalram: visible, floor },
      { type: 'BALLOON_REQUEST', numPages: visible, available: visible, totalram: visible, floor },
      // What one allocation takes: up to two ranges of the large unit, or single pages after falling back.
      { type: 'BALLOON_ALLOCATED', got: 4, unit: 2 },
      { type: 'BALLOON_ALLOCATED', got: 2, unit: 2 },
      { type: 'BALLOON_ALLOCATED', got: 1, unit: 1 },
      { type: 'UNBALLOON_REQUEST', morePages: 0 },
      { type: 'UNBALLOON_REQUEST', morePages: 1 },
      { type: 'MEM_HOT_ADD_REQUEST', pageCnt: 2 },
      { type: 'HOT_ADD_ONLINED', pageCount: 2 },
    ],
    setup: [],
    instance: watched('dmGuest'),
    contextCompared: `${GUEST_COMPARED.join(', ')} (not remaining and allocUnit: the pages of a balloon request and of each allocation are the guest memory manager's)`,
    sameContext: (m, s) => GUEST_COMPARED.every((k) => (m as DriverContext)[k] === (s as DriverContext)[k]),
    explore,
    sends: guestSends,
    simplePaths: false,
    // Its snapshots (each state with the work flags, the hold-back and the pages left) are too many to walk each.
    shortestPaths: 'state',
    // The VSP's state and wait, and whether it holds ballooned pages, decide which requests can reach the guest.
    systemKey: (sys) => {
      const g = at(sys.dm, P);
      return g ? JSON.stringify([g.host.value, g.host.context.waited, g.reclaimed.length > 0]) : '';
    },
    drive: (sys, e, branch) => firstRecipe(sys, 'dmGuest', e, branch, guestRecipes(sys, e, branch), `no short op sequence makes guest ${P}'s driver take ${branch}`),
  };
}

/** A VSP driver on `config`. */
function hostDriver(variant: string, config: Config, explore?: Explore): Driver {
  return {
    machine: 'dmHost',
    variant,
    config,
    at: { pid: P },
    events: [
      resetEvent(config),
      // The guest offers 2.0 first, then 1.0 after a rejection.
      { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN10, isLastAttempt: 0 },
      { type: 'VERSION_REQUEST', version: DM_VERSIONS.WIN8, isLastAttempt: 0 },
      { type: 'CAPABILITIES_REPORT', balloon: true, hotAdd: true },
      { type: 'STATUS_REPORT', numCommitted: 0, numAvail: 0 },
      // A last response that leaves pages owed, one more to come, and one naming no pages (the guest at its floor).
      { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 1, fresh: 1 },
      { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 1, fresh: 2 },
      { type: 'BALLOON_RESPONSE', morePages: 1, rangeCount: 1, fresh: 1 },
      { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 0, fresh: 0 },
      // What the VSP's checks found wrong with a response (a hostile guest's).
      { type: 'BALLOON_RESPONSE', morePages: 0, rangeCount: 1, fresh: 1, problem: 'gpa 0x40 lies outside the GPA space' },
      { type: 'MEM_HOT_ADD_RESPONSE', pageCount: 2, result: 0 },
      { type: 'START_BALLOON', pages: 2 },
      { type: 'START_BALLOON', pages: GPA_PAGES },
      { type: 'START_UNBALLOON', pages: 2 },
      { type: 'START_HOT_ADD', pages: 2 },
    ],
    setup: [],
    instance: watched('dmHost'),
    contextCompared: `all of it but ${HOST_UNCOMPARED.join(' and ')} (the pages of a balloon transaction are the request's and the guest's allocations)`,
    sameContext: (m, s) => (Object.keys(m as HostContext) as (keyof HostContext)[]).every((k) => HOST_UNCOMPARED.includes(k) || (m as HostContext)[k] === (s as HostContext)[k]),
    ...(explore ? { explore } : {}),
    simplePaths: false,
    // The guest driver's state and the pages left of its balloon request, and whether the VSP holds ballooned pages, decide what the guest can answer.
    systemKey: (sys) => {
      const g = at(sys.dm, P);
      return g ? JSON.stringify([g.driver.value, g.driver.context.remaining, g.reclaimed.length > 0]) : '';
    },
    drive: (sys, e, branch) => firstRecipe(sys, 'dmHost', e, branch, hostRecipes(e), `no short op sequence makes ${P}'s VSP take ${branch}`),
  };
}

const value = (snap: { readonly value: unknown }) => stateName(snap.value as MachineState['value']);
const guestCtx = (snap: { readonly context: unknown }) => snap.context as DriverContext;

/** Only negotiation: a driver whose host never lets the guest through explores nothing past it. */
const negotiationOnly: Explore = (snap) => value(snap).startsWith('INITIALIZING') || value(snap) === 'UNLOADED';

/** Up to the VSP's first idle moment (what a VSP does from idle on is the first host's). */
const untilIdle: Explore = (snap) => !value(snap).startsWith('ready.') || value(snap) === 'ready.postInitWait';

/** The pages a balloon request leaves to hand over, as hvspec's guest answers the driver's two requests on `config`. */
function remainingPages(config: Config): ReadonlySet<number> {
  const t = tuningOf(config.dynamicMemoryTuning);
  const clamped = clampToFloor(STARTUP_PAGES, STARTUP_PAGES, balloonFloorPages(STARTUP_PAGES, t.mibPerPage));
  const perResponse = t.rangesPerMessage * t.largeUnitPages;
  return new Set([2, clamped, clamped - perResponse].filter((n) => n > 0));
}

const acceptingConfig = dmPathsConfig();
const remaining = remainingPages(acceptingConfig);

/**
 * The guest driver answered by a host that accepts version 2.0: every
 * transition but the negotiation failures. Since the driver takes every
 * request in every state, its snapshots are bounded by the pages left of a
 * balloon request: past negotiation, a snapshot is explored only with the
 * wait count at 0 (a wait left from negotiation changes no branch there)
 * and with no pages left, or the pages the guest's allocations leave (a
 * request of 2 pages, and one of every page clamped to the floor, then
 * less one response); an allocation the specification takes past them (the
 * count going below zero, which the guest memory manager never hands over)
 * ends the search there.
 */
export const dmGuestDriver: Driver = guestDriver('host accepts version 2.0', acceptingConfig, { version: [1], capabilities: [1] }, (snap) => {
  const v = value(snap);
  const c = guestCtx(snap);
  if (v.startsWith('INITIALIZING') || v === 'UNLOADED') return true;
  return c.waited === 0 && (c.remaining === 0 || remaining.has(c.remaining));
});

/** The guest driver answered by a host that accepts no version: it falls back to 1.0, then 0.3, then gives up. */
export const dmGuestNoVersionDriver: Driver = guestDriver('host accepts no version', dmPathsConfig({ hostVersion: 'none' }), { version: [0], capabilities: [] }, negotiationOnly);

/** The guest driver answered by a host that declines its capabilities. */
export const dmGuestDeclinedDriver: Driver = guestDriver('host declines the capabilities', dmPathsConfig({ hostDeclinesCapabilities: true }), { version: [1], capabilities: [0] }, negotiationOnly);

/** The VSP of a host that accepts up to 1.0, without a post-init wait: every transition but the wait and the declined capabilities. */
export const dmHostDriver: Driver = hostDriver('accepts up to 1.0, no post-init wait', dmPathsConfig({ hostVersion: '1.0' }, { negotiationTimeoutTicks: 5 }));

/** The VSP with a post-init wait of two ticks, up to its first idle moment. */
export const dmHostPostInitDriver: Driver = hostDriver('post-init wait of 2 ticks', dmPathsConfig({}, { postInitTicks: 2, negotiationTimeoutTicks: 5 }), untilIdle);

/** The VSP of a host that declines the guest's capabilities. */
export const dmHostDeclinesDriver: Driver = hostDriver('declines the capabilities', dmPathsConfig({ hostDeclinesCapabilities: true }, { negotiationTimeoutTicks: 5 }), untilIdle);

/** The guest driver's drivers (one per host answer). */
export const DM_GUEST_DRIVERS: readonly Driver[] = [dmGuestDriver, dmGuestNoVersionDriver, dmGuestDeclinedDriver];

/** Every Dynamic Memory driver, guest first. */
export const DM_DRIVERS: readonly Driver[] = [...DM_GUEST_DRIVERS, dmHostDriver, dmHostPostInitDriver, dmHostDeclinesDriver];
