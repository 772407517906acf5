/**
 * 64-bit fingerprints of a System's identity: everything but `world` and
 * `deferralWaits` (the latency history of deferred interrupts), walked generically so a field a new subsystem adds to the
 * System is covered without edits here.
 *
 * The fingerprint is a Merkle hash over the plain data: each array and
 * record hashes its children, and the result is cached by object identity
 * (a non-enumerable symbol property on the object, invisible to JSON,
 * spreads, `Object.keys` and equality checks; a WeakMap for frozen
 * objects). `step` shares every sub-object it does not change, so a new
 * state costs only the objects on the path to what changed. Records hash
 * their entries order-independently (a sum of per-entry hashes), so two
 * records with the same entries built in different orders are the same
 * state; arrays hash in order. `undefined` entries count as absent.
 *
 * A `Renaming` maps partition ids to other ids (for symmetry reduction):
 * every string equal to an id, or ending in `:id` (`partition:p1`,
 * `pool:p1`), is hashed as the renamed string. Each renaming has its own
 * caches.
 *
 * The two 32-bit halves come from two independent murmur-style lanes
 * (`hash-mix.ts`). `Hasher` hashes under one renaming; the explorer uses
 * `LaneHasher` (`lane-hash.ts`), which gives the same value as a `Hasher`
 * for each of several renamings in one walk and shares its caches.
 */

export type { Fingerprint } from '../engine/hash-mix.js';

/** Top-level System fields that are not part of a state's identity. */
export const NOT_IDENTITY: ReadonlySet<string> = new Set(['world', 'deferralWaits']);

/**
 * True when two Systems hold the very same object (or value) in every
 * identity field: then every fingerprint of one is a fingerprint of the
 * other, under every renaming (a step that changed only `deferralWaits`,
 * such as a tick with nobody to wake while an interrupt stays deferred).
 */
export function sameIdentity(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (NOT_IDENTITY.has(k)) continue;
    if (ra[k] !== rb[k]) return false;
    n++;
  }
  for (const k in rb) if (!NOT_IDENTITY.has(k)) n--;
  return n === 0;
}

/** Renames partition ids inside strings; `null` leaves every string as it is. */
export type Renaming = ReadonlyMap<string, string> | null;

import { TAG_ARRAY, TAG_RECORD, TAG_NUMBER, TAG_TRUE, TAG_FALSE, TAG_NULL, TAG_UNDEF, mixA, mixB, fmix, stringLanes } from '../engine/hash-mix.js';
import type { Fingerprint } from '../engine/hash-mix.js';

/** A cached object hash: the two lanes. */
type CachedHash = readonly [number, number];

/** Objects whose hash takes at most this many values are not cached. */
export const CACHE_MIN_WORK = 2;

/** The caches of one renaming. */
interface Cache {
  /** This renaming's slot in each object's hash list. */
  readonly slot: number;
  /** Objects that cannot carry the slot (frozen ones). */
  readonly objects: WeakMap<object, CachedHash>;
  readonly strings: Map<string, Int32Array>;
  readonly renaming: Renaming;
}

/**
 * One slot per distinct renaming, shared by every Hasher: an object's
 * hash under a renaming is a function of its (immutable) content, so it
 * is valid for as long as the object lives, whichever run computed it.
 * Each object keeps one list of hashes (two lanes per slot) under one
 * symbol, so symmetry adds no second property per object.
 */
const SLOTS = new Map<string, number>();
/** The slot of a renaming in every object's hash list (one per distinct renaming, process-wide). */
export const slotFor = (r: Renaming): number => {
  const key = r ? [...r].map(([a, b]) => `${a}>${b}`).sort().join(',') : '';
  let s = SLOTS.get(key);
  if (s === undefined) SLOTS.set(key, (s = SLOTS.size));
  return s;
};
/** The property every hashed object carries its hashes under: two lanes per renaming slot. */
export const HASHES = Symbol('hvspec.fingerprint');
const STRINGS = new Map<number, Map<string, Int32Array>>();

/** A hasher: its caches live as long as it does (one per explorer run and renaming). */
export class Hasher {
  private readonly c: Cache;
  // The result of the last hash, as two lanes (avoids allocating a pair per value).
  private a = 0;
  private b = 0;
  /** Values hashed so far (decides which objects are worth caching). */
  private work = 0;

  constructor(renaming: Renaming = null) {
    const slot = slotFor(renaming);
    let strings = STRINGS.get(slot);
    if (!strings) STRINGS.set(slot, (strings = new Map()));
    this.c = { slot, objects: new WeakMap(), strings, renaming };
  }

