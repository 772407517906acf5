/**
 * Byte vectors for state codecs: a growing writer of bytes and varints
 * (reused between encodings, so an encoding allocates nothing), a varint
 * reader, a 64-bit hash of a byte range, and the lexicographic order.
 */

/** An append-only byte buffer (reused between encodings). */
export class ByteWriter {
  buf = new Uint8Array(1 << 10);
  length = 0;

  /** Empties the buffer (keeps its memory). */
  reset(): void {
    this.length = 0;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends an unsigned 32-bit integer as a little-endian base-128 varint. */
  varint(n: number): void {
    this.room(5);
    n >>>= 0;
    while (n >= 0x80) {
      this.buf[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.length++] = n;
  }

  /** Appends an unsigned 32-bit integer, most significant byte first (so bytes order as the numbers do). */
  u32(n: number): void {
    this.room(4);
    const b = this.buf;
    b[this.length++] = n >>> 24;
    b[this.length++] = (n >>> 16) & 0xff;
    b[this.length++] = (n >>> 8) & 0xff;
    b[this.length++] = n & 0xff;
  }

  /** Appends one byte. */
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Appends `b[from..to)`. */
  bytes(b: Uint8Array, from = 0, to = b.length): void {
    this.room(to - from);
    this.buf.set(b.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** A copy of what was written. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads varints from bytes. */
export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Whether every byte was read. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next varint. */
  varint(): number {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= this.buf.length) throw new RangeError('encoded state ends early');
      const b = this.buf[this.pos++]!;
      n |= (b & 0x7f) << shift;
      if (b < 0x80) return n >>> 0;
      if (shift > 28) throw new RangeError('encoded state has a varint longer than 32 bits');
    }
  }
}

/** Lexicographic order of `a[0..an)` and `b[0..bn)`: negative, zero or positive. */
export function compareBytes(a: Uint8Array, an: number, b: Uint8Array, bn: number): number {
  const n = Math.min(an, bn);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return an - bn;
}

/** 64-bit hash of `b[from..to)` (two 32-bit murmur-style lanes), written to `out[0]`, `out[1]`. */
export function hashBytes(b: Uint8Array, from: number, to: number, out: Uint32Array): void {
  let h1 = 0x9747b28c ^ (to - from);
  let h2 = 0x85ebca6b ^ (to - from);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const k = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    h1 = mix(h1, k, 0xcc9e2d51, 0x1b873593);
    h2 = mix(h2, k, 0x1b873593, 0xcc9e2d51);
  }
  let k = 0;
  for (let s = 0; i < to; i++, s += 8) k |= b[i]! << s;
  h1 = mix(h1, k, 0xcc9e2d51, 0x1b873593);
  h2 = mix(h2, k ^ 0x5bd1e995, 0x1b873593, 0xcc9e2d51);
  out[0] = fmix32(h1 ^ h2) >>> 0;
  out[1] = fmix32(h2 ^ Math.imul(h1, 0x27d4eb2f)) >>> 0;
}

const mix = (h: number, k: number, c1: number, c2: number): number => {
  k = Math.imul(k, c1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, c2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
};

const fmix32 = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};
