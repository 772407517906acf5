/**
 * Dynamic Memory plumbing shared by the handlers: reading a guest's
 * settings, replacing its record, putting messages on the channel, and
 * advancing its driver and VSP machines while interpreting what they emit.
 */
import { match } from 'ts-pattern';
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import type { MachineState, Advance } from '../machine-runtime.js';
import { stateName } from '../machine-runtime.js';
import type { PartitionId } from '../../substrate/ids.js';
import { hexRanges, at } from '../../substrate/ids.js';
import * as sub from '../../substrate/substrate.js';
import { FULL_ACCESS } from '../../substrate/slat.js';
import type { DmGuest } from '../../dynamic-memory/record.js';
import { type DmBody, type DmMessage, type PageRange, withHeader, rangePages, toRanges, DM_VERSIONS, TRANS_ID_MODULUS } from '../../dynamic-memory/messages.js';
import { type DmTuning, tuningOf } from '../../dynamic-memory/tuning.js';
import { balloonFloorPages } from '../../dynamic-memory/floor.js';
import { type BalloonAllocation, pin, freeBalloon, statusFigures } from '../../dynamic-memory/guest-memory.js';
import type { DriverContext, DriverEvent } from '../../../models/dynamic-memory/guest-driver.js';
import type { HostContext, HostEvent } from '../../../models/dynamic-memory/host.js';
import type { DynamicMemoryConfig } from '../config.js';
import { bump } from '../counters.js';

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

/** The guest's balloon floor now, in pages. */
export const floorOf = (sys: System, g: DmGuest): number => balloonFloorPages(g.mm.visible, tuning(sys).mibPerPage);

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
  const committed = g.status.numCommitted + (sys.world.quirks.dmPressureCountsAvailable ? g.status.numAvail : 0);
  return Math.floor((committed * 100) / g.hostVisible);
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

type DriverActionName =
  | 'sendVersionRequest'
  | 'sendCapabilities'
  | 'sendStatus'
  | 'pinPages'
  | 'sendBalloonResponse'
  | 'freeRanges'
  | 'sendUnballoonResponse'
  | 'sendHotAddResponse'
  | 'load'
  | 'fallBack'
  | 'resetWait'
  | 'countWait'
  | 'countDownHoldback'
  | 'startClamped'
  | 'startFull'
  | 'takeAllocated'
  | 'finishBalloon'
  | 'startHotAdd';

/** Sends an event to a guest's driver and interprets its actions. */
export function sendDriver(st: StepContext, pid: PartitionId, event: DriverEvent, cause: DriverCause = {}): Advance<DriverContext> {
  const g0 = at(st.sys.dm, pid)!;
  const adv = st.send('dmGuest', st.sys.world.machines.dmGuest, g0.driver, event);
  if (!adv.accepted) return adv;
  setDm(st, pid, (g) => ({ ...g, driver: adv.state as MachineState<DriverContext> }));
  const cap = tuning(st.sys).ringCapacity;
  for (const a of adv.actions) {
    const p = (a.params ?? {}) as Record<string, unknown>;
    match(a.type as DriverActionName)
      .with('sendVersionRequest', () => {
        const version = p.version as number;
        pushToHost(st, pid, { type: 'VERSION_REQUEST', version, isLastAttempt: p.isLastAttempt as 0 | 1 });
        if (version !== DM_VERSIONS.WIN10) st.observations.push({ kind: 'dmEvent', pid, event: 'versionFallback', pages: 0 });
      })
      .with('sendCapabilities', () =>
        pushToHost(st, pid, {
          type: 'CAPABILITIES_REPORT',
          caps: { balloon: p.balloon as boolean, hotAdd: p.hotAdd as boolean, hotAddAlignment: 7 },
          minPageCnt: 0,
          maxPageNumber: gpaPagesOf(st.sys, pid),
        }),
      )
      .with('sendStatus', () => {
        const g = at(st.sys.dm, pid)!;
        if (g.toHost.length >= cap) {
          st.notes.push(`${pid}: ring full, status report dropped`);
          return;
        }
        const f = statusFigures(g.mm, floorOf(st.sys, g));
        pushToHost(st, pid, { type: 'STATUS_REPORT', numAvail: f.numAvail, numCommitted: f.numCommitted, pageFileSize: 0, zeroFree: 0, pageFileWrites: 0, ioDiff: 0 });
      })
      .with('pinPages', () => setDm(st, pid, (g) => ({ ...g, mm: pin(g.mm, cause.alloc?.pages ?? []) })))
      .with('sendBalloonResponse', () => {
        const ranges = cause.alloc?.ranges ?? [];
        pushToHost(st, pid, { type: 'BALLOON_RESPONSE', morePages: p.morePages as 0 | 1, rangeCount: ranges.length, ranges });
      })
      .with('freeRanges', () => setDm(st, pid, (g) => ({ ...g, mm: freeBalloon(g.mm, rangePages(cause.ranges ?? [])) })))
      .with('sendUnballoonResponse', () => {
        pushToHost(st, pid, { type: 'UNBALLOON_RESPONSE' });
        setDm(st, pid, (g) => ({ ...g, unballoonAnswers: Math.min(2, g.unballoonAnswers + 1), unballoonEarly: g.unballoonEarly || !g.unballoonLastTaken }));
      })
      .with('sendHotAddResponse', () => {
        pushToHost(st, pid, { type: 'MEM_HOT_ADD_RESPONSE', pageCount: p.pageCount as number, result: p.result as 0 | 1 });
        setDm(st, pid, (g) => ({ ...g, guestHotAdd: null }));
      })
      .with('load', 'fallBack', 'resetWait', 'countWait', 'countDownHoldback', 'startClamped', 'startFull', 'takeAllocated', 'finishBalloon', 'startHotAdd', () => {})
      .exhaustive();
  }
  return adv;
}