  /** The fingerprint of a System, leaving out `world` and `deferralWaits`; `extra` words (liveness countdowns) are mixed in. */
  system(sys: object, extra?: ArrayLike<number>): Fingerprint {
    let sa = 0;
    let sb = 0;
    const rec = sys as Record<string, unknown>;
    for (const k in rec) {
      if (NOT_IDENTITY.has(k)) continue;
      const v = rec[k];
      if (v === undefined) continue;
      this.entry(k, v);
      sa = (sa + this.a) | 0;
      sb = (sb + this.b) | 0;
    }
    let ha = mixA(TAG_RECORD, sa);
    let hb = mixB(TAG_RECORD, sb);
    if (extra) for (let i = 0; i < extra.length; i++) {
      ha = mixA(ha, extra[i]! | 0);
      hb = mixB(hb, extra[i]! | 0);
    }
    return { hi: fmix(ha) >>> 0, lo: fmix(hb ^ 0x5bd1e995) >>> 0 };
  }

  /** Hash of one record entry, left in a/b. */
  private entry(k: string, v: unknown): void {
    this.str(k);
    const ka = this.a;
    const kb = this.b;
    this.value(v);
    this.a = fmix(mixA(mixA(0x3c6ef372, ka), this.a));
    this.b = fmix(mixB(mixB(0xa54ff53a, kb), this.b));
  }

  private str(s: string): void {
    let h = this.c.strings.get(s);
    if (!h) {
      const r = this.c.renaming;
      const t = r ? rename(s, r) : s;
      h = stringLanes(t);
      this.c.strings.set(s, h);
    }
    this.a = h[0]!;
    this.b = h[1]!;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.str(v);
        return;
      case 'number':
        if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
          this.a = mixA(TAG_NUMBER, v);
          this.b = mixB(TAG_NUMBER, v);
        } else this.str(`#${v}`);
        return;
      case 'boolean':
        this.a = this.b = v ? TAG_TRUE : TAG_FALSE;
        return;
      case 'undefined':
        this.a = this.b = TAG_UNDEF;
        return;
      case 'object':
        if (v === null) {
          this.a = this.b = TAG_NULL;
          return;
        }
        this.object(v);
        return;
      default:
        throw new TypeError(`cannot fingerprint a ${typeof v}: the System must be plain data`);
    }
  }

  private object(o: object): void {
    const at = 2 * this.c.slot;
    const list = (o as Record<symbol, number[] | undefined>)[HASHES];
    if (list !== undefined) {
      const a = list[at];
      if (a !== undefined) {
        this.a = a;
        this.b = list[at + 1]!;
        return;
      }
    } else {
      const hit = this.c.objects.get(o);
      if (hit !== undefined) {
        this.a = hit[0];
        this.b = hit[1];
        return;
      }
    }
    const before = this.work;
    let ha: number;
    let hb: number;
    if (Array.isArray(o)) {
      this.work += o.length;
      ha = TAG_ARRAY;
      hb = TAG_ARRAY ^ 0x1234567;
      for (let i = 0; i < o.length; i++) {
        this.value(o[i]);
        ha = mixA(ha, this.a);
        hb = mixB(hb, this.b);
      }
      ha = fmix(mixA(ha, o.length));
      hb = fmix(mixB(hb, o.length));
    } else {
      let sa = 0;
      let sb = 0;
      const rec = o as Record<string, unknown>;
      for (const k in rec) {
        const v = rec[k];
        if (v === undefined) continue;
        this.work++;
        this.entry(k, v);
        sa = (sa + this.a) | 0;
        sb = (sb + this.b) | 0;
      }
      ha = fmix(mixA(TAG_RECORD, sa));
      hb = fmix(mixB(TAG_RECORD ^ 0x2545f491, sb));
    }
    // Small objects are cheaper to hash again than to tag.
    if (this.work - before > CACHE_MIN_WORK) {
      if (list !== undefined) {
        list[at] = ha;
        list[at + 1] = hb;
      } else if (Object.isExtensible(o)) {
        const fresh: number[] = [];
        fresh[at] = ha;
        fresh[at + 1] = hb;
        Object.defineProperty(o, HASHES, { value: fresh, enumerable: false, writable: false, configurable: false });
      } else this.c.objects.set(o, [ha, hb]);
    }
    this.a = ha;
    this.b = hb;
  }
}

/** `s` with a partition id renamed: the whole string, or the part after the last `:`. */
export function rename(s: string, r: ReadonlyMap<string, string>): string {
  const whole = r.get(s);
  if (whole !== undefined) return whole;
  const i = s.lastIndexOf(':');
  if (i < 0) return s;
  const tail = r.get(s.slice(i + 1));
  return tail === undefined ? s : s.slice(0, i + 1) + tail;
}
