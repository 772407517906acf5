/**
 * The simulated hardware as one plain value: machine memory, per-partition
 * SLATs, guest page tables, deposited pools and logical processors.
 * The substrate never decides protocol: the system calls these pure
 * functions when a machine's action says so.
 */
import { type PartitionId, type Holder, ROOT, partitionHolder, poolHolder, at } from './ids.js';
import { type Memory, bootMemory, framesHeldBy, setHolder, scrub, takeFree, takeFreeLarge, pushFree, writeFrame, writeFrames } from './memory.js';
import { type Slat, Access, FULL_ACCESS, identitySlat, mapPages, unmapPages, lookupSlat, mappedGpas } from './slat.js';
import { type PageTable, walkPageTable } from './page-table.js';
import { type LogicalProcessor, type TagLoad, tlbLookup, tlbFill, purgeTag, flushGpas, flushAsid, tagOf, loadTag } from './tlb.js';

/** The whole simulated hardware state. */
export interface Substrate {
  readonly memory: Memory;
  /** SLAT per partition, the root's included. */
  readonly slat: Readonly<Record<PartitionId, Slat>>;
  /** Guest page tables of child partitions that have booted. */
  readonly pageTables: Readonly<Record<PartitionId, PageTable>>;
  /** Deposited pool ledger per partition: the frames, in deposit order. */
  readonly pools: Readonly<Record<PartitionId, readonly number[]>>;
  /** Logical processors, by index. */
  readonly lps: readonly LogicalProcessor[];
}

/** Sizes the substrate boots with. */
export interface SubstrateShape {
  readonly frames: number;
  readonly hypervisorFrames: number;
  readonly rootFrames: number;
  readonly logicalProcessors: number;
  /** The TLB discipline (absent: purge-on-switch): `tagged` gives each LP `tlbTags` hardware tags. */
  readonly tlbDiscipline?: 'purge-on-switch' | 'tagged';
  /** Hardware tags (VPIDs/ASIDs) per logical processor under the tagged discipline. */
  readonly tlbTags?: number;
}

/** Hardware tags per logical processor when a tagged host does not say. */
export const DEFAULT_TLB_TAGS = 2;

/** The substrate at boot: the root identity-maps the frames it holds; LPs idle with empty TLBs. */
export function bootSubstrate(shape: SubstrateShape, opts: { rootMapsReserved?: boolean } = {}): Substrate {
  const memory = bootMemory(shape.frames, shape.hypervisorFrames, shape.rootFrames);
  const rootFrames = framesHeldBy(memory, 'root');
  const mapped = opts.rootMapsReserved ? [...framesHeldBy(memory, 'hypervisor'), ...rootFrames] : rootFrames;
  return {
    memory,
    slat: { [ROOT]: identitySlat(mapped) },
    pageTables: {},
    pools: {},
    lps: Array.from({ length: shape.logicalProcessors }, () =>
      shape.tlbDiscipline === 'tagged' ? { running: null, tlb: [], tags: Array.from({ length: shape.tlbTags ?? DEFAULT_TLB_TAGS }, () => null) } : { running: null, tlb: [] },
    ),
  };
}

/** Replaces one partition's SLAT. */
export const withSlat = (s: Substrate, pid: PartitionId, slat: Slat): Substrate => ({ ...s, slat: { ...s.slat, [pid]: slat } });

/** Applies `f` to every logical processor. */
export const mapLps = (s: Substrate, f: (lp: LogicalProcessor, i: number) => LogicalProcessor): Substrate => {
  let changed = false;
  const lps = s.lps.map((lp, i) => {
    const n = f(lp, i);
    if (n !== lp) changed = true;
    return n;
  });
  return changed ? { ...s, lps } : s;
};

/** Purges every TLB entry with `tag` on one LP; returns the count purged. */
export function purgeLpTag(s: Substrate, lpIndex: number, tag: PartitionId): { s: Substrate; purged: number } {
  const lp = s.lps[lpIndex]!;
  const r = purgeTag(lp, tag);
  if (r.purged === 0) return { s, purged: 0 };
  const lps = s.lps.slice();
  lps[lpIndex] = r.lp;
  return { s: { ...s, lps }, purged: r.purged };
}

/** Flushes, on every LP, the entries of `tag` that translate the given GPAs. */
export const flushGpasEverywhere = (s: Substrate, tag: PartitionId, gpas: readonly number[]): Substrate =>
  mapLps(s, (lp) => flushGpas(lp, tag, gpas));

/**
 * DepositMemory: the lowest `n` frames the root holds move into `pid`'s pool,
 * and the root's identity mappings of them go, with every TLB entry that
 * cached one. Null when the root holds fewer than `n` frames.
 */
export function deposit(s: Substrate, pid: PartitionId, n: number): { s: Substrate; frames: number[] } | null {
  const rootFrames = framesHeldBy(s.memory, 'root');
  if (rootFrames.length < n) return null;
  const frames = rootFrames.slice(0, n);
  // The hypervisor keeps the partition's own structures in pool pages.
  const memory = writeFrames(setHolder(s.memory, frames, poolHolder(pid)), frames, 'hypervisor');
  const rootSlat = unmapPages(at(s.slat, ROOT)!, frames);
  // The root's cached translations of the frames go with its mappings of them (its GPAs are the frame numbers).
  const next = flushGpasEverywhere(withSlat({ ...s, memory }, ROOT, rootSlat), ROOT, frames);
  return {
    s: { ...next, pools: { ...s.pools, [pid]: [...(at(s.pools, pid) ?? []), ...frames] } },
    frames,
  };
}

