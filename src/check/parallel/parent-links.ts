/**
 * The parent links of a search over threads: per state number, its
 * parent's number and the index of the op that reached it, in chunked
 * typed arrays (8 bytes a state). The path to a state is read back by
 * following the parents to the initial state.
 */

const SHIFT = 12;
const CHUNK = 1 << SHIFT;

/** Parent links by state number. */
export class ParentLinks {
  private parents: Int32Array[] = [];
  private vias: Int32Array[] = [];
  private count = 0;

  /** Links the next state number to `parent` (-1 for the initial state) by op `via`. */
  add(parent: number, via: number): void {
    const c = this.count >>> SHIFT;
    if (c === this.parents.length) {
      this.parents.push(new Int32Array(CHUNK));
      this.vias.push(new Int32Array(CHUNK));
    }
    this.parents[c]![this.count & (CHUNK - 1)] = parent;
    this.vias[c]![this.count & (CHUNK - 1)] = via;
    this.count++;
  }

  /** States linked. */
  get size(): number {
    return this.count;
  }

  /** The op indices from the initial state to state `n`, first op first. */
  pathTo(n: number): number[] {
    if (n < 0 || n >= this.count) throw new RangeError(`state ${n} has no recorded parent`);
    const out: number[] = [];
    for (let k = n; ; ) {
      const p = this.parents[k >>> SHIFT]![k & (CHUNK - 1)]!;
      if (p < 0) break;
      out.push(this.vias[k >>> SHIFT]![k & (CHUNK - 1)]!);
      k = p;
    }
    return out.reverse();
  }

  /** Bytes the links hold. */
  get bytes(): number {
    return this.parents.length * CHUNK * 8;
  }
}
