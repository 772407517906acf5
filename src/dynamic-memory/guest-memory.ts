/**
 * The guest's memory manager, as far as Dynamic Memory sees it: the pages
 * the guest has onlined (visible), its committed pages, the working set
 * (resident committed pages, least recently used first), and the balloon
 * (pages allocated from the nonpaged pool and pinned there).
 *
 * Inflating the balloon takes free pages first; when there are not enough,
 * the guest trims its working set (the least recently used pages go to
 * the page file: paging) and signals the low-memory notification. All
 * functions are pure.
 */
import type { PageRange } from '../../models/dynamic-memory/messages.js';

/** The guest memory manager's state. GPAs are model pages. */
export interface GuestMemory {
  /** Pages onlined: GPAs [0, visible). */
  readonly visible: number;
  /** Pages the guest OS has committed (resident or in the page file). */
  readonly committed: number;
  /** Resident committed pages, least recently used first. */
  readonly workingSet: readonly number[];
  /** Pages allocated to the balloon (handed, or being handed, to the host), ascending. */
  readonly balloon: readonly number[];
  /** Balloon pages pinned in the nonpaged pool, ascending. */
  readonly pinned: readonly number[];
  /** The low-memory resource notification is signalled. */
  readonly lowMemory: boolean;
}

/** The memory of a guest that boots with `visible` pages and `committed` committed pages. */
export function bootGuestMemory(visible: number, committed: number): GuestMemory {
  const resident = Math.min(committed, visible);
  return { visible, committed, workingSet: Array.from({ length: resident }, (_, i) => i), balloon: [], pinned: [], lowMemory: false };
}

/** Onlined pages that are neither resident nor in the balloon, ascending. */
export function freePages(mm: GuestMemory): number[] {
  const used = new Set([...mm.workingSet, ...mm.balloon]);
  const out: number[] = [];
  for (let g = 0; g < mm.visible; g++) if (!used.has(g)) out.push(g);
  return out;
}

/**
 * The guest's `totalram_pages()`: its onlined pages less those in its
 * balloon (Linux `alloc_balloon_pages` takes each ballooned page out of the
 * managed count with `adjust_managed_page_count(pg, -1)`; freeing it back
 * adds it again). The balloon floor is computed from it, so the floor
 * shrinks as the balloon grows.
 */
export const totalramPages = (mm: GuestMemory): number => mm.visible - mm.balloon.length;

/**
 * The guest's `si_mem_available()`: free pages plus what it could reclaim
 * without paging. This guest's memory holds only the workload's committed
 * (anonymous) pages and free pages, with no page cache or reclaimable slab,
 * so what is available is its free pages: committed pages are not, even
 * though ballooning can push them to the page file when the free pages run
 * out between the request and the allocation.
 */
export const memAvailable = (mm: GuestMemory): number => freePages(mm).length;

/** Committed pages that are not resident (in the page file). */
export const pagedOut = (mm: GuestMemory): number => Math.max(0, mm.committed - mm.workingSet.length);

/** An access to `gpa` makes it the most recently used page of the working set. */
export function touch(mm: GuestMemory, gpa: number): GuestMemory {
  const i = mm.workingSet.indexOf(gpa);
  if (i < 0 || i === mm.workingSet.length - 1) return mm;
  return { ...mm, workingSet: [...mm.workingSet.slice(0, i), ...mm.workingSet.slice(i + 1), gpa] };
}

/** Trims the `n` least recently used working-set pages to the page file. */
function trim(mm: GuestMemory, n: number): { mm: GuestMemory; trimmed: number } {
  const k = Math.min(n, mm.workingSet.length);
  if (k <= 0) return { mm, trimmed: 0 };
  return { mm: { ...mm, workingSet: mm.workingSet.slice(k), lowMemory: true }, trimmed: k };
}

/** The workload commits `n` more pages; they become resident, trimming old pages when no page is free. */
export function commit(mm: GuestMemory, n: number): { mm: GuestMemory; trimmed: number } {
  let free = freePages(mm);
  let next: GuestMemory = { ...mm, committed: mm.committed + n };
  let trimmed = 0;
  if (free.length < n) {
    const t = trim(next, n - free.length);
    next = t.mm;
    trimmed = t.trimmed;
    free = freePages(next);
  }
  const fresh = free.slice(0, n);
  return { mm: { ...next, workingSet: [...next.workingSet, ...fresh] }, trimmed };
}