type HostActionName =
  | 'replyVersion'
  | 'replyCapabilities'
  | 'recordStatus'
  | 'postBalloonRequest'
  | 'postUnballoonRequests'
  | 'postHotAddRequest'
  | 'reclaimRanges'
  | 'hotAddDone'
  | 'openTransaction'
  | 'closeTransaction'
  | 'reset'
  | 'countPostInit'
  | 'resetWait'
  | 'countWait'
  | 'noteRefusal'
  | 'declineTransaction'
  | 'discardStaleReply';

/** What a VSP action may need from the step that caused it. */
export interface HostCause {
  readonly message?: DmMessage;
  readonly pages?: number;
}

/** Releases guest GPAs back to the free list through the DM reclaim path (SLAT entries removed, TLBs flushed, unless a quirk says otherwise). */
function reclaim(st: StepContext, pid: PartitionId, gpas: readonly number[]): number[] {
  const q = st.sys.world.quirks;
  const r = sub.release(st.sys.substrate, pid, gpas, { keepSlatEntry: q.dmReleaseKeepsSlatEntry, skipTlbFlush: q.dmReleaseSkipsTlbFlush });
  st.sys = { ...st.sys, substrate: r.s };
  return r.frames;
}

/** Maps zeroed frames (unless a quirk skips the zeroing) behind guest GPAs; null when the free list is short. */
function mapBack(st: StepContext, pid: PartitionId, gpas: readonly number[]): number[] | null {
  const r = sub.grant(st.sys.substrate, pid, gpas, FULL_ACCESS, { skipScrub: st.sys.world.quirks.dmMapSkipsScrub });
  if (!r) return null;
  st.sys = { ...st.sys, substrate: r.s };
  return r.frames;
}

