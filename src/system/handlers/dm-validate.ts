/**
 * The host's checks of what a Dynamic Memory guest writes: a guest is the
 * party that must not be trusted. A balloon response is an answer only if
 * every page it names lies in the guest's GPA space, is backed by a frame
 * the guest holds, is not already ballooned, is named once, and the
 * response stays within what the open balloon request asked for.
 */
import type { System } from '../system.js';
import type { DmGuest } from '../dm-record.js';
import { type PartitionId, hex, at, partitionHolder } from '../../substrate/ids.js';
import { lookupSlat } from '../../substrate/slat.js';
import { type DmMessage, rangePages } from '../../../models/dynamic-memory/messages.js';
import { gpaPagesOf } from './dm-channel.js';
import { pinnedGpas } from '../io-state.js';
import { slotOf } from '../../../models/hypervisor-swap/swap-file.js';

/** Why `pid`'s balloon response `m` is malformed, or undefined when the host may reclaim every page it names. */
export function balloonResponseProblem(sys: System, pid: PartitionId, g: DmGuest, m: Extract<DmMessage, { type: 'BALLOON_RESPONSE' }>): string | undefined {
  if (m.rangeCount !== m.ranges.length) return `range_count is ${m.rangeCount} but ${m.ranges.length} range${m.ranges.length === 1 ? '' : 's'} follow`;
  const space = gpaPagesOf(sys, pid);
  const slat = at(sys.substrate.slat, pid) ?? {};
  const ballooned = new Set(rangePages(g.reclaimed));
  const pages = rangePages(m.ranges);
  const pinned = new Set(pinnedGpas(sys.vmbus, pid));
  const seen = new Set<number>();
  for (const gpa of pages) {
    if (gpa < 0 || gpa >= space) return `gpa ${hex(gpa)} lies outside ${pid}'s ${space}-page GPA space`;
    if (seen.has(gpa)) return `gpa ${hex(gpa)} is named twice`;
    seen.add(gpa);
    if (ballooned.has(gpa)) return `gpa ${hex(gpa)} is already ballooned out`;
    const e = lookupSlat(slat, gpa);
    // A page the hypervisor swapped out (a swapping host) is still the guest's: giving it up drops its swap slot.
    const swapped = slotOf(g.swap, gpa) !== undefined;
    if (!swapped && (!e || sys.substrate.memory.holder[e.frame] !== partitionHolder(pid))) return `${pid} holds no frame at gpa ${hex(gpa)}`;
    if (pinned.has(gpa)) return `gpa ${hex(gpa)} is pinned for an in-flight I/O's DMA`;
  }
  // Within what the open request asked for; after the VSP gave a balloon wait up, the given-up transaction's late answer
  // is still an answer (QEMU handles it in its wait), and nothing else is.
  if (g.requested > 0) {
    const room = Math.max(0, g.requested - g.moved);
    if (pages.length > room) return `it names ${pages.length} page${pages.length === 1 ? '' : 's'} where ${room} of the ${g.requested} requested remain`;
  } else if (pages.length > 0 && !g.host.context.lateBalloon) return 'no balloon request is open, and none was given up';
  return undefined;
}
