/**
 * A hash-consing table of int32 sequences: each distinct sequence gets a
 * small id (1, 2, ... in order of first sight), equal sequences the same
 * one. Sequences are built on a stack (`open`, `push`, `close`), so one
 * may be built while another is open (a child value's content while its
 * parent's is half written); `close` interns the top one and pops it.
 *
 * Open addressing with linear probing over a power-of-two slot array; each
 * slot holds an id whose sequence lives in one growing arena. Nothing is
 * ever removed: a table lives as long as one search.
 */
export class InternTable {
  /** The stack sequences are built on. */
  stack = new Int32Array(1 << 10);
  top = 0;
  /** Whether the last `close` made a new id. */
  fresh = false;
  private slots = new Int32Array(1 << 10);
  private mask = (1 << 10) - 1;
  private arena = new Int32Array(1 << 12);
  private used = 0;
  /** Per id: where its sequence starts in the arena, and its length (index 0 unused). */
  private starts: number[] = [0];
  private lens: number[] = [0];

  /** Ids given so far. */
  get size(): number {
    return this.starts.length - 1;
  }

  /** Starts a sequence: returns where it starts on the stack. */
  open(): number {
    return this.top;
  }

  /** Appends a word to the open sequence. */
  push(x: number): void {
    if (this.top === this.stack.length) {
      const s = new Int32Array(this.stack.length * 2);
      s.set(this.stack);
      this.stack = s;
    }
    this.stack[this.top++] = x;
  }

  /** Interns the sequence from `start` to the top of the stack, pops it, and returns its id. */
  close(start: number): number {
    const st = this.stack;
    const n = this.top - start;
    let slot = hashWords(st, start, this.top) & this.mask;
    const a = this.arena;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === 0) break;
      if (this.lens[id] === n) {
        const at = this.starts[id]!;
        let same = true;
        for (let i = 0; i < n; i++)
          if (a[at + i] !== st[start + i]) {
            same = false;
            break;
          }
        if (same) {
          this.top = start;
          this.fresh = false;
          return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.starts.length;
    if (this.used + n > this.arena.length) {
      const grown = new Int32Array(Math.max(this.arena.length * 2, this.used + n));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(st.subarray(start, this.top), this.used);
    this.starts.push(this.used);
    this.lens.push(n);
    this.used += n;
    this.slots[slot] = id;
    this.top = start;
    this.fresh = true;
    if (id * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const a = this.arena;
    for (let id = 1; id < this.starts.length; id++) {
      const at = this.starts[id]!;
      let slot = hashWords(a, at, at + this.lens[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A 32-bit murmur-style hash of the words `a[from..to)`. */
function hashWords(a: Int32Array, from: number, to: number): number {
  let h = 0x9747b28c ^ (to - from);
  for (let i = from; i < to; i++) {
    let k = Math.imul(a[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
