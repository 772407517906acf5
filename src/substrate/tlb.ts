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
  /** The hardware tag (VPID or ASID) the entry was filled under, on a logical processor with tags (the tagged discipline). */
  readonly asid?: number;
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
  /**
   * The tagged discipline only: the VM each hardware tag (VPID/ASID) of this
   * LP is assigned to, by tag number (null: free). The TLB is then looked up
   * by tag, not by VM: whatever an entry under a VM's tag holds, that VM uses.
   */
  readonly tags?: readonly (PartitionId | null)[];
}

/** The hardware tag `pid` holds on `lp` (tagged discipline), or -1. */
export const tagOf = (lp: LogicalProcessor, pid: PartitionId): number => lp.tags?.indexOf(pid) ?? -1;

/** The VM that would use `e` on `lp`: the holder of its hardware tag (tagged discipline), else the VM it was filled for. */
export const userOf = (lp: LogicalProcessor, e: TlbEntry): PartitionId | null => (lp.tags && e.asid !== undefined ? (lp.tags[e.asid] ?? null) : e.tag);

/** The TLB entry `pid` would use for `gva`, if cached: by its hardware tag on a tagged LP, else by the VM's own tag. */
export const tlbLookup = (lp: LogicalProcessor, tag: PartitionId, gva: number): TlbEntry | undefined => {
  if (!lp.tags) return lp.tlb.find((e) => e.tag === tag && e.gva === gva);
  const asid = tagOf(lp, tag);
  return asid < 0 ? undefined : lp.tlb.find((e) => e.asid === asid && e.gva === gva);
};

/** Caches an entry, evicting the oldest when the TLB holds `capacity` entries. */
export function tlbFill(lp: LogicalProcessor, entry: TlbEntry, capacity: number): LogicalProcessor {
  const rest = lp.tlb.filter((e) => !(e.tag === entry.tag && e.asid === entry.asid && e.gva === entry.gva));
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

/** Flushes every entry under hardware tag `asid` (INVVPID single-context; INVEPT single-context; AMD TLB_CONTROL flush-this-ASID). Returns how many went. */
export function flushAsid(lp: LogicalProcessor, asid: number): { lp: LogicalProcessor; flushed: number } {
  const tlb = lp.tlb.filter((e) => e.asid !== asid);
  return { lp: tlb.length === lp.tlb.length ? lp : { ...lp, tlb }, flushed: lp.tlb.length - tlb.length };
}

/** What loading a VM's tag on a logical processor did. */
export interface TagLoad {
  readonly lp: LogicalProcessor;
  /** The tag the VM runs under. */
  readonly asid: number;
  /** The VM whose tag was taken from it (the tag recycled), if any. */
  readonly recycledFrom?: PartitionId;
  /** Entries flushed with the recycled tag. */
  readonly flushed: number;
}

/**
 * The tag `pid` runs under on `lp`: the one it holds, else a free one, else
 * one recycled from another VM (the lowest not held by `keep`, the VM the LP
 * ran last), flushed first so that nothing cached for its old holder
 * survives. `flush` is the flush applied to a recycled tag.
 */
export function loadTagWith(flush: (lp: LogicalProcessor, asid: number) => { lp: LogicalProcessor; flushed: number }) {
  return (lp: LogicalProcessor, pid: PartitionId, keep: PartitionId | null): TagLoad => {
    const tags = lp.tags ?? [];
    const held = tags.indexOf(pid);
    if (held >= 0) return { lp, asid: held, flushed: 0 };
    const free = tags.indexOf(null);
    const asid = free >= 0 ? free : Math.max(0, tags.findIndex((t) => t !== keep));
    const recycledFrom = free >= 0 ? undefined : (tags[asid] ?? undefined);
    const f = free >= 0 ? { lp, flushed: 0 } : flush(lp, asid);
    const next = tags.slice();
    next[asid] = pid;
    return { lp: { ...f.lp, tags: next }, asid, ...(recycledFrom === undefined ? {} : { recycledFrom }), flushed: f.flushed };
  };
}

/** The correct tag load: a recycled tag is flushed before its new VM runs under it. */
export const loadTag = loadTagWith(flushAsid);