/**
 * WithdrawMemory: the last `n` pool frames go back to the root, scrubbed,
 * at the GPA they were deposited from.
 */
export function withdraw(s: Substrate, pid: PartitionId, n: number): { s: Substrate; frames: number[] } {
  const pool = at(s.pools, pid) ?? [];
  const take = Math.min(n, pool.length);
  const frames = pool.slice(pool.length - take);
  const memory = scrub(setHolder(s.memory, frames, 'root'), frames);
  const rootSlat = mapPages(at(s.slat, ROOT)!, frames, frames, FULL_ACCESS);
  return {
    s: { ...withSlat({ ...s, memory }, ROOT, rootSlat), pools: { ...s.pools, [pid]: pool.slice(0, pool.length - take) } },
    frames,
  };
}

/** How frames are granted. */
export interface GrantOptions {
  /** Allocate whole 2 MiB runs first (the config's `largePages`). */
  readonly largePages?: boolean;
}

/**
 * MapGpaPages for a child: `gpas.length` frames come off the free list,
 * are scrubbed and become the partition's, mapped at `gpas`. Null when the
 * free list is too short.
 */
export function grant(s: Substrate, pid: PartitionId, gpas: readonly number[], access: number, opts: GrantOptions = {}): { s: Substrate; frames: number[] } | null {
  const taken = opts.largePages ? takeFreeLarge(s.memory, gpas.length) : takeFree(s.memory, gpas.length);
  if (!taken) return null;
  const memory = scrub(setHolder(taken.mem, taken.frames, partitionHolder(pid)), taken.frames);
  const slat = mapPages(at(s.slat, pid) ?? {}, gpas, taken.frames, access);
  return { s: withSlat({ ...s, memory }, pid, slat), frames: taken.frames };
}

/** The TLB invalidation after a SLAT change of `pid`'s `gpas`, complete when it returns. */
export type Invalidate = (s: Substrate, pid: PartitionId, gpas: readonly number[]) => Substrate;

/** The logical processor a shootdown starts on: the one running the root's VP that made the call, else LP 0. */
export const initiatorLp = (s: Substrate): number => Math.max(0, s.lps.findIndex((l) => l.running?.pid === ROOT));

/** The LPs that may hold `pid`'s entries under the tagged discipline: every LP where it holds a tag, running it or not. */
export const lpsHoldingTag = (s: Substrate, pid: PartitionId): number[] => s.lps.flatMap((lp, i) => (tagOf(lp, pid) >= 0 ? [i] : []));

/**
 * A TLB shootdown for `pid` under the tagged discipline: the initiator
 * flushes `pid`'s tag locally and IPIs each LP `targets` names, which
 * flushes the tag `pid` holds there (INVVPID/INVEPT single-context); the
 * hypercall returns once every target has acknowledged, so the whole
 * shootdown is one step. Under purge-on-switch (LPs without tags) the
 * entries of the GPAs are flushed on every LP.
 */
export function shootdownWith(targets: (s: Substrate, pid: PartitionId) => readonly number[]): Invalidate {
  return (s, pid, gpas) => {
    if (!s.lps.some((l) => l.tags)) return flushGpasEverywhere(s, pid, gpas);
    const init = initiatorLp(s);
    const flushed = new Set([init, ...targets(s, pid)]);
    return mapLps(s, (lp, i) => {
      const asid = tagOf(lp, pid);
      return flushed.has(i) && asid >= 0 ? flushAsid(lp, asid).lp : lp;
    });
  };
}

/** The correct shootdown: every LP where the VM holds a tag is flushed. */
export const shootdown: Invalidate = shootdownWith(lpsHoldingTag);

/**
 * UnmapGpaPages for a child, with the TLB invalidation `invalidate`: the
 * frames behind `gpas` go back to the free list, the SLAT entries go, and
 * every TLB entry that cached them is invalidated on every LP that may hold
 * one before the frames can be reused. Unmapped GPAs are skipped (a no-op,
 * as in the TLFS).
 */
export function releaseWith(invalidate: Invalidate) {
  return (s: Substrate, pid: PartitionId, gpas: readonly number[]): { s: Substrate; frames: number[]; gpas: number[] } => {
    const slat = at(s.slat, pid) ?? {};
    const present = gpas.filter((g) => lookupSlat(slat, g) !== undefined);
    const frames = present.map((g) => slat[g]!.frame);
    const memory = pushFree(setHolder(s.memory, frames, 'free'), frames);
    const next = present.length ? invalidate(withSlat({ ...s, memory }, pid, unmapPages(slat, present)), pid, present) : withSlat({ ...s, memory }, pid, unmapPages(slat, present));
    return { s: next, frames, gpas: present };
  };
}

