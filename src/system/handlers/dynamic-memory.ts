/**
 * The Dynamic Memory ops: starting a guest's Dynamic Memory, delivering
 * channel messages, the guest's work item, operator and balancer requests,
 * the guest workload, and the Dynamic Memory side of `tick` and
 * `guestAccess`.
 */
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import { initialState } from '../machine-runtime.js';
import type { PartitionId } from '../../substrate/ids.js';
import { hex, at } from '../../substrate/ids.js';
import { FULL_ACCESS } from '../../substrate/slat.js';
import { tlbLookup } from '../../substrate/tlb.js';
import { walkPageTable } from '../../substrate/page-table.js';
import { DM_VERSIONS, rangePages, type DmMessage } from '../../../models/dynamic-memory/messages.js';
import { pinnedGpas } from '../io-state.js';
import { bootGuestMemory, allocBalloon, online, commit, decommit, touch, memAvailable, totalramPages } from '../../dynamic-memory/guest-memory.js';
import { type BalancerDecision, type BalancerInput, defaultBalancer } from '../../dynamic-memory/balancer.js';
import type { DriverEvent } from '../../../models/dynamic-memory/guest-driver.js';
import { HOST_EXPECTS, hostActed, type HostEvent } from '../../../models/dynamic-memory/host.js';
import type { DmGuest } from '../dm-record.js';
import { balloonResponseProblem } from './dm-validate.js';
import { swapInForTouch, sampleAccess } from './hypervisor-swap.js';
import { dmConfig, tuning, isLiveDm, liveDmGuests, floorOf, hostState, driverState, setDm, sendDriver, sendHost, gpaPagesOf, hotAddChunkPages } from './dm-channel.js';

/** The outcome of a Dynamic Memory op handler: applied, or skipped with a reason. */
export type DmHandled = { readonly kind: 'applied' } | { readonly kind: 'skipped'; readonly reason: string };

const applied: DmHandled = { kind: 'applied' };
const skipped = (reason: string): DmHandled => ({ kind: 'skipped', reason });

const HOST_VERSION: Record<string, number> = { '2.0': DM_VERSIONS.WIN10, '1.0': DM_VERSIONS.WIN8, '0.3': DM_VERSIONS.WIN7, none: 0 };

/** Why `dmStart` is not enabled for `pid`, or null when it is. */
export function dmStartBlocked(sys: System, pid: PartitionId): string | null {
  const c = dmConfig(sys, pid);
  if (!c) return `${pid} is not configured for Dynamic Memory`;
  if (at(sys.dm, pid)) return `${pid}'s Dynamic Memory is already started`;
  const rec = at(sys.partitions, pid);
  if (rec && (rec.machine.value !== 'active' || rec.vps.length === 0)) return `${pid} is not Active`;
  if (sys.substrate.memory.free.length < c.startupPages) return `only ${sys.substrate.memory.free.length} frames free, ${pid} boots with ${c.startupPages}`;
  return null;
}

/**
 * dmStart: the VM worker starts a Dynamic Memory guest. (If the partition
 * does not exist yet, step() first creates, deposits and initialises it.)
 * The startup memory is mapped (zeroed), the VSP resets, the driver loads
 * and offers version 2.0.
 */
