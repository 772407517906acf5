/**
 * The hash primitives of fingerprints: tags for each kind of value, two
 * independent murmur3-style 32-bit lanes, the final mix, and string hashes.
 */

/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}


/** Seed of an array's hash. */
export const TAG_ARRAY = 0x9e3779b1;
/** Seed of a record's hash. */
export const TAG_RECORD = 0x85ebca77;
/** Seed of a string's hash. */
export const TAG_STRING = 0xc2b2ae3d;
/** Seed of a 32-bit integer's hash. */
export const TAG_NUMBER = 0x27d4eb2f;
/** Hash of `true`. */
export const TAG_TRUE = 0x165667b1;
/** Hash of `false`. */
export const TAG_FALSE = 0xd3a2646c;
/** Hash of `null`. */
export const TAG_NULL = 0xfd7046c5;
/** Hash of `undefined`. */
export const TAG_UNDEF = 0xb55a4f09;

/** One step of the first murmur3-style 32-bit lane. */
export const mixA = (h: number, k: number): number => {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
};

/** One step of the second lane (other constants and rotations). */
export const mixB = (h: number, k: number): number => {
  k = Math.imul(k, 0x85ebca6b);
  k = (k << 13) | (k >>> 19);
  h ^= Math.imul(k, 0xc2b2ae35);
  h = (h << 17) | (h >>> 15);
  return (Math.imul(h, 9) + 0x52dce729) | 0;
};

/** The murmur3 finaliser. */
export const fmix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** Both lanes of a string's hash. */
export function stringLanes(t: string): Int32Array {
  let a = TAG_STRING;
  let b = TAG_STRING ^ 0x7f4a7c15;
  for (let i = 0; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    a = mixA(a, ch);
    b = mixB(b, ch);
  }
  return new Int32Array([fmix(mixA(a, t.length)), fmix(mixB(b, t.length))]);
}
