/**
 * One thread's share of a breadth-first level: records (a state's 64-bit
 * hash, its liveness countdowns, its encoded bytes) packed into large
 * typed-array chunks, read by position. A thread expands its share in
 * order, and hands a run of records at either end to another thread when
 * the shares are evened out. A record is laid out as the byte frontier's
 * (`byte-frontier.ts`).
 */

import { RecordView, getRecord, putRecord, recordBytes } from '../byte-frontier.js';

/** Bytes per chunk. */
const CHUNK = 1 << 18;

/** A list of encoded states; the last record read is in the fields it has as a `RecordView`. */
export class LevelList extends RecordView {
  private chunks: Uint8Array[] = [];
  private used = 0;
  /** Per record: its chunk and offset. */
  private at = new Int32Array(1024);
  private chunkOf = new Int32Array(1024);
  private count = 0;

  /** Records held. */
  get size(): number {
    return this.count;
  }

  /** Bytes the chunks hold. */
  get bytes(): number {
    return this.chunks.length * CHUNK + this.at.byteLength * 2;
  }

  /** Appends a record: the state's bytes `state[0..len)`. */
  push(state: Uint8Array, len: number, countdowns: ArrayLike<number>, hi: number, lo: number): void {
    if (len > 0xffff) throw new RangeError(`an encoded state of ${len} bytes is beyond the level's 65535`);
    const need = recordBytes(len, this.countdownBytes);
    let c = this.chunks[this.chunks.length - 1];
    if (c === undefined || this.used + need > c.length) {
      c = new Uint8Array(Math.max(CHUNK, need));
      this.chunks.push(c);
      this.used = 0;
    }
    if (this.count === this.at.length) {
      const a = new Int32Array(this.count * 2);
      a.set(this.at);
      this.at = a;
      const k = new Int32Array(this.count * 2);
      k.set(this.chunkOf);
      this.chunkOf = k;
    }
    this.at[this.count] = this.used;
    this.chunkOf[this.count] = this.chunks.length - 1;
    this.count++;
    this.used = putRecord(c, this.used, state, len, countdowns, this.countdownBytes, hi, lo);
  }

  /** Reads record `i` into `hi`, `lo`, `countdowns` and `state`. */
  read(i: number): void {
    if (i < 0 || i >= this.count) throw new RangeError(`record ${i} of ${this.count}`);
    getRecord(this.chunks[this.chunkOf[i]!]!, this.at[i]!, this);
  }

  /** Appends records `from..to` of `other` (a list with the same countdowns). */
  append(other: LevelList, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      other.read(i);
      this.push(other.state, other.state.length, other.countdowns, other.hi, other.lo);
    }
  }
}