export function dmStart(st: StepContext, pid: PartitionId): DmHandled {
  const blocked = dmStartBlocked(st.sys, pid);
  if (blocked) return skipped(blocked);
  const c = dmConfig(st.sys, pid)!;
  const t = tuning(st.sys);
  const gpas = Array.from({ length: c.startupPages }, (_, i) => i);
  const r = st.sys.world.substrateFns.grant(st.sys.substrate, pid, gpas, FULL_ACCESS)!;
  st.sys = { ...st.sys, substrate: r.s };
  const g: DmGuest = {
    driver: initialState(st.sys.world.machines.dmGuest),
    host: initialState(st.sys.world.machines.dmHost),
    toHost: [],
    toGuest: [],
    mm: bootGuestMemory(c.startupPages, c.committedPages ?? Math.ceil(c.startupPages / 4)),
    reclaimed: [],
    hostVisible: c.startupPages,
    status: null,
    pressure: null,
    open: [],
    moved: 0,
    requested: 0,
    hostHotAdd: null,
    guestHotAdd: null,
    unballoonAnswers: 0,
    unballoonLastTaken: false,
    unballoonEarly: false,
    guestTransId: 0,
    hostTransId: 0,
  };
  st.sys = { ...st.sys, dm: { ...st.sys.dm, [pid]: g } };
  st.notes.push(`${pid}: ${c.startupPages} startup pages mapped`);
  sendHost(st, pid, { type: 'RESET', maxVersion: HOST_VERSION[c.hostVersion ?? '2.0']!, postInit: t.postInitTicks, replyTimeout: t.replyTimeoutTicks, declineCapabilities: c.hostDeclinesCapabilities ?? false });
  sendDriver(st, pid, {
    type: 'LOAD',
    balloon: true,
    hotAdd: c.hotAdd ?? true,
    largeUnit: t.largeUnitPages,
    statusHoldback: t.statusHoldbackTicks,
    negotiationTimeout: t.negotiationTimeoutTicks,
  });
  return applied;
}

/** The VSP event a guest message becomes, or null for a type the VSP has no handler for; a balloon response carries what the host's checks found wrong with it. */
function hostEventOf(sys: System, pid: PartitionId, g: DmGuest, m: DmMessage): HostEvent | null {
  switch (m.type) {
    case 'VERSION_REQUEST':
      return { type: 'VERSION_REQUEST', version: m.version, isLastAttempt: m.isLastAttempt };
    case 'CAPABILITIES_REPORT':
      return { type: 'CAPABILITIES_REPORT', balloon: m.caps.balloon, hotAdd: m.caps.hotAdd };
    case 'STATUS_REPORT':
      return { type: 'STATUS_REPORT', numCommitted: m.numCommitted, numAvail: m.numAvail };
    case 'BALLOON_RESPONSE': {
      const held = new Set(rangePages(g.reclaimed));
      const fresh = new Set(rangePages(m.ranges).filter((gpa) => !held.has(gpa))).size;
      const problem = balloonResponseProblem(sys, pid, g, m);
      return { type: 'BALLOON_RESPONSE', morePages: m.morePages, rangeCount: m.ranges.length, fresh, ...(problem === undefined ? {} : { problem }) };
    }
    case 'UNBALLOON_RESPONSE':
      return { type: 'UNBALLOON_RESPONSE' };
    case 'MEM_HOT_ADD_RESPONSE':
      return { type: 'MEM_HOT_ADD_RESPONSE', pageCount: m.pageCount, result: m.result, requested: g.hostHotAdd?.pageCnt ?? 0 };
    default:
      return null;
  }
}

/** The driver event a host message becomes, or null for a type the driver has no handler for. */
function driverEventOf(sys: System, g: DmGuest, m: DmMessage): DriverEvent | null {
  switch (m.type) {
    case 'VERSION_RESPONSE':
      return { type: 'VERSION_RESPONSE', isAccepted: m.isAccepted };
    case 'CAPABILITIES_RESPONSE':
      return { type: 'CAPABILITIES_RESPONSE', isAccepted: m.isAccepted };
    case 'BALLOON_REQUEST':
      return { type: 'BALLOON_REQUEST', numPages: m.numPages, available: memAvailable(g.mm), totalram: totalramPages(g.mm), floor: floorOf(sys, g) };
    case 'UNBALLOON_REQUEST':
      return { type: 'UNBALLOON_REQUEST', morePages: m.morePages };
    case 'MEM_HOT_ADD_REQUEST':
      return { type: 'MEM_HOT_ADD_REQUEST', pageCnt: m.range.pageCnt };
    default:
      return null;
  }
}

