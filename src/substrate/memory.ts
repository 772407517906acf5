/**
 * Machine memory: the hypervisor's record of every 4 KiB frame (who holds
 * it, what it contains) and the free list of Available Memory.
 *
 * The free list is kept as its own ledger, as a real allocator keeps it, so
 * that a frame marked free but never put back on the list (a lost page) or
 * put back twice is visible to the `frames-conserved` invariant.
 * All functions are pure: they return a new Memory and never mutate.
 */
import type { Content, Holder } from './ids.js';

/** 512 frames of 4 KiB make one 2 MiB large page. */
export const FRAMES_PER_LARGE_PAGE = 512;

/** Machine memory: holder and content per frame, and the free list. */
export interface Memory {
  /** Holder of each frame, indexed by frame number. */
  readonly holder: readonly Holder[];
  /** Content label of each frame, indexed by frame number. */
  readonly content: readonly Content[];
  /** The free list, in allocation order (lowest frame first). */
  readonly free: readonly number[];
}

/**
 * Boot-time memory: frames [0, hypervisorFrames) reserved, the next
 * rootFrames held by the root, the rest on the free list. Free frames are
 * not zeroed at boot: handing one out unscrubbed leaks the hypervisor's data.
 */
export function bootMemory(frames: number, hypervisorFrames: number, rootFrames: number): Memory {
  const holder: Holder[] = [];
  const content: Content[] = [];
  const free: number[] = [];
  for (let f = 0; f < frames; f++) {
    if (f < hypervisorFrames) {
      holder.push('hypervisor');
      content.push('hypervisor');
    } else if (f < hypervisorFrames + rootFrames) {
      holder.push('root');
      content.push('root');
    } else {
      // Not scrubbed since boot: whatever the hypervisor's boot code left there.
      holder.push('free');
      content.push('hypervisor');
      free.push(f);
    }
  }
  return { holder, content, free };
}

/** `framesHeldBy` of each holder asked, per frame table seen (frame tables are never changed once built). */
const HELD = new WeakMap<readonly Holder[], Map<Holder, readonly number[]>>();

/** Frames currently held by `h`, ascending (one frozen list per frame table and holder: most steps leave the frame table alone). */
export function framesHeldBy(mem: Memory, h: Holder): readonly number[] {
  let byHolder = HELD.get(mem.holder);
  if (byHolder === undefined) HELD.set(mem.holder, (byHolder = new Map()));
  let frames = byHolder.get(h);
  if (frames === undefined) {
    const out: number[] = [];
    const holder = mem.holder;
    for (let f = 0; f < holder.length; f++) if (holder[f] === h) out.push(f);
    byHolder.set(h, (frames = Object.freeze(out)));
  }
  return frames;
}

/** Sets the holder of each frame to `h`. */
export function setHolder(mem: Memory, frames: readonly number[], h: Holder): Memory {
  if (frames.length === 0) return mem;
  const holder = mem.holder.slice();
  for (const f of frames) holder[f] = h;
  return { ...mem, holder };
}

/** Zeroes the content of each frame (the scrub the TLFS does when memory changes owner). */
export function scrub(mem: Memory, frames: readonly number[]): Memory {
  if (frames.length === 0) return mem;
  const content = mem.content.slice();
  for (const f of frames) content[f] = 'zero';
  return { ...mem, content };
}

/** Records that `by` wrote to `frame`. */
export function writeFrame(mem: Memory, frame: number, by: Content): Memory {
  if (mem.content[frame] === by) return mem;
  const content = mem.content.slice();
  content[frame] = by;
  return { ...mem, content };
}

/** Records that `by` wrote to each of `frames`. */
export function writeFrames(mem: Memory, frames: readonly number[], by: Content): Memory {
  let content: Content[] | undefined;
  for (const f of frames) {
    if (mem.content[f] === by) continue;
    content ??= mem.content.slice();
    content[f] = by;
  }
  return content ? { ...mem, content } : mem;
}

/** Takes the first `n` frames off the free list, or null when fewer are free. */
export function takeFree(mem: Memory, n: number): { mem: Memory; frames: number[] } | null {
  if (n > mem.free.length) return null;
  return { mem: { ...mem, free: mem.free.slice(n) }, frames: mem.free.slice(0, n) };
}

/** The 2 MiB run (index) a frame belongs to. */
export const runOf = (frame: number): number => Math.floor(frame / FRAMES_PER_LARGE_PAGE);

/** Indexes of the 2 MiB runs whose 512 frames are all on the free list, ascending. */
export function freeRuns(mem: Memory): number[] {
  const count = new Map<number, number>();
  for (const f of mem.free) count.set(runOf(f), (count.get(runOf(f)) ?? 0) + 1);
  return [...count].filter(([, n]) => n === FRAMES_PER_LARGE_PAGE).map(([r]) => r).sort((a, b) => a - b);
}

/**
 * Takes `n` frames off the free list, whole 2 MiB runs first (lowest run
 * first) and the remainder as 4 KiB frames from the lowest free frames
 * outside those runs. Null when fewer than `n` frames are free.
 */
export function takeFreeLarge(mem: Memory, n: number): { mem: Memory; frames: number[] } | null {
  if (n > mem.free.length) return null;
  const runs = freeRuns(mem).slice(0, Math.floor(n / FRAMES_PER_LARGE_PAGE));
  const chosen = new Set<number>();
  for (const r of runs) for (let i = 0; i < FRAMES_PER_LARGE_PAGE; i++) chosen.add(r * FRAMES_PER_LARGE_PAGE + i);
  for (const f of mem.free) {
    if (chosen.size >= n) break;
    if (!runs.includes(runOf(f))) chosen.add(f);
  }
  const frames = [...chosen].sort((a, b) => a - b);
  return { mem: { ...mem, free: mem.free.filter((f) => !chosen.has(f)) }, frames };
}

/** Puts frames back on the free list (kept sorted, so allocation is deterministic). */
export function pushFree(mem: Memory, frames: readonly number[]): Memory {
  if (frames.length === 0) return mem;
  const free = [...mem.free, ...frames].sort((a, b) => a - b);
  return { ...mem, free };
}
