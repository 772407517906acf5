/**
 * Dynamic Memory plumbing shared by the handlers: reading a guest's
 * settings, replacing its record, putting messages on the channel, and
 * advancing its driver and VSP machines while interpreting what they emit.
 */
import { P, match } from 'ts-pattern';
import type { MachineSet, System } from '../system.js';
import type { StepContext } from '../step-context.js';
import type { Advance } from '../machine-runtime.js';
import { stateName } from '../machine-runtime.js';
import type { PartitionId } from '../../substrate/ids.js';
import { hexRanges, at } from '../../substrate/ids.js';
import { FULL_ACCESS } from '../../substrate/slat.js';
import type { DmGuest } from '../dm-record.js';
import { type DmBody, type DmMessage, type PageRange, withHeader, rangePages, toRanges, DM_VERSIONS, TRANS_ID_MODULUS } from '../../../models/dynamic-memory/messages.js';
import { type DmTuning, tuningOf } from '../../dynamic-memory/tuning.js';
import { balloonFloorPages } from '../../dynamic-memory/floor.js';
import { type BalloonAllocation, pin, freeBalloon, statusFigures, totalramPages } from '../../dynamic-memory/guest-memory.js';
import type { DriverEvent } from '../../../models/dynamic-memory/guest-driver.js';
import type { HostEvent } from '../../../models/dynamic-memory/host.js';
import type { DynamicMemoryConfig } from '../config.js';
import { discardSwapped } from './hypervisor-swap.js';

/** The Dynamic Memory settings of a partition, if it is configured for it. */
export const dmConfig = (sys: System, pid: PartitionId): DynamicMemoryConfig | undefined => sys.world.config.partitions.find((p) => p.id === pid)?.dynamicMemory;

/** The GPA space of a partition, in pages. */
export const gpaPagesOf = (sys: System, pid: PartitionId): number => sys.world.config.partitions.find((p) => p.id === pid)?.gpaPages ?? 0;

/** The Dynamic Memory tuning in force. */
export const tuning = (sys: System): DmTuning => tuningOf(sys.world.config.dynamicMemoryTuning);

/** A started Dynamic Memory guest whose partition is Active. */
export const isLiveDm = (sys: System, pid: PartitionId): boolean => at(sys.dm, pid) !== undefined && at(sys.partitions, pid)?.machine.value === 'active';

/** The ids of the live Dynamic Memory guests, in config order. */
export const liveDmGuests = (sys: System): PartitionId[] => sys.world.config.partitions.map((p) => p.id).filter((pid) => isLiveDm(sys, pid));

/** The guest's balloon floor now, in pages: `compute_balloon_floor` reads `totalram_pages()`, which ballooned pages have left. */
export const floorOf = (sys: System, g: DmGuest): number => balloonFloorPages(totalramPages(g.mm), tuning(sys).mibPerPage);

/** The host state name (`ready.idle`, ...). */
export const hostState = (g: DmGuest): string => stateName(g.host.value);

/** The driver state name (`INITIALIZED`, `INITIALIZING.version`, ...). */
export const driverState = (g: DmGuest): string => stateName(g.driver.value);

/** Hot-add is done in chunks of at most 2 GiB (QEMU's HV_BALLOON_HA_CHUNK_SIZE). */
export const hotAddChunkPages = (t: DmTuning): number => Math.max(1, Math.floor(2048 / t.mibPerPage));

/** Replaces one guest's record. */
export function setDm(st: StepContext, pid: PartitionId, f: (g: DmGuest) => DmGuest): void {
  st.sys = { ...st.sys, dm: { ...st.sys.dm, [pid]: f(at(st.sys.dm, pid)!) } };
}

/** The pressure counter: committed / visible * 100, from the last status report. */
export function pressureOf(sys: System, g: DmGuest): number | null {
  if (!g.status || g.hostVisible <= 0) return null;
  return Math.floor((g.status.numCommitted * 100) / g.hostVisible);
}

/** Puts a guest message on the channel to the host. */
export function pushToHost(st: StepContext, pid: PartitionId, body: DmBody): void {
  setDm(st, pid, (g) => ({ ...g, toHost: [...g.toHost, withHeader(body, g.guestTransId)], guestTransId: (g.guestTransId + 1) % TRANS_ID_MODULUS }));
}