/** dmDeliver: the oldest message in one direction reaches its receiver. */
export function dmDeliver(st: StepContext, pid: PartitionId, to: 'host' | 'guest'): DmHandled {
  const g = at(st.sys.dm, pid);
  if (!g || !isLiveDm(st.sys, pid)) return skipped(`${pid} has no live Dynamic Memory channel`);
  const queue = to === 'host' ? g.toHost : g.toGuest;
  const m = queue[0];
  if (!m) return skipped(`no message waits for the ${to} of ${pid}`);
  setDm(st, pid, (x) => (to === 'host' ? { ...x, toHost: x.toHost.slice(1) } : { ...x, toGuest: x.toGuest.slice(1) }));
  if (to === 'host') {
    const state = hostState(g);
    const expected = (HOST_EXPECTS[state] ?? []).includes(m.type);
    const ev = hostEventOf(st.sys, pid, at(st.sys.dm, pid)!, m);
    const adv = ev ? sendHost(st, pid, ev, { message: m }) : null;
    // Dropping a stale message is taking it without acting on it.
    const acted = adv !== null && adv.accepted && hostActed(adv.actions);
    st.observations.push({ kind: 'dmHostMessage', pid, message: m.type, state, expected, acted });
    st.notes.push(`${pid}: ${m.type} reaches the VSP in ${state}${acted ? '' : ' and is ignored'}`);
  } else {
    // The guest starts a new unballoon sequence with the first request it takes after the previous sequence's last one
    // (more_pages = 0): its answers are counted per sequence.
    if (m.type === 'UNBALLOON_REQUEST' && g.unballoonLastTaken) setDm(st, pid, (x) => ({ ...x, unballoonAnswers: 0, unballoonLastTaken: false }));
    if (m.type === 'UNBALLOON_REQUEST' && m.morePages === 0) setDm(st, pid, (x) => ({ ...x, unballoonLastTaken: true }));
    const ev = driverEventOf(st.sys, at(st.sys.dm, pid)!, m);
    const ranges = m.type === 'UNBALLOON_REQUEST' ? m.ranges : undefined;
    const acted = ev ? sendDriver(st, pid, ev, { ranges }).accepted : false;
    if (acted && m.type === 'MEM_HOT_ADD_REQUEST') setDm(st, pid, (x) => ({ ...x, guestHotAdd: m.range }));
    st.notes.push(`${pid}: ${m.type} reaches the driver in ${driverState(g)}${acted ? '' : ' and is ignored'}`);
  }
  return applied;
}

/** Most deliveries one dmSettle makes (the channel is bounded, so this is never reached by a correct pair). */
const SETTLE_LIMIT = 64;

/** dmSettle: deliver the oldest waiting message, host-bound first, until both directions are empty. */
export function dmSettle(st: StepContext, pid: PartitionId): DmHandled {
  const g = at(st.sys.dm, pid);
  if (!g || !isLiveDm(st.sys, pid) || (g.toHost.length === 0 && g.toGuest.length === 0)) return skipped(`no message waits on ${pid}'s channel`);
  for (let i = 0; i < SETTLE_LIMIT; i++) {
    const x = at(st.sys.dm, pid)!;
    if (x.toHost.length > 0) dmDeliver(st, pid, 'host');
    else if (x.toGuest.length > 0) dmDeliver(st, pid, 'guest');
    else break;
  }
  return applied;
}

/** Records trimming: paging counter, and the low-memory notification when trimming starts. */
function noteTrim(st: StepContext, pid: PartitionId, trimmed: number, wasLow: boolean): void {
  if (trimmed <= 0) return;
  st.count('dmPagesPaged', trimmed);
  st.notes.push(`${pid}: ${trimmed} working-set page(s) trimmed to the page file`);
  if (!wasLow) {
    st.count('dmLowMemoryNotifications');
    st.observations.push({ kind: 'dmEvent', pid, event: 'lowMemory', pages: trimmed });
    st.notes.push(`${pid}: LowMemoryResourceNotification signalled`);
  }
}

/** Whether the guest's work item has something to do. */
export function dmWorkPending(sys: System, pid: PartitionId): boolean {
  const g = at(sys.dm, pid);
  if (!g || !isLiveDm(sys, pid)) return false;
  const ctx = g.driver.context;
  return (ctx.balloonPending && g.toHost.length < tuning(sys).ringCapacity) || ctx.hotAddPending;
}

/**
 * dmGuestWork: the guest's work items run once: the hot-add work when it
 * is armed (the hot-added memory onlined and answered), otherwise one pass
 * of the balloon work (pages allocated, pinned, named in one response).
 */