/** UnmapGpaPages with the correct invalidation (a shootdown under the tagged discipline). */
export const release = releaseWith(shootdown);

/** Releases everything a partition still has mapped, with `rel` (FinalizePartition's cleanup; DeletePartition's, for what is left). */
export const releaseAllWith =
  (rel: ReturnType<typeof releaseWith>) =>
  (s: Substrate, pid: PartitionId): { s: Substrate; frames: number[] } => {
    const r = rel(s, pid, mappedGpas(at(s.slat, pid) ?? {}));
    return { s: r.s, frames: r.frames };
  };

/** Releases everything a partition still has mapped (FinalizePartition's cleanup; DeletePartition's, for what is left). */
export const releaseAll = releaseAllWith(release);

/** Loads `pid`'s hardware tag on `lpIndex` (tagged discipline), with the tag load `load`; null on an LP without tags. */
export const loadLpTagWith =
  (load: (lp: LogicalProcessor, pid: PartitionId, keep: PartitionId | null) => TagLoad) =>
  (s: Substrate, lpIndex: number, pid: PartitionId, keep: PartitionId | null): { s: Substrate; load: TagLoad | null } => {
    const lp = s.lps[lpIndex]!;
    if (!lp.tags) return { s, load: null };
    const r = load(lp, pid, keep);
    if (r.lp === lp) return { s, load: r };
    const lps = s.lps.slice();
    lps[lpIndex] = r.lp;
    return { s: { ...s, lps }, load: r };
  };

/** Loads a VM's tag on a VM entry, flushing a recycled tag first. */
export const loadLpTag = loadLpTagWith(loadTag);

/** What a guest memory access did. */
export type AccessResult =
  | { readonly kind: 'hit' | 'walk'; readonly gpa: number; readonly frame: number }
  | { readonly kind: 'fault'; readonly gpa?: number; readonly reason: 'no-guest-mapping' | 'slat-miss' | 'access-denied' };

/** Whether `access` (MapGpaPages flags) allows a read, or a write. */
const allows = (access: number, write: boolean): boolean => (access & (write ? Access.WRITE : Access.READ)) !== 0;

/**
 * An access from the VP running on `lpIndex` of partition `pid` to virtual
 * page `gva`: a TLB hit uses the cached frame (stale or not: that is what
 * hardware does) and the cached rights; a miss walks the page table and
 * the SLAT and fills the TLB. A read needs READ and a write WRITE, whether
 * the translation is cached or walked. A write records the partition as the
 * frame's last writer. The root is translated like any partition, through
 * the TLB and its SLAT (the identity map of the frames it holds); its page
 * table is the identity (its virtual page is the GPA: the model keeps no
 * page table for it). A child walks the guest page table it booted with.
 */
export function guestAccess(s: Substrate, lpIndex: number, pid: PartitionId, gva: number, write: boolean, tlbCapacity: number): { s: Substrate; result: AccessResult } {
  const lp = s.lps[lpIndex]!;
  const hit = tlbLookup(lp, pid, gva);
  let next = s;
  let result: AccessResult;
  if (hit) {
    if (!allows(hit.access, write)) return { s, result: { kind: 'fault', gpa: hit.gpa, reason: 'access-denied' } };
    result = { kind: 'hit', gpa: hit.gpa, frame: hit.frame };
  } else {
    const gpa = pid === ROOT ? gva : walkPageTable(at(s.pageTables, pid) ?? {}, gva);
    if (gpa === undefined) return { s, result: { kind: 'fault', reason: 'no-guest-mapping' } };
    const entry = lookupSlat(at(s.slat, pid) ?? {}, gpa);
    if (!entry) return { s, result: { kind: 'fault', gpa, reason: 'slat-miss' } };
    if (!allows(entry.access, write)) return { s, result: { kind: 'fault', gpa, reason: 'access-denied' } };
    const lps = s.lps.slice();
    const asid = tagOf(lp, pid);
    lps[lpIndex] = tlbFill(lp, { tag: pid, gva, gpa, frame: entry.frame, access: entry.access, ...(asid >= 0 ? { asid } : {}) }, tlbCapacity);
    next = { ...s, lps };
    result = { kind: 'walk', gpa, frame: entry.frame };
  }
  if (write) next = { ...next, memory: writeFrame(next.memory, result.frame, pid) };
  return { s: next, result };
}

/** The set of holders a frame is claimed by (ledger, SLATs, pools, free list); used by invariants. */
export function claimsOnFrames(s: Substrate): Map<number, Set<Holder>> {
  const claims = new Map<number, Set<Holder>>();
  const add = (f: number, h: Holder): void => {
    let set = claims.get(f);
    if (!set) claims.set(f, (set = new Set()));
    set.add(h);
  };
  s.memory.holder.forEach((h, f) => add(f, h));
  for (const [pid, slat] of Object.entries(s.slat)) for (const g of mappedGpas(slat)) add(slat[g]!.frame, partitionHolder(pid));
  for (const [pid, frames] of Object.entries(s.pools)) for (const f of frames) add(f, poolHolder(pid));
  for (const f of s.memory.free) add(f, 'free');
  return claims;
}
