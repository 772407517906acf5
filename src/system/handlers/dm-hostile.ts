/**
 * A hostile Dynamic Memory guest (a child partition configured `hostile`):
 * besides what its honest driver does, it writes whatever Dynamic Memory
 * message the wire format allows onto its channel to the host, in any
 * state, under a transaction id it never used. The forgeries are a small
 * fixed set, each computed from the guest's state, so that the explorer
 * stays bounded: a balloon response naming a page it holds (with
 * more_pages 0 or 1), a page outside its GPA space, a page already in its
 * balloon, the same page twice; an unsolicited unballoon response; a
 * hot-add response claiming its whole GPA space.
 */
import { match } from 'ts-pattern';
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import { type PartitionId, at } from '../../substrate/ids.js';
import { type DmBody, type PageRange, withHeader, TRANS_ID_MODULUS } from '../../../models/dynamic-memory/messages.js';
import { gpaPagesOf, isLiveDm, setDm, tuning } from './dm-channel.js';

/** The messages a hostile guest forges. */
export const FORGERIES = ['balloonHeld', 'balloonHeldMore', 'balloonOutside', 'balloonNotHeld', 'balloonDuplicate', 'unballoonResponse', 'hotAddResponse'] as const;

/** One forged message kind. */
export type Forgery = (typeof FORGERIES)[number];

/** Whether the config makes `pid` a hostile guest. */
export const isHostile = (sys: System, pid: PartitionId): boolean => sys.world.config.partitions.find((p) => p.id === pid)?.hostile === true;

/** A balloon response naming `ranges`. */
const balloonResponse = (ranges: readonly PageRange[], morePages: 0 | 1): DmBody => ({ type: 'BALLOON_RESPONSE', morePages, rangeCount: ranges.length, ranges });

/** One page. */
const page = (gpa: number): PageRange => ({ startPage: gpa, pageCnt: 1 });

/** The message `forgery` stands for in `pid`'s state now, or null when there is no page for it to name. */
export function forgedBody(sys: System, pid: PartitionId, forgery: Forgery): DmBody | null {
  const g = at(sys.dm, pid)!;
  const inBalloon = new Set(g.mm.balloon);
  const held = Array.from({ length: g.mm.visible }, (_, i) => i).find((gpa) => !inBalloon.has(gpa));
  const ballooned = g.mm.balloon[0];
  return match(forgery)
    .with('balloonHeld', () => (held === undefined ? null : balloonResponse([page(held)], 0)))
    .with('balloonHeldMore', () => (held === undefined ? null : balloonResponse([page(held)], 1)))
    .with('balloonOutside', () => balloonResponse([page(gpaPagesOf(sys, pid))], 0))
    .with('balloonNotHeld', () => (ballooned === undefined ? null : balloonResponse([page(ballooned)], 0)))
    .with('balloonDuplicate', () => (held === undefined ? null : balloonResponse([page(held), page(held)], 0)))
    .with('unballoonResponse', (): DmBody => ({ type: 'UNBALLOON_RESPONSE' }))
    .with('hotAddResponse', (): DmBody => ({ type: 'MEM_HOT_ADD_RESPONSE', pageCount: gpaPagesOf(sys, pid), result: 1 }))
    .exhaustive();
}

/** Why `pid` cannot forge now (not hostile, not live, its channel full), or null. */
export function forgeBlocked(sys: System, pid: PartitionId): string | null {
  if (!isHostile(sys, pid)) return `${pid} is not a hostile guest`;
  const g = at(sys.dm, pid);
  if (!g || !isLiveDm(sys, pid)) return `${pid} has no live Dynamic Memory channel`;
  if (g.toHost.length >= tuning(sys).ringCapacity) return `${pid}'s channel to the host is full`;
  return null;
}

/** The hostile guest writes a forged message onto its channel, under a transaction id it never used (its own counter half a cycle on). */
export function dmForge(st: StepContext, pid: PartitionId, forgery: Forgery): string | null {
  const blocked = forgeBlocked(st.sys, pid);
  if (blocked) return blocked;
  const body = forgedBody(st.sys, pid, forgery);
  if (!body) return `${pid} has no page for a ${forgery} forgery`;
  setDm(st, pid, (g) => ({ ...g, toHost: [...g.toHost, withHeader(body, g.guestTransId + TRANS_ID_MODULUS / 2)] }));
  st.notes.push(`${pid} forges a ${body.type}${body.type === 'BALLOON_RESPONSE' ? ` naming gpa ${body.ranges.map((r) => r.startPage).join(', ')}, more_pages ${body.morePages}` : ''}`);
  return null;
}