export function dmGuestWork(st: StepContext, pid: PartitionId): DmHandled {
  if (!dmWorkPending(st.sys, pid)) return skipped(`${pid}'s driver has no work pending`);
  const g = at(st.sys.dm, pid)!;
  const ctx = g.driver.context;
  const t = tuning(st.sys);
  if (!ctx.hotAddPending) {
    const ioBuffers = pinnedGpas(st.sys.vmbus, pid);
    let alloc = allocBalloon(g.mm, ctx.remaining, ctx.allocUnit, t.rangesPerMessage, ioBuffers);
    if (alloc.pages.length === 0 && ctx.allocUnit > 1) alloc = allocBalloon(g.mm, ctx.remaining, 1, t.rangesPerMessage, ioBuffers);
    // Pages the guest trims to its page file are read first: a swapped one is swapped back in for that (double paging).
    const blocked = swapInForTouch(st, pid, g.mm.workingSet.slice(0, alloc.trimmed), 'doublePaging');
    if (blocked) return skipped(blocked);
    setDm(st, pid, (x) => ({ ...x, mm: alloc.mm }));
    noteTrim(st, pid, alloc.trimmed, g.mm.lowMemory);
    st.notes.push(`${pid}: guest pins gpa ${rangePages(alloc.ranges).map(hex).join(', ') || '(none)'} for the balloon`);
    sendDriver(st, pid, { type: 'BALLOON_ALLOCATED', got: alloc.pages.length, unit: alloc.unit }, { alloc });
    return applied;
  }
  const r = g.guestHotAdd;
  const room = gpaPagesOf(st.sys, pid) - g.mm.visible;
  const n = ctx.hotAddEnabled && r && r.startPage === g.mm.visible ? Math.max(0, Math.min(r.pageCnt, room)) : 0;
  setDm(st, pid, (x) => ({ ...x, mm: online(x.mm, n) }));
  st.notes.push(`${pid}: ${n} hot-added page(s) onlined`);
  sendDriver(st, pid, { type: 'HOT_ADD_ONLINED', pageCount: n });
  return applied;
}

/**
 * The most pages a request of `kind` can move now (0: not possible). With
 * `limits`, the request also keeps the guest within its configured minimum
 * and maximum (the VM worker checks an operator's request; the balancer's
 * decisions are trusted to do so themselves).
 */
export function dmRequestRoom(sys: System, pid: PartitionId, kind: BalancerDecision['kind'], limits: boolean): number {
  const g = at(sys.dm, pid);
  if (!g || !isLiveDm(sys, pid) || !hostState(g).startsWith('ready.')) return 0;
  if (g.toGuest.length >= tuning(sys).ringCapacity) return 0;
  const free = sys.substrate.memory.free.length;
  const c = dmConfig(sys, pid)!;
  const ballooned = rangePages(g.reclaimed).length;
  const caps = g.host.context;
  if (!caps.guestBalloon && kind !== 'hotAdd') return 0;
  // A given-up balloon transaction's pages may still arrive: no new balloon until its last response has come.
  if (kind === 'balloon' && caps.lateBalloon) return 0;
  if (kind === 'balloon') return limits ? Math.max(0, g.hostVisible - ballooned - c.minPages) : g.hostVisible;
  if (kind === 'unballoon') return Math.min(free, ballooned);
  if (caps.hotAddRefused || !caps.guestHotAdd) return 0;
  const room = Math.min(free, gpaPagesOf(sys, pid) - g.hostVisible, hotAddChunkPages(tuning(sys)));
  return Math.max(0, limits ? Math.min(room, c.maxPages - g.hostVisible) : room);
}

/** The most pages an operator can ask to balloon out of `pid`: what it still has as the host counts it (visible minus ballooned). */
export function dmBalloonAsk(sys: System, pid: PartitionId): number {
  const g = at(sys.dm, pid);
  return g ? Math.max(0, g.hostVisible - rangePages(g.reclaimed).length) : 0;
}

