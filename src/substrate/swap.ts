/**
 * Hypervisor swapping on the simulated hardware (VMware ESX's, for hosts
 * with `reclaim: "balloon+swap"`): a guest page written out to the swap
 * file leaves its frame (SLAT entry removed, cached translations flushed
 * everywhere, frame back on the free list), and a page read back in gets
 * a fresh frame holding exactly what was written out. Which page, and the
 * swap file's slots, are the hypervisor's (src/system/handlers/hypervisor-swap.ts).
 * Pure functions.
 */
import type { Content, PartitionId } from './ids.js';
import { at } from './ids.js';
import { FULL_ACCESS, lookupSlat } from './slat.js';
import { writeFrame } from './memory.js';
import { type Substrate, grant, release } from './substrate.js';

/** A page swapped out: the frame it left and the contents written to the swap file (null: `gpa` is not mapped). */
export function swapOutPage(s: Substrate, pid: PartitionId, gpa: number): { s: Substrate; frame: number; saved: Content } | null {
  const e = lookupSlat(at(s.slat, pid) ?? {}, gpa);
  if (!e) return null;
  const saved = s.memory.content[e.frame]!;
  return { s: release(s, pid, [gpa]).s, frame: e.frame, saved };
}

/** A page swapped in: a frame from the free list, mapped behind `gpa` and holding `saved` (null: no frame is free). */
export function swapInPage(s: Substrate, pid: PartitionId, gpa: number, saved: Content): { s: Substrate; frame: number } | null {
  const r = grant(s, pid, [gpa], FULL_ACCESS);
  if (!r) return null;
  const frame = r.frames[0]!;
  return { s: { ...r.s, memory: writeFrame(r.s.memory, frame, saved) }, frame };
}
