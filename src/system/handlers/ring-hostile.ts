/**
 * A hostile guest's hand on its channel's rings: it owns the write index of
 * its outbound ring (the root's VSP reads that ring) and may write any
 * value there. The values it tries are few, so that the explorer stays
 * bounded: the read index (the ring looks empty), the data area's size (one
 * past its end), twice that, and back to where its packets really end,
 * while a request of its own lies on the ring.
 */
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import { type PartitionId, at } from '../../substrate/ids.js';
import { storedBytes } from '../../substrate/vmbus-ring.js';
import { isHostile } from './dm-hostile.js';
import { activeChannel } from './vmbus.js';

/** The write index an honest writer would have published: just past the unread packets. */
const honestWriteIndex = (sys: System, pid: PartitionId): number => {
  const r = at(sys.vmbus, pid)!.outbound;
  return (r.readIndex + storedBytes(r)) % r.dataSize;
};

/**
 * The write indices a hostile `pid` tries on its outbound ring now: none
 * for a guest that is not hostile, has no active channel, or has no
 * request on the ring (a lie about an empty ring is one the reader meets
 * only after the guest writes a request, which it can lie about then).
 */
export function ringPokeValues(sys: System, pid: PartitionId): number[] {
  const ch = activeChannel(sys, pid);
  if (!ch || !isHostile(sys, pid) || ch.outbound.packets.length === 0) return [];
  const r = ch.outbound;
  const values = [r.readIndex, r.dataSize, 2 * r.dataSize, honestWriteIndex(sys, pid)];
  return [...new Set(values)].filter((v) => v !== r.writeIndex).sort((a, b) => a - b);
}

/** The hostile guest `pid` writes `value` into its outbound ring's write index. */
export function ringPoke(st: StepContext, pid: PartitionId, value: number): string | null {
  const ch = activeChannel(st.sys, pid);
  if (!ch) return `${pid} has no active channel`;
  if (!isHostile(st.sys, pid)) return `${pid} is not a hostile guest`;
  st.sys = { ...st.sys, vmbus: { ...st.sys.vmbus, [pid]: { ...ch, outbound: { ...ch.outbound, writeIndex: value } } } };
  st.notes.push(`${pid} writes ${value} into its outbound ring's write_index (was ${ch.outbound.writeIndex})`);
  return null;
}