/** Asks a guest's VSP to start a transaction (see `dmRequestRoom` for `limits`); skipped when the VSP does not take it. */
export function dmRequest(st: StepContext, pid: PartitionId, kind: BalancerDecision['kind'], pages: number, limits: boolean): DmHandled {
  const room = dmRequestRoom(st.sys, pid, kind, limits);
  const n = Math.min(pages, room);
  if (n <= 0) return skipped(`${pid}: no ${kind} is possible now`);
  const ev: HostEvent = kind === 'balloon' ? { type: 'START_BALLOON', pages: n } : kind === 'unballoon' ? { type: 'START_UNBALLOON', pages: n } : { type: 'START_HOT_ADD', pages: n };
  const adv = sendHost(st, pid, ev, { pages: n });
  if (!adv.accepted) return skipped(`${pid}'s VSP is in ${hostState(at(st.sys.dm, pid)!)} and takes no new transaction`);
  return applied;
}

/** A balancer decision that does not fit the system: the policy is broken, not the model. */
export class BalancerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BalancerError';
  }
}

/** What the balancer sees now. */
export function balancerInput(sys: System): BalancerInput {
  const guests = liveDmGuests(sys)
    .filter((pid) => hostState(at(sys.dm, pid)!).startsWith('ready.'))
    .map((pid) => {
      const g = at(sys.dm, pid)!;
      const c = dmConfig(sys, pid)!;
      return {
        pid,
        minPages: c.minPages,
        maxPages: c.maxPages,
        bufferPercent: c.bufferPercent ?? 20,
        weight: c.weight ?? 5000,
        visible: g.hostVisible,
        ballooned: rangePages(g.reclaimed).length,
        committed: g.status?.numCommitted ?? null,
        pressure: g.pressure,
        busy: hostState(g) !== 'ready.idle' || g.host.context.lateBalloon,
        hotAddRefused: g.host.context.hotAddRefused,
        gpaPages: gpaPagesOf(sys, pid),
      };
    });
  return { guests, available: sys.substrate.memory.free.length, totalFrames: sys.substrate.memory.holder.length };
}

/** `decisions` when each is for a negotiated guest, of a whole number of pages, and at most one per guest; throws BalancerError otherwise. */
function checkedDecisions(input: BalancerInput, decisions: readonly BalancerDecision[]): readonly BalancerDecision[] {
  const seen = new Set<string>();
  for (const d of decisions) {
    if (!input.guests.some((g) => g.pid === d.pid)) throw new BalancerError(`the balancer decided for ${JSON.stringify(d.pid)}, which is not a negotiated Dynamic Memory guest`);
    if (!Number.isInteger(d.pages) || d.pages < 1) throw new BalancerError(`the balancer decided ${d.kind} of ${JSON.stringify(d.pages)} pages for ${d.pid}`);
    if (seen.has(d.pid)) throw new BalancerError(`the balancer made two decisions for ${d.pid} in one round`);
    seen.add(d.pid);
  }
  return decisions;
}

/**
 * dmBalance: the balancer's policy runs and each decision goes to its
 * guest's VSP. A policy that throws, or returns a decision that does not
 * fit, decides nothing this round; the step observes it (`policyThrew`).
 */
export function dmBalance(st: StepContext): DmHandled {
  const input = balancerInput(st.sys);
  if (input.guests.length === 0) return skipped('no Dynamic Memory guest is negotiated');
  const policy = st.sys.world.balancer ?? defaultBalancer;
  let decisions: readonly BalancerDecision[];
  try {
    decisions = checkedDecisions(input, policy(input));
  } catch (e) {
    // The default policy is the model's own: its error is one of the model.
    if (!st.sys.world.balancer) throw e;
    // A world's own policy is the user's code: a throw or a decision that does not fit is what this step observed, not an error of the model.
    const message = e instanceof BalancerError ? `the balancer policy returned a decision that does not fit: ${e.message}` : `the balancer policy threw: ${e instanceof Error ? e.message : String(e)}`;
    st.observations.push({ kind: 'policyThrew', policy: 'balancer', message });
    st.notes.push(`balancer: ${message}; nothing was decided`);
    return applied;
  }
  for (const d of decisions) {
    const r = dmRequest(st, d.pid, d.kind, d.pages, false);
    st.notes.push(`balancer: ${d.kind} ${d.pages} page(s) for ${d.pid}${r.kind === 'skipped' ? ` (not started: ${r.reason})` : ''}`);
  }
  if (decisions.length === 0) st.notes.push(`balancer: nothing to do (Available Memory ${input.available} pages)`);
  return applied;
}

