/**
 * The enabled Dynamic Memory ops. Only partitions configured for Dynamic
 * Memory get any, so configs without it keep their state space.
 */
import { match } from 'ts-pattern';
import type { System } from './system.js';
import type { Op, OpType, DmOp } from './ops.js';
import { dmStartBlocked, dmWorkPending, dmRequestRoom, balancerInput, commitLimit } from './handlers/dynamic-memory.js';
import { isLiveDm, hostState } from './handlers/dm-channel.js';
import { at } from '../substrate/ids.js';

const DM_OP_TYPES = ['dmStart', 'dmDeliver', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmBalance', 'dmCommit', 'dmDecommit'] as const;

/** True for the Dynamic Memory op kinds. */
export const isDmOpType = (t: OpType): t is DmOp['type'] => (DM_OP_TYPES as readonly string[]).includes(t);

/** The enabled ops of one Dynamic Memory kind. */
export function enabledDmOps(sys: System, type: DmOp['type']): Op[] {
  const out: Op[] = [];
  const dmPids = sys.world.config.partitions.filter((p) => p.dynamicMemory).map((p) => p.id);
  if (dmPids.length === 0) return out;
  const live = dmPids.filter((pid) => isLiveDm(sys, pid));
  const counts = (limit: number) => Array.from({ length: Math.min(limit, sys.world.config.maxPagesPerCall) }, (_, i) => i + 1);
  const request = (kind: 'balloon' | 'unballoon' | 'hotAdd', t: 'dmBalloon' | 'dmUnballoon' | 'dmHotAdd') => {
    for (const pid of live) {
      if (!hostState(at(sys.dm, pid)!).startsWith('ready.')) continue;
      for (const n of counts(dmRequestRoom(sys, pid, kind, true))) out.push({ type: t, pid, pages: n });
    }
  };
  match(type)
    .with('dmStart', () => {
      for (const pid of dmPids) if (!dmStartBlocked(sys, pid)) out.push({ type: 'dmStart', pid });
    })
    .with('dmDeliver', () => {
      for (const pid of live) {
        if (at(sys.dm, pid)!.toHost.length > 0) out.push({ type: 'dmDeliver', pid, to: 'host' });
        if (at(sys.dm, pid)!.toGuest.length > 0) out.push({ type: 'dmDeliver', pid, to: 'guest' });
      }
    })
    .with('dmSettle', () => {
      for (const pid of live) if (at(sys.dm, pid)!.toHost.length + at(sys.dm, pid)!.toGuest.length > 0) out.push({ type: 'dmSettle', pid });
    })
    .with('dmGuestWork', () => {
      for (const pid of live) if (dmWorkPending(sys, pid)) out.push({ type: 'dmGuestWork', pid });
    })
    .with('dmBalloon', () => request('balloon', 'dmBalloon'))
    .with('dmUnballoon', () => request('unballoon', 'dmUnballoon'))
    .with('dmHotAdd', () => request('hotAdd', 'dmHotAdd'))
    .with('dmBalance', () => {
      if (balancerInput(sys).guests.length > 0) out.push({ type: 'dmBalance' });
    })
    .with('dmCommit', () => {
      for (const pid of live) for (const n of counts(commitLimit(sys, pid) - at(sys.dm, pid)!.mm.committed)) out.push({ type: 'dmCommit', pid, pages: n });
    })
    .with('dmDecommit', () => {
      for (const pid of live) for (const n of counts(at(sys.dm, pid)!.mm.committed)) out.push({ type: 'dmDecommit', pid, pages: n });
    })
    .exhaustive();
  return out;
}
