/**
 * The explorer's visited set and parent links, in typed arrays.
 *
 * - Fingerprints: open addressing with linear probing over one Uint32Array
 *   of (hi, lo) pairs; the all-zero pair marks an empty slot (a real zero
 *   fingerprint is stored as (0, 1)). It doubles when more than 3/4 full.
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
  private mask: number;
  private used = 0;
  /** Per state: index of the op that reached it in its parent's op list. */
  private readonly via = new ByteColumn();
  /** Per expanded state: how many new states its expansion added. */
  private readonly children = new ByteColumn();

  constructor(initialCapacity = 1 << 12) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.table = new Uint32Array(cap * 2);
    this.mask = cap - 1;
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
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = t[2 * i]!;
      const l = t[2 * i + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return -1;
      i = (i + 1) & this.mask;
    }
    t[2 * i] = hi;
    t[2 * i + 1] = lo;
    const n = this.used++;
    this.via.push(viaOp);
    if (this.used * 4 > (this.mask + 1) * 3) this.grow();
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
    const cap = (this.mask + 1) * 2;
    this.table = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    const t = this.table;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
      while (t[2 * i] !== 0 || t[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      t[2 * i] = hi;
      t[2 * i + 1] = lo;
    }
  }
}