/** Puts a host message on the channel to the guest (the host's trans_id moves on per completed transaction). */
export function pushToGuest(st: StepContext, pid: PartitionId, body: DmBody): void {
  setDm(st, pid, (g) => ({ ...g, toGuest: [...g.toGuest, withHeader(body, g.hostTransId)] }));
}

/** What a driver action may need from the step that caused it. */
export interface DriverCause {
  readonly alloc?: BalloonAllocation;
  readonly ranges?: readonly PageRange[];
}

/** Sends an event to a guest's driver and interprets its actions. */
export function sendDriver(st: StepContext, pid: PartitionId, event: DriverEvent, cause: DriverCause = {}): Advance<MachineSet['dmGuest']> {
  const g0 = at(st.sys.dm, pid)!;
  const adv = st.send('dmGuest', st.sys.world.machines.dmGuest, g0.driver, event, pid);
  if (!adv.accepted) return adv;
  setDm(st, pid, (g) => ({ ...g, driver: adv.state }));
  if (stateName(adv.state.value) === 'INIT_ERROR' && stateName(g0.driver.value) !== 'INIT_ERROR') closeChannel(st, pid);
  const cap = tuning(st.sys).ringCapacity;
  for (const a of adv.actions) {
    match(a)
      .with({ type: 'sendVersionRequest' }, ({ params: p }) => {
        const version = p.version;
        pushToHost(st, pid, { type: 'VERSION_REQUEST', version, isLastAttempt: p.isLastAttempt });
        if (version !== DM_VERSIONS.WIN10) st.observations.push({ kind: 'dmEvent', pid, event: 'versionFallback', pages: 0 });
      })
      .with({ type: 'sendCapabilities' }, ({ params: p }) =>
        pushToHost(st, pid, {
          type: 'CAPABILITIES_REPORT',
          caps: { balloon: p.balloon, hotAdd: p.hotAdd, hotAddAlignment: 7 },
          minPageCnt: 0,
          maxPageNumber: gpaPagesOf(st.sys, pid),
        }),
      )
      .with({ type: 'sendStatus' }, () => {
        const g = at(st.sys.dm, pid)!;
        if (g.toHost.length >= cap) {
          st.notes.push(`${pid}: ring full, status report dropped`);
          return;
        }
        const f = statusFigures(g.mm, floorOf(st.sys, g));
        pushToHost(st, pid, { type: 'STATUS_REPORT', numAvail: f.numAvail, numCommitted: f.numCommitted, pageFileSize: 0, zeroFree: 0, pageFileWrites: 0, ioDiff: 0 });
      })
      .with({ type: 'pinPages' }, () => setDm(st, pid, (g) => ({ ...g, mm: pin(g.mm, cause.alloc?.pages ?? []) })))
      .with({ type: 'sendBalloonResponse' }, ({ params: p }) => {
        const ranges = cause.alloc?.ranges ?? [];
        pushToHost(st, pid, { type: 'BALLOON_RESPONSE', morePages: p.morePages, rangeCount: ranges.length, ranges });
      })
      .with({ type: 'freeRanges' }, () => setDm(st, pid, (g) => ({ ...g, mm: freeBalloon(g.mm, rangePages(cause.ranges ?? [])) })))
      .with({ type: 'sendUnballoonResponse' }, () => {
        pushToHost(st, pid, { type: 'UNBALLOON_RESPONSE' });
        setDm(st, pid, (g) => ({ ...g, unballoonAnswers: Math.min(2, g.unballoonAnswers + 1), unballoonEarly: g.unballoonEarly || !g.unballoonLastTaken }));
      })
      .with({ type: 'sendHotAddResponse' }, ({ params: p }) => {
        pushToHost(st, pid, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: p.pageCount, result: p.result });
        setDm(st, pid, (g) => ({ ...g, guestHotAdd: null }));
      })
      .with({ type: P.union('load', 'fallBack', 'resetWait', 'countWait', 'countDownHoldback', 'workPostsStatus', 'armClamped', 'armFull', 'takeAllocated', 'finishBalloon', 'armHotAdd', 'finishHotAdd', 'negotiate') }, () => {})
      .exhaustive();
  }
  return adv;
}