/** Sends an event to a guest's VSP and interprets its actions. */
export function sendHost(st: StepContext, pid: PartitionId, event: HostEvent, cause: HostCause = {}): Advance<HostContext> {
  const g0 = at(st.sys.dm, pid)!;
  const adv = st.send('dmHost', st.sys.world.machines.dmHost, g0.host, event);
  if (!adv.accepted) return adv;
  setDm(st, pid, (g) => ({ ...g, host: adv.state as MachineState<HostContext> }));
  const t = tuning(st.sys);
  for (const a of adv.actions) {
    const p = (a.params ?? {}) as Record<string, unknown>;
    match(a.type as HostActionName)
      .with('replyVersion', () => pushToGuest(st, pid, { type: 'VERSION_RESPONSE', isAccepted: p.isAccepted as 0 | 1 }))
      .with('replyCapabilities', () => pushToGuest(st, pid, { type: 'CAPABILITIES_RESPONSE', isAccepted: p.isAccepted as 0 | 1 }))
      .with('recordStatus', () => {
        const m = cause.message;
        if (m?.type !== 'STATUS_REPORT') return;
        setDm(st, pid, (g) => {
          const next = { ...g, status: { numCommitted: m.numCommitted, numAvail: m.numAvail } };
          return { ...next, pressure: pressureOf(st.sys, next) };
        });
      })
      .with('openTransaction', () =>
        setDm(st, pid, (g) => ({
          ...g,
          open: [...g.open, p.kind as 'balloon' | 'unballoon' | 'hotAdd'],
          moved: 0,
        })),
      )
      .with('closeTransaction', () => {
        const g = at(st.sys.dm, pid)!;
        const kind = g.open[0];
        if (p.completed && g.moved > 0 && kind) {
          st.sys = { ...st.sys, counters: bump(st.sys.counters, kind === 'balloon' ? 'dmRemoveOperations' : 'dmAddOperations') };
          st.observations.push({ kind: 'dmEvent', pid, event: kind === 'balloon' ? 'balloonDone' : kind === 'unballoon' ? 'unballoonDone' : 'hotAddDone', pages: g.moved });
        }
        if (!p.completed) st.notes.push(`${pid}: VSP gives the ${kind} transaction up (no answer)`);
        setDm(st, pid, (x) => ({ ...x, open: x.open.slice(1), moved: 0, hostTransId: (x.hostTransId + 1) % TRANS_ID_MODULUS }));
      })
      .with('postBalloonRequest', () => {
        const n = cause.pages ?? 0;
        pushToGuest(st, pid, { type: 'BALLOON_REQUEST', numPages: n });
        st.notes.push(`${pid}: BALLOON_REQUEST ${n} pages`);
        if (st.sys.world.quirks.dmReclaimOnRequest) {
          const g = at(st.sys.dm, pid)!;
          const inBalloon = new Set(g.mm.balloon);
          const victims: number[] = [];
          for (let gpa = g.mm.visible - 1; gpa >= 0 && victims.length < n; gpa--) if (!inBalloon.has(gpa)) victims.push(gpa);
          const frames = reclaim(st, pid, victims);
          st.notes.push(`${pid}: host takes gpa ${hexRanges(victims)} (frames ${hexRanges(frames)}) at once`);
        }
      })
      .with('postUnballoonRequests', () => {
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
        st.notes.push(`${pid}: gpa ${hexRanges(give)} mapped back to frames ${hexRanges(frames)}${st.sys.world.quirks.dmMapSkipsScrub ? '' : ' (zeroed)'}, ${Math.max(1, ranges.length)} UNBALLOON_REQUEST(s)`);
      })
      .with('postHotAddRequest', () => {
        const g = at(st.sys.dm, pid)!;
        const n = cause.pages ?? 0;
        const gpas = Array.from({ length: n }, (_, i) => g.hostVisible + i);
        const frames = mapBack(st, pid, gpas) ?? [];
        const range = { startPage: g.hostVisible, pageCnt: frames.length };
        setDm(st, pid, (x) => ({ ...x, hostHotAdd: range }));
        pushToGuest(st, pid, { type: 'MEM_HOT_ADD_REQUEST', range });
        st.notes.push(`${pid}: gpa ${hexRanges(gpas)} backed by frames ${hexRanges(frames)}, MEM_HOT_ADD_REQUEST`);
      })
      .with('reclaimRanges', () => {
        const m = cause.message;
        if (m?.type !== 'BALLOON_RESPONSE') return;
        const gpas = rangePages(m.ranges);
        const frames = reclaim(st, pid, gpas);
        setDm(st, pid, (x) => ({ ...x, reclaimed: toRanges([...rangePages(x.reclaimed), ...gpas], t.largeUnitPages), moved: x.moved + gpas.length }));
        if (gpas.length) st.notes.push(`${pid}: balloon gpa ${hexRanges(gpas)} unmapped, frames ${hexRanges(frames)} freed`);
        else st.notes.push(`${pid}: BALLOON_RESPONSE with no pages${m.morePages ? '' : ': the guest is at its floor'}`);
      })
      .with('hotAddDone', () => {
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
      .with('declineTransaction', () => st.notes.push(`${pid}: the VSP is in ${hostState(at(st.sys.dm, pid)!)}, not idle, and declines the balloon request (one transaction at a time, none during the post-init wait): nothing is posted`))
      .with('discardStaleReply', () => st.notes.push(`${pid}: no balloon transaction is open: the VSP drops the stale response`))
      .with('reset', 'countPostInit', 'resetWait', 'countWait', 'noteRefusal', () => {})
      .exhaustive();
  }
  return adv;
}