/** The guest's commit limit: its visible memory plus a page file as large as its address space (this also bounds the state space). */
export const commitLimit = (sys: System, pid: PartitionId): number => (at(sys.dm, pid)?.mm.visible ?? 0) + gpaPagesOf(sys, pid);

/** dmCommit / dmDecommit: the guest workload commits or releases pages. */
export function dmWorkload(st: StepContext, pid: PartitionId, delta: number): DmHandled {
  const g = at(st.sys.dm, pid);
  if (!g || !isLiveDm(st.sys, pid)) return skipped(`${pid} runs no Dynamic Memory guest`);
  if (delta < 0) {
    if (g.mm.committed < -delta) return skipped(`${pid} has only ${g.mm.committed} committed pages`);
    setDm(st, pid, (x) => ({ ...x, mm: decommit(x.mm, -delta) }));
    st.notes.push(`${pid}: workload releases ${-delta} page(s)`);
    return applied;
  }
  const limit = commitLimit(st.sys, pid);
  if (g.mm.committed + delta > limit) return skipped(`${pid}'s commit limit is ${limit} pages (memory plus page file)`);
  const r = commit(g.mm, delta);
  // The guest reads the pages it trims (to write them to its page file) and zero-fills the new ones: a swapped page faults in first.
  const fresh = r.mm.workingSet.slice(r.mm.workingSet.length - delta);
  const blocked = swapInForTouch(st, pid, g.mm.workingSet.slice(0, r.trimmed), 'doublePaging') ?? swapInForTouch(st, pid, fresh, 'guestWrite');
  if (blocked) return skipped(blocked);
  for (const gpa of fresh) sampleAccess(st, pid, gpa);
  setDm(st, pid, (x) => ({ ...x, mm: r.mm }));
  noteTrim(st, pid, r.trimmed, g.mm.lowMemory);
  st.notes.push(`${pid}: workload commits ${delta} page(s)`);
  return applied;
}

/** The Dynamic Memory side of a tick: every live driver and VSP counts one second. */
export function dmTick(st: StepContext): void {
  for (const pid of liveDmGuests(st.sys)) {
    sendDriver(st, pid, { type: 'TICK' });
    sendHost(st, pid, { type: 'TICK' });
  }
}

/**
 * Before a guest access: for a Dynamic Memory guest, the GPA the access
 * would reach. A correct guest OS never touches memory it has not onlined,
 * nor a page pinned in its balloon; those accesses are not enabled.
 */
export function dmAccessGate(sys: System, lp: number, pid: PartitionId, gva: number): { skip?: string; gpa?: number } {
  const g = at(sys.dm, pid);
  if (!g || !isLiveDm(sys, pid)) return {};
  const hit = tlbLookup(sys.substrate.lps[lp]!, pid, gva);
  const gpa = hit ? hit.gpa : walkPageTable(at(sys.substrate.pageTables, pid) ?? {}, gva);
  if (gpa === undefined) return {};
  if (gpa >= g.mm.visible) return { skip: `${pid} has not onlined gpa ${hex(gpa)}` };
  if (g.mm.pinned.includes(gpa)) return { skip: `gpa ${hex(gpa)} is pinned in ${pid}'s balloon` };
  return { gpa };
}

/** After a guest access: LRU ageing, and an observation when the page was in the balloon. */
export function dmAfterAccess(st: StepContext, pid: PartitionId, gpa: number): void {
  const g = at(st.sys.dm, pid);
  if (!g) return;
  if (g.mm.balloon.includes(gpa)) st.observations.push({ kind: 'dmBalloonTouch', pid, gpa });
  setDm(st, pid, (x) => ({ ...x, mm: touch(x.mm, gpa) }));
  sampleAccess(st, pid, gpa);
}

