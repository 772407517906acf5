/**
 * The visited set of a search split over threads: 64-bit state hashes in
 * a `SharedArrayBuffer`, inserted with atomic operations by every thread.
 *
 * A slot is four int32 words: a state word (0 empty, 1 being written, 2
 * written), the two halves of the hash, and the level the state was first
 * reached at with the least thread that reached it there
 * (`level << 8 | thread`). A thread claims an empty slot by compare and
 * exchange, writes the hash and publishes it; a thread that finds the
 * hash lowers the thread number, when it is its own level and a lesser
 * thread, by compare and exchange. Open addressing with linear probing
 * over a power-of-two table. Word 0 of the buffer counts the states.
 *
 * The table does not grow while threads insert: the caller grows it
 * (`grown`) between levels, or after every thread paused (`full` tells a
 * thread to ask for it).
 */

/** Words per slot. */
const SLOT = 4;
/** Header words before the first slot (the count, padded). */
const HEAD = 4;
/** A thread asks for a bigger table, before its next state, once the table is this full. */
export const PAUSE_LOAD = 0.75;
/** A thread asks for one before its next op once the table is this full (a state with hundreds of ops); the rest of the table is room for one more state from each thread (the search makes the table large enough for that). */
export const HARD_LOAD = 0.9;

/** What an insert found: a new state (this thread reached it first), one this thread now is the least to reach at this level (`LOWERED`), one reached at this level by this thread or a lesser one (`SAME_LEVEL`), one reached at an earlier level (`OLD`). */
export const NEW = 0;
export const LOWERED = 1;
export const SAME_LEVEL = 2;
export const OLD = 3;
export type Insert = typeof NEW | typeof LOWERED | typeof SAME_LEVEL | typeof OLD;

/** The shared visited set (each thread wraps the same buffer). */
export class SharedVisited {
  readonly words: Int32Array;
  private readonly mask: number;

  /** Wraps `buffer` (from `SharedVisited.create` or `grown`). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
    this.mask = (this.words.length - HEAD) / SLOT - 1;
  }

  /** A new empty table of `2^bits` slots. */
  static create(bits: number): SharedVisited {
    return new SharedVisited(new SharedArrayBuffer((HEAD + SLOT * 2 ** bits) * 4));
  }

  /** Slots in the table. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** States stored. */
  get size(): number {
    return Atomics.load(this.words, 0);
  }

  /** Bytes the table holds. */
  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** Whether a thread should pause and ask for a bigger table before its next state. */
  get full(): boolean {
    return this.size > this.capacity * PAUSE_LOAD;
  }

  /** Whether a thread must pause before its next op (see `HARD_LOAD`). */
  get nearlyFull(): boolean {
    return this.size > this.capacity * HARD_LOAD;
  }

  /**
   * Inserts the hash (`hi`, `lo`) reached at `level` by `thread`: whether
   * it is new, lowered, or seen before. A zero hash is stored as (0, 1).
   */
  insert(hi: number, lo: number, level: number, thread: number): Insert {
    hi |= 0;
    lo = hi === 0 && lo === 0 ? 1 : lo | 0;
    const w = this.words;
    const mask = this.mask;
    const mine = (level << 8) | thread;
    let i = ((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) & mask;
    for (;;) {
      const at = HEAD + i * SLOT;
      let st = Atomics.load(w, at);
      if (st === 0) {
        st = Atomics.compareExchange(w, at, 0, 1);
        if (st === 0) {
          w[at + 1] = hi;
          w[at + 2] = lo;
          w[at + 3] = mine;
          Atomics.store(w, at, 2);
          Atomics.add(w, 0, 1);
          return NEW;
        }
      }
      while (st === 1) st = Atomics.load(w, at);
      if (w[at + 1] === hi && w[at + 2] === lo) {
        for (;;) {
          const m = Atomics.load(w, at + 3);
          if (m >> 8 !== level) return OLD;
          if ((m & 0xff) <= thread) return SAME_LEVEL;
          if (Atomics.compareExchange(w, at + 3, m, mine) === m) return LOWERED;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** The least thread that reached (`hi`, `lo`) at its level, or -1 when it is not stored. */
  owner(hi: number, lo: number): number {
    hi |= 0;
    lo = hi === 0 && lo === 0 ? 1 : lo | 0;
    const w = this.words;
    let i = ((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) & this.mask;
    for (;;) {
      const at = HEAD + i * SLOT;
      if (Atomics.load(w, at) === 0) return -1;
      if (w[at + 1] === hi && w[at + 2] === lo) return Atomics.load(w, at + 3) & 0xff;
      i = (i + 1) & this.mask;
    }
  }

  /** A table of `2^bits` slots holding every state of this one (no thread may insert meanwhile); without those first reached at level `dropLevel`, when given. */
  grown(bits: number, dropLevel = -1): SharedVisited {
    const next = SharedVisited.create(bits);
    const from = this.words;
    const to = next.words;
    const mask = next.mask;
    for (let at = HEAD; at < from.length; at += SLOT) {
      if (from[at] !== 2 || from[at + 3]! >> 8 === dropLevel) continue;
      const hi = from[at + 1]!;
      const lo = from[at + 2]!;
      let i = ((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) & mask;
      while (to[HEAD + i * SLOT] !== 0) i = (i + 1) & mask;
      const t = HEAD + i * SLOT;
      to[t] = 2;
      to[t + 1] = hi;
      to[t + 2] = lo;
      to[t + 3] = from[at + 3]!;
      to[0]!++;
    }
    return next;
  }
}
