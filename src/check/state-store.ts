/**
 * The explorer's visited set and parent links, in typed arrays.
 *
 * - Fingerprints: open addressing with linear probing over one Uint32Array
 *   of (hi, lo) pairs; the all-zero pair marks an empty slot (a real zero
 *   fingerprint is stored as (0, 1)). It grows by half when more than 80%
 *   full, so it stays between 53% and 80% full: 10-15 bytes per state.
 * - Parent links: states are numbered in discovery order, and breadth-first
 *   search expands them in that order, so the parent of every state is
 *   known from how many new states each expanded state produced. The store
 *   keeps, per state, that count and the index (in the parent's enabled-op
 *   list) of the op that reached it: one byte each, with the rare larger
 *   value kept in a side map. The path to a state is rebuilt once, by a
 *   prefix sum, when a counterexample is printed.
 *
 * `bytes()` is the memory the store holds, for the benchmark.
 */
import type { Fingerprint } from './fingerprint.js';

/** The table grows by half when more than 80% full, so it is 53-80% full. */
const MAX_LOAD = 0.8;
const GROWTH = 1.5;

/** The home slot of a fingerprint in a table of `cap` slots (the mixed hash scaled to [0, cap)). */
const home = (hi: number, lo: number, cap: number): number => Math.floor((((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) / 4294967296) * cap);

const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const BIG = 255;

/** A growable array of small counts: one byte each, larger values in a side map. */
class ByteColumn {
  private chunks: Uint8Array[] = [];
  private big = new Map<number, number>();
  length = 0;

  push(v: number): void {
    const c = this.length >>> SHIFT;
    if (c === this.chunks.length) this.chunks.push(new Uint8Array(CHUNK));
    this.set(this.length++, v);
  }

  set(i: number, v: number): void {
    if (v >= BIG) {
      this.big.set(i, v);
      v = BIG;
    } else if (this.chunks[i >>> SHIFT]![i & (CHUNK - 1)] === BIG) this.big.delete(i);
    this.chunks[i >>> SHIFT]![i & (CHUNK - 1)] = v;
  }

  get(i: number): number {
    const v = this.chunks[i >>> SHIFT]![i & (CHUNK - 1)]!;
    return v === BIG ? this.big.get(i)! : v;
  }

  bytes(): number {
    return this.chunks.length * CHUNK + this.big.size * 16;
  }
}

/** The visited set with parent links. */
export class StateStore {
  private table: Uint32Array;
  /** Slots in the table (any size: a slot is picked by scaling the hash, not masking it). */
  private cap: number;
  private used = 0;
  /** Per state: index of the op that reached it in its parent's op list. */
  private readonly via = new ByteColumn();
  /** Per expanded state: how many new states its expansion added. */
  private readonly children = new ByteColumn();

  constructor(initialCapacity = 1 << 12) {
    this.cap = Math.max(16, initialCapacity);
    this.table = new Uint32Array(this.cap * 2);
  }

  /** States stored. */
  get size(): number {
    return this.used;
  }

  /**
   * Adds a fingerprint; returns its new state number, or -1 when it was
   * already there. `viaOp` is the op's index in the parent's op list.
   */
  add(fp: Fingerprint, viaOp: number): number {
    const hi = fp.hi >>> 0;
    const lo = hi === 0 && fp.lo === 0 ? 1 : fp.lo >>> 0;
    const t = this.table;
    const cap = this.cap;
    let i = home(hi, lo, cap);
    for (;;) {
      const h = t[2 * i]!;
      const l = t[2 * i + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return -1;
      if (++i === cap) i = 0;
    }
    t[2 * i] = hi;
    t[2 * i + 1] = lo;
    const n = this.used++;
    this.via.push(viaOp);
    if (this.used > this.cap * MAX_LOAD) this.grow();
    return n;
  }

  /** Records how many new states the expansion of the next state (in order) added. */
  expanded(newStates: number): void {
    this.children.push(newStates);
  }

  /** The op indices from the initial state (state 0) to state `n`, first op first. */
  pathTo(n: number): number[] {
    // parent(k) = the expanded state whose children's range contains k.
    const parents = new Int32Array(n + 1).fill(-1);
    let next = 1;
    for (let p = 0; p < this.children.length && next <= n; p++) {
      const c = this.children.get(p);
      for (let j = 0; j < c && next <= n; j++) parents[next++] = p;
    }
    const out: number[] = [];
    for (let k = n; k > 0; k = parents[k]!) {
      if (parents[k]! < 0) throw new Error(`state ${k} has no recorded parent`);
      out.push(this.via.get(k));
    }
    return out.reverse();
  }

  /** Bytes held by the table and the parent columns. */
  bytes(): number {
    return this.table.byteLength + this.via.bytes() + this.children.bytes();
  }

  private grow(): void {
    const old = this.table;
    const cap = Math.ceil(this.cap * GROWTH);
    this.table = new Uint32Array(cap * 2);
    this.cap = cap;
    const t = this.table;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = home(hi, lo, cap);
      while (t[2 * i] !== 0 || t[2 * i + 1] !== 0) if (++i === cap) i = 0;
      t[2 * i] = hi;
      t[2 * i + 1] = lo;
    }
  }
}