/**
 * The driver failed to initialise and closes its channel (`balloon_probe`
 * ends with vmbus_close): what was in flight is gone, and the VSP goes back
 * to waiting for a reset, giving up any open transaction.
 */
function closeChannel(st: StepContext, pid: PartitionId): void {
  setDm(st, pid, (g) => ({ ...g, toHost: [], toGuest: [] }));
  sendHost(st, pid, { type: 'CHANNEL_CLOSED' });
  st.notes.push(`${pid}: the driver gives up and closes the channel`);
}

/** What a VSP action may need from the step that caused it. */
export interface HostCause {
  readonly message?: DmMessage;
  readonly pages?: number;
}

/** Releases guest GPAs back to the free list through the VSP's reclaim path (`dmRelease`: SLAT entries removed, TLBs flushed); returns the frames. */
export function reclaim(st: StepContext, pid: PartitionId, gpas: readonly number[]): number[] {
  const r = st.sys.world.substrateFns.dmRelease(st.sys.substrate, pid, gpas);
  st.sys = { ...st.sys, substrate: r.s };
  // A page the guest gives up that the hypervisor had swapped out has no frame to free: its swap slot goes instead.
  discardSwapped(st, pid, gpas);
  return r.frames;
}

/**
 * The pages a balloon response names that the VSP does not hold yet are
 * unmapped, their frames freed, and added to what it holds (QEMU's range
 * tree counts a page named twice once).
 */
function takeNamed(st: StepContext, pid: PartitionId, ranges: readonly PageRange[], maxRun: number): { gpas: number[]; frames: number[] } {
  const held = new Set(rangePages(at(st.sys.dm, pid)!.reclaimed));
  const gpas = [...new Set(rangePages(ranges))].filter((gpa) => !held.has(gpa));
  const frames = gpas.length ? reclaim(st, pid, gpas) : [];
  setDm(st, pid, (x) => ({ ...x, reclaimed: toRanges([...rangePages(x.reclaimed), ...gpas], maxRun) }));
  return { gpas, frames };
}

/** Maps zeroed frames behind guest GPAs through the VSP's path (`dmGrant`); null when the free list is short. */
function mapBack(st: StepContext, pid: PartitionId, gpas: readonly number[]): number[] | null {
  const r = st.sys.world.substrateFns.dmGrant(st.sys.substrate, pid, gpas, FULL_ACCESS);
  if (!r) return null;
  st.sys = { ...st.sys, substrate: r.s };
  return r.frames;
}