/** The workload releases `n` committed pages: page-file pages first, then the least recently used resident ones. */
export function decommit(mm: GuestMemory, n: number): GuestMemory {
  const k = Math.min(n, mm.committed);
  const fromFile = Math.min(k, pagedOut(mm));
  const fromWs = k - fromFile;
  const committed = mm.committed - k;
  const workingSet = mm.workingSet.slice(fromWs);
  return { ...mm, committed, workingSet, lowMemory: mm.lowMemory && pagedOut({ ...mm, committed, workingSet }) > 0 };
}

/** What one balloon allocation took. */
export interface BalloonAllocation {
  readonly mm: GuestMemory;
  readonly pages: readonly number[];
  readonly ranges: readonly PageRange[];
  /** Working-set pages trimmed to make room. */
  readonly trimmed: number;
  /** The allocation unit that was used (the large unit, or 1 after falling back). */
  readonly unit: number;
}

/**
 * Allocates up to `want` pages for one balloon response, at most
 * `maxRanges` ranges: aligned runs of `unit` pages when `unit` > 1, single
 * pages otherwise (the driver's 2 MiB-then-4 KiB rule). Trims the working
 * set first when fewer pages are free than wanted. The pages join the
 * balloon; pinning them is the driver's separate step. Pages in
 * `inUseForIo` (buffers of synthetic I/Os in flight) are never taken.
 */
export function allocBalloon(mm: GuestMemory, want: number, unit: number, maxRanges: number, inUseForIo: readonly number[] = []): BalloonAllocation {
  let next = mm;
  let trimmed = 0;
  const freeNow = freePages(mm).length;
  if (freeNow < want) {
    const t = trim(mm, want - freeNow);
    next = t.mm;
    trimmed = t.trimmed;
  }
  // A page pinned as a synthetic I/O's DMA buffer is in use, not free: the balloon never takes it.
  const busy = new Set(inUseForIo);
  const free = new Set(freePages(next).filter((g) => !busy.has(g)));
  const taken: number[] = [];
  const ranges: PageRange[] = [];
  const units = Math.floor(want / unit);
  for (let g = 0; g < next.visible && ranges.length < Math.min(units, maxRanges); g += unit) {
    let ok = true;
    for (let i = 0; i < unit; i++) if (!free.has(g + i)) ok = false;
    if (!ok) continue;
    for (let i = 0; i < unit; i++) taken.push(g + i);
    ranges.push({ startPage: g, pageCnt: unit });
  }
  const balloon = [...next.balloon, ...taken].sort((a, b) => a - b);
  return { mm: { ...next, balloon }, pages: taken, ranges, trimmed, unit };
}

/** Pins pages in the nonpaged pool (the guest OS then never touches them). */
export const pin = (mm: GuestMemory, pages: readonly number[]): GuestMemory =>
  pages.length === 0 ? mm : { ...mm, pinned: [...new Set([...mm.pinned, ...pages])].sort((a, b) => a - b) };

/** Frees balloon pages back to the guest (deflate): they leave the balloon and the pinned set. */
export function freeBalloon(mm: GuestMemory, pages: readonly number[]): GuestMemory {
  const set = new Set(pages);
  return { ...mm, balloon: mm.balloon.filter((g) => !set.has(g)), pinned: mm.pinned.filter((g) => !set.has(g)) };
}

/** Onlines `n` hot-added pages after the visible ones. */
export const online = (mm: GuestMemory, n: number): GuestMemory => (n === 0 ? mm : { ...mm, visible: mm.visible + n });

/** The status report's figures (hv_balloon.c `post_status`): num_committed counts committed, ballooned and floor pages, num_avail is `si_mem_available()`. */
export const statusFigures = (mm: GuestMemory, floorPages: number): { numCommitted: number; numAvail: number } => ({
  numCommitted: mm.committed + mm.balloon.length + floorPages,
  numAvail: memAvailable(mm),
});

