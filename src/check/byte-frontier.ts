/**
 * The explorer's frontier as bytes: a first-in first-out queue of records
 * (an encoded state, its liveness countdowns, its 64-bit identity hash)
 * packed one after another into large typed-array chunks. A chunk is
 * released once every record in it has been taken, so the frontier holds
 * about one breadth-first level's bytes and no object per state.
 *
 * Record layout: the two 4-byte halves of the hash, a 2-byte length of the
 * encoded state, the countdowns (one byte each, a fixed count per
 * search), then the encoded state.
 */

/** Bytes per chunk. */
const CHUNK = 1 << 18;
/** Header bytes: hash halves and length. */
const HEAD = 10;

const RELEASED = new Uint8Array(0);

/** Bytes a record of a state of `len` bytes with `countdownBytes` countdowns takes. */
export const recordBytes = (len: number, countdownBytes: number): number => HEAD + countdownBytes + len;

/** Writes a record at `c[p..]` (the layout above); returns where it ends. */
export function putRecord(c: Uint8Array, p: number, state: Uint8Array, len: number, countdowns: ArrayLike<number>, countdownBytes: number, hi: number, lo: number): number {
  c[p++] = hi & 0xff;
  c[p++] = (hi >>> 8) & 0xff;
  c[p++] = (hi >>> 16) & 0xff;
  c[p++] = hi >>> 24;
  c[p++] = lo & 0xff;
  c[p++] = (lo >>> 8) & 0xff;
  c[p++] = (lo >>> 16) & 0xff;
  c[p++] = lo >>> 24;
  c[p++] = len & 0xff;
  c[p++] = len >>> 8;
  for (let i = 0; i < countdownBytes; i++) c[p++] = countdowns[i]! & 0xff;
  c.set(state.subarray(0, len), p);
  return p + len;
}

/** Where a record read by `getRecord` goes: its hash halves, countdowns and state (a view into the chunk, valid until the chunks change). */
export class RecordView {
  hi = 0;
  lo = 0;
  readonly countdowns: Int8Array;
  state: Uint8Array = new Uint8Array(0);

  /** `countdownBytes`: the countdown bytes every record carries. */
  constructor(protected readonly countdownBytes: number) {
    this.countdowns = new Int8Array(countdownBytes);
  }
}

/** Reads the record at `c[p..]` into `out`; returns where it ends. */
export function getRecord(c: Uint8Array, p: number, out: RecordView): number {
  out.hi = (c[p]! | (c[p + 1]! << 8) | (c[p + 2]! << 16) | (c[p + 3]! << 24)) >>> 0;
  out.lo = (c[p + 4]! | (c[p + 5]! << 8) | (c[p + 6]! << 16) | (c[p + 7]! << 24)) >>> 0;
  const len = c[p + 8]! | (c[p + 9]! << 8);
  p += HEAD;
  const cd = out.countdowns;
  for (let i = 0; i < cd.length; i++) cd[i] = (c[p++]! << 24) >> 24;
  out.state = c.subarray(p, p + len);
  return p + len;
}

/** A FIFO of encoded states in typed-array chunks; the last record taken is in the fields it has as a `RecordView`. */
export class ByteFrontier extends RecordView {
  /** Chunks in order from the one being read; the bytes written into each. */
  private chunks: Uint8Array[] = [];
  private ends: number[] = [];
  private first = 0;
  private readAt = 0;
  private count = 0;
  private live = 0;
  private peak = 0;

  /** Records waiting. */
  get size(): number {
    return this.count;
  }

  /** The most bytes the chunks held at once. */
  get peakBytes(): number {
    return this.peak;
  }

  /** Appends a record: the state's bytes `state[0..len)`. */
  push(state: Uint8Array, len: number, countdowns: Int8Array, hi: number, lo: number): void {
    if (len > 0xffff) throw new RangeError(`an encoded state of ${len} bytes is beyond the frontier's 65535`);
    const need = recordBytes(len, this.countdownBytes);
    let last = this.chunks.length - 1;
    let c = this.chunks[last];
    if (c === undefined || this.ends[last]! + need > c.length) {
      c = new Uint8Array(Math.max(CHUNK, need));
      this.chunks.push(c);
      this.ends.push(0);
      last++;
      this.live += c.length;
      if (this.live > this.peak) this.peak = this.live;
    }
    this.ends[last] = putRecord(c, this.ends[last]!, state, len, countdowns, this.countdownBytes, hi, lo);
    this.count++;
  }

  /** Takes the oldest record into `hi`, `lo`, `countdowns` and `state`. */
  shift(): void {
    if (this.count === 0) throw new RangeError('the frontier is empty');
    // Past the last record of a chunk, the next record starts the next chunk.
    while (this.readAt === this.ends[this.first]) this.release();
    this.readAt = getRecord(this.chunks[this.first]!, this.readAt, this);
    this.count--;
  }

  private release(): void {
    this.live -= this.chunks[this.first]!.length;
    this.chunks[this.first] = RELEASED;
    this.first++;
    this.readAt = 0;
    if (this.first >= 16) {
      this.chunks = this.chunks.slice(this.first);
      this.ends = this.ends.slice(this.first);
      this.first = 0;
    }
  }
}