/** Sends an event to a guest's VSP and interprets its actions. */
export function sendHost(st: StepContext, pid: PartitionId, event: HostEvent, cause: HostCause = {}): Advance<MachineSet['dmHost']> {
  const g0 = at(st.sys.dm, pid)!;
  const adv = st.send('dmHost', st.sys.world.machines.dmHost, g0.host, event, pid);
  if (!adv.accepted) return adv;
  setDm(st, pid, (g) => ({ ...g, host: adv.state }));
  const t = tuning(st.sys);
  for (const a of adv.actions) {
    match(a)
      .with({ type: 'replyVersion' }, ({ params: p }) => pushToGuest(st, pid, { type: 'VERSION_RESPONSE', isAccepted: p.isAccepted }))
      .with({ type: 'replyCapabilities' }, ({ params: p }) => pushToGuest(st, pid, { type: 'CAPABILITIES_RESPONSE', isAccepted: p.isAccepted }))
      .with({ type: 'recordStatus' }, () => {
        const m = cause.message;
        if (m?.type !== 'STATUS_REPORT') return;
        setDm(st, pid, (g) => {
          const next = { ...g, status: { numCommitted: m.numCommitted, numAvail: m.numAvail } };
          return { ...next, pressure: pressureOf(st.sys, next) };
        });
      })
      .with({ type: 'openTransaction' }, ({ params: p }) =>
        setDm(st, pid, (g) => ({
          ...g,
          open: [...g.open, p.kind],
          moved: 0,
        })),
      )
      .with({ type: 'closeTransaction' }, ({ params: p }) => {
        const g = at(st.sys.dm, pid)!;
        const kind = g.open[0];
        // A channel closed while no transaction is open gives nothing up.
        if (kind === undefined) return;
        if (kind === 'balloon' && p.completed) {
          const m = cause.message;
          st.observations.push({ kind: 'dmBalloonClosed', pid, asked: g.host.context.balloonAsked, moved: g.moved, lastNamedNone: m?.type === 'BALLOON_RESPONSE' && m.ranges.length === 0 });
        }
        if (p.completed && g.moved > 0) {
          st.count(kind === 'balloon' ? 'dmRemoveOperations' : 'dmAddOperations');
          st.observations.push({ kind: 'dmEvent', pid, event: kind === 'balloon' ? 'balloonDone' : kind === 'unballoon' ? 'unballoonDone' : 'hotAddDone', pages: g.moved });
        }
        if (!p.completed) st.notes.push(`${pid}: VSP gives the ${kind} transaction up (no answer)`);
        // A hot-add given up (the channel closed) releases the GPAs the VSP had backed for it.
        const held = kind === 'hotAdd' && !p.completed ? g.hostHotAdd : null;
        if (held && held.pageCnt > 0) reclaim(st, pid, rangePages([held]));
        if (held) setDm(st, pid, (x) => ({ ...x, hostHotAdd: null }));
        setDm(st, pid, (x) => ({ ...x, open: x.open.slice(1), moved: 0, requested: 0, hostTransId: (x.hostTransId + 1) % TRANS_ID_MODULUS }));
      })
      .with({ type: 'postBalloonRequest' }, () => {
        const n = cause.pages ?? 0;
        pushToGuest(st, pid, { type: 'BALLOON_REQUEST', numPages: n });
        setDm(st, pid, (x) => ({ ...x, requested: n }));
        st.notes.push(`${pid}: BALLOON_REQUEST ${n} pages`);
      })
      .with({ type: 'postUnballoonRequests' }, () => {
        const g = at(st.sys.dm, pid)!;
        const want = cause.pages ?? 0;
        const held = rangePages(g.reclaimed).sort((a, b) => b - a);
        const give = held.slice(0, Math.min(want, st.sys.substrate.memory.free.length)).sort((a, b) => a - b);
        const frames = mapBack(st, pid, give) ?? [];
        const ranges = toRanges(give, t.largeUnitPages);
        const keep = new Set(give);
        setDm(st, pid, (x) => ({ ...x, reclaimed: toRanges(rangePages(x.reclaimed).filter((gpa) => !keep.has(gpa)), t.largeUnitPages), moved: give.length }));
        ranges.forEach((r, i) => pushToGuest(st, pid, { type: 'UNBALLOON_REQUEST', morePages: i + 1 < ranges.length ? 1 : 0, rangeCount: 1, ranges: [r] }));
        if (ranges.length === 0) pushToGuest(st, pid, { type: 'UNBALLOON_REQUEST', morePages: 0, rangeCount: 0, ranges: [] });
        st.notes.push(`${pid}: gpa ${hexRanges(give)} mapped back to frames ${hexRanges(frames)}${frames.every((f) => st.sys.substrate.memory.content[f] === 'zero') ? ' (zeroed)' : ''}, ${Math.max(1, ranges.length)} UNBALLOON_REQUEST(s)`);
      })
      .with({ type: 'postHotAddRequest' }, () => {
        const g = at(st.sys.dm, pid)!;
        const n = cause.pages ?? 0;
        const gpas = Array.from({ length: n }, (_, i) => g.hostVisible + i);
        const frames = mapBack(st, pid, gpas) ?? [];
        const range = { startPage: g.hostVisible, pageCnt: frames.length };
        setDm(st, pid, (x) => ({ ...x, hostHotAdd: range }));
        pushToGuest(st, pid, { type: 'MEM_HOT_ADD_REQUEST', range });
        st.notes.push(`${pid}: gpa ${hexRanges(gpas)} backed by frames ${hexRanges(frames)}, MEM_HOT_ADD_REQUEST`);
      })
      .with({ type: 'reclaimRanges' }, () => {
        const m = cause.message;
        if (m?.type !== 'BALLOON_RESPONSE') return;
        const { gpas, frames } = takeNamed(st, pid, m.ranges, t.largeUnitPages);
        setDm(st, pid, (x) => ({ ...x, moved: x.moved + gpas.length }));
        if (gpas.length) st.notes.push(`${pid}: balloon gpa ${hexRanges(gpas)} unmapped, frames ${hexRanges(frames)} freed`);
        else st.notes.push(`${pid}: BALLOON_RESPONSE with no new pages${m.morePages ? '' : ': the guest is at its floor'}`);
      })
      .with({ type: 'accountLateReply' }, () => {
        const m = cause.message;
        if (m?.type !== 'BALLOON_RESPONSE') return;
        const { gpas, frames } = takeNamed(st, pid, m.ranges, t.largeUnitPages);
        st.notes.push(`${pid}: late BALLOON_RESPONSE to a given-up transaction: ${gpas.length ? `gpa ${hexRanges(gpas)} unmapped, frames ${hexRanges(frames)} freed, counted as ballooned` : 'no new pages'}${m.morePages ? '' : ' (its last response)'}`);
      })
      .with({ type: 'repostRemainder' }, () => {
        const n = at(st.sys.dm, pid)!.host.context.balloonDiff;
        setDm(st, pid, (x) => ({ ...x, hostTransId: (x.hostTransId + 1) % TRANS_ID_MODULUS }));
        pushToGuest(st, pid, { type: 'BALLOON_REQUEST', numPages: n });
        st.notes.push(`${pid}: the guest answered part of the balloon request: BALLOON_REQUEST ${n} pages for the remainder`);
      })
      .with({ type: 'hotAddDone' }, () => {
        const m = cause.message;
        if (m?.type !== 'MEM_HOT_ADD_RESPONSE') return;
        const g = at(st.sys.dm, pid)!;
        const r = g.hostHotAdd ?? { startPage: g.hostVisible, pageCnt: 0 };
        const added = Math.min(m.pageCount, r.pageCnt);
        const unused = Array.from({ length: r.pageCnt - added }, (_, i) => r.startPage + added + i);
        if (unused.length) reclaim(st, pid, unused);
        setDm(st, pid, (x) => {
          const next = { ...x, hostVisible: x.hostVisible + added, hostHotAdd: null, moved: x.moved + added };
          return { ...next, pressure: pressureOf(st.sys, next) };
        });
        st.notes.push(`${pid}: hot-add answered: ${m.pageCount} pages, result ${m.result}${unused.length ? `, gpa ${hexRanges(unused)} released unused` : ''}`);
      })
      .with({ type: 'declineTransaction' }, () => {
        const state = hostState(at(st.sys.dm, pid)!);
        st.notes.push(
          state === 'ready.idle'
            ? `${pid}: the last response of the balloon transaction the VSP gave up has not come: it declines a new balloon request, nothing is posted`
            : `${pid}: the VSP is in ${state}, not idle, and declines the balloon request (one transaction at a time, none during the post-init wait): nothing is posted`,
        );
      })
      .with({ type: 'rejectMessage' }, () => {
        const problem = event.type === 'BALLOON_RESPONSE' ? event.problem : undefined;
        st.count('dmMessagesRejected');
        st.observations.push({ kind: 'dmRejected', pid, message: cause.message?.type ?? event.type, reason: problem ?? 'malformed' });
        st.notes.push(`${pid}: the VSP rejects the ${cause.message?.type ?? event.type}: ${problem ?? 'malformed'}; nothing is reclaimed`);
      })
      .with({ type: 'discardStaleReply' }, () => st.notes.push(`${pid}: no unballoon transaction is open: the VSP drops the late UNBALLOON_RESPONSE (its frames were mapped back when the requests were posted)`))
      .with({ type: P.union('reset', 'countPostInit', 'resetWait', 'countWait', 'noteRefusal', 'noteCaps', 'setTarget', 'countFresh', 'clearTarget', 'noteLate', 'lateAnswered') }, () => {})
      .exhaustive();
  }
  return adv;
}
