/**
 * Logical processors and their tagged TLBs.
 *
 * Each TLB entry caches a whole GVA -> frame translation and carries the tag
 * of the partition it was filled for. Capacity is bounded; a fill evicts the
 * oldest entry (FIFO), which keeps the state space finite.
 */
import type { PartitionId } from './ids.js';

/** One cached translation, tagged with the partition it was filled for, with the SLAT's access rights at the fill (hardware caches them with the frame). */
export interface TlbEntry {
  readonly tag: PartitionId;
  readonly gva: number;
  readonly gpa: number;
  readonly frame: number;
  readonly access: number;
}

/** A virtual processor reference: partition and VP index. */
export interface VpRef {
  readonly pid: PartitionId;
  readonly vp: number;
}

/** A logical processor: the VP it runs (if any) and its TLB. */
export interface LogicalProcessor {
  readonly running: VpRef | null;
  readonly tlb: readonly TlbEntry[];
}

/** The TLB entry for (tag, gva), if cached. */
export const tlbLookup = (lp: LogicalProcessor, tag: PartitionId, gva: number): TlbEntry | undefined =>
  lp.tlb.find((e) => e.tag === tag && e.gva === gva);

/** Caches an entry, evicting the oldest when the TLB holds `capacity` entries. */
export function tlbFill(lp: LogicalProcessor, entry: TlbEntry, capacity: number): LogicalProcessor {
  const rest = lp.tlb.filter((e) => !(e.tag === entry.tag && e.gva === entry.gva));
  const kept = rest.length >= capacity ? rest.slice(rest.length - capacity + 1) : rest;
  return { ...lp, tlb: [...kept, entry] };
}

/** Purges every entry with `tag` (the VM-switch purge of the seed). Returns how many went. */
export function purgeTag(lp: LogicalProcessor, tag: PartitionId): { lp: LogicalProcessor; purged: number } {
  const tlb = lp.tlb.filter((e) => e.tag !== tag);
  return { lp: tlb.length === lp.tlb.length ? lp : { ...lp, tlb }, purged: lp.tlb.length - tlb.length };
}

/** Flushes entries of `tag` that translate to any of `gpas` (after a SLAT change). */
export function flushGpas(lp: LogicalProcessor, tag: PartitionId, gpas: readonly number[]): LogicalProcessor {
  const set = new Set(gpas);
  const tlb = lp.tlb.filter((e) => !(e.tag === tag && set.has(e.gpa)));
  return tlb.length === lp.tlb.length ? lp : { ...lp, tlb };
}

/** Flushes entries of `tag` for the listed GVAs (FlushVirtualAddressList, 0x03). */
export function flushGvaList(lp: LogicalProcessor, tag: PartitionId, gvas: readonly number[]): LogicalProcessor {
  const set = new Set(gvas);
  const tlb = lp.tlb.filter((e) => !(e.tag === tag && set.has(e.gva)));
  return tlb.length === lp.tlb.length ? lp : { ...lp, tlb };
}
