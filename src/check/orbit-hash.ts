/**
 * Fingerprints of a System under several renamings in one walk (symmetry
 * reduction hashes every state under every renaming of its interchangeable
 * ids and keeps the least).
 *
 * Each lane gives exactly what a `Hasher` with that renaming gives, and
 * the object caches are shared with `Hasher` (the same hash list per
 * object, one slot per renaming). The walk is shared: a string no
 * renaming changes, and an object whose children hash alike in every lane,
 * is hashed once for all lanes; only values that hold a renamed id are
 * hashed lane by lane.
 */
import { type Fingerprint, type Renaming, NOT_IDENTITY, HASHES, CACHE_MIN_WORK, slotFor, rename } from './fingerprint.js';
import { TAG_ARRAY, TAG_RECORD, TAG_NUMBER, TAG_TRUE, TAG_FALSE, TAG_NULL, TAG_UNDEF, mixA, mixB, fmix, stringLanes } from '../engine/hash-mix.js';

/** A string's hash in every lane: `same` when no renaming changes it (then only lane 0 is kept). */
interface StringLanes {
  readonly same: boolean;
  /** Lane i's two halves at 2i, 2i+1. */
  readonly h: Int32Array;
}

/** Hashes values under every renaming at once; `fingerprint` keeps the least. */
export class OrbitHasher {
  private readonly n: number;
  private readonly renamings: readonly Renaming[];
  /** Each renaming's slot in an object's hash list, doubled (the index of its first half). */
  private readonly at: Int32Array;
  private readonly strings = new Map<string, StringLanes>();
  /** Objects that cannot carry a hash list (frozen ones): every lane's halves. */
  private readonly frozen = new WeakMap<object, Int32Array>();
  /** The last value's hash: lane i at a[i], b[i]; when `same`, every lane equals lane 0 (only lane 0 is set). */
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  /** Each lane's sum over the System's fields. */
  private readonly sumA: Int32Array;
  private readonly sumB: Int32Array;
  private same = true;
  /** Nesting depth of the object being hashed, and scratch lanes per depth. */
  private depth = 0;
  private readonly stack: Int32Array[] = [];
  /** Objects hashed by the last `fingerprint` and worth caching, with their lanes (2n halves each), until `commit`. */
  private readonly pending: object[] = [];
  private readonly pendingHalves: number[] = [];
  /** Values hashed so far (decides which objects are worth caching, as `Hasher` does). */
  private work = 0;

  /** One lane per renaming (`null`: no renaming). */
  constructor(renamings: readonly Renaming[]) {
    this.n = renamings.length;
    this.renamings = renamings;
    this.at = Int32Array.from(renamings, (r) => 2 * slotFor(r));
    this.a = new Int32Array(this.n);
    this.b = new Int32Array(this.n);
    this.sumA = new Int32Array(this.n);
    this.sumB = new Int32Array(this.n);
  }

  /** The least fingerprint over every lane of a System (leaving out `world` and `deferralWaits`), `extra` words mixed in. */
  fingerprint(sys: object, extra?: ArrayLike<number>): Fingerprint {
    const n = this.n;
    this.depth = 0;
    this.pending.length = 0;
    this.pendingHalves.length = 0;
    const sa = this.sumA.fill(0);
    const sb = this.sumB.fill(0);
    const rec = sys as Record<string, unknown>;
    for (const k in rec) {
      if (NOT_IDENTITY.has(k)) continue;
      const v = rec[k];
      if (v === undefined) continue;
      this.entry(k, v);
      if (this.same) {
        const ea = this.a[0]!;
        const eb = this.b[0]!;
        for (let i = 0; i < n; i++) {
          sa[i] = (sa[i]! + ea) | 0;
          sb[i] = (sb[i]! + eb) | 0;
        }
      } else
        for (let i = 0; i < n; i++) {
          sa[i] = (sa[i]! + this.a[i]!) | 0;
          sb[i] = (sb[i]! + this.b[i]!) | 0;
        }
    }
    let bestHi = 0;
    let bestLo = 0;
    for (let i = 0; i < n; i++) {
      let ha = mixA(TAG_RECORD, sa[i]!);
      let hb = mixB(TAG_RECORD, sb[i]!);
      if (extra)
        for (let j = 0; j < extra.length; j++) {
          ha = mixA(ha, extra[j]! | 0);
          hb = mixB(hb, extra[j]! | 0);
        }
      const hi = fmix(ha) >>> 0;
      const lo = fmix(hb ^ 0x5bd1e995) >>> 0;
      if (i === 0 || hi < bestHi || (hi === bestHi && lo < bestLo)) {
        bestHi = hi;
        bestLo = lo;
      }
    }
    return { hi: bestHi, lo: bestLo };
  }

  /** Hash of one record entry, left in a/b/same. */
  private entry(k: string, v: unknown): void {
    const key = this.str(k);
    this.value(v);
    const n = this.n;
    if (key.same && this.same) {
      this.a[0] = fmix(mixA(mixA(0x3c6ef372, key.h[0]!), this.a[0]!));
      this.b[0] = fmix(mixB(mixB(0xa54ff53a, key.h[1]!), this.b[0]!));
      return;
    }
    const vSame = this.same;
    for (let i = n - 1; i >= 0; i--) {
      const ka = key.same ? key.h[0]! : key.h[2 * i]!;
      const kb = key.same ? key.h[1]! : key.h[2 * i + 1]!;
      const va = vSame ? this.a[0]! : this.a[i]!;
      const vb = vSame ? this.b[0]! : this.b[i]!;
      this.a[i] = fmix(mixA(mixA(0x3c6ef372, ka), va));
      this.b[i] = fmix(mixB(mixB(0xa54ff53a, kb), vb));
    }
    this.same = false;
  }

  private str(s: string): StringLanes {
    let h = this.strings.get(s);
    if (!h) {
      const n = this.n;
      const names = this.renamings.map((r) => (r ? rename(s, r) : s));
      const same = names.every((t) => t === names[0]);
      const lanes = new Int32Array(same ? 2 : 2 * n);
      for (let i = 0; i < (same ? 1 : n); i++) lanes.set(stringLanes(names[i]!), 2 * i);
      h = { same, h: lanes };
      this.strings.set(s, h);
    }
    return h;
  }

  private strValue(s: string): void {
    const h = this.str(s);
    if (h.same) {
      this.a[0] = h.h[0]!;
      this.b[0] = h.h[1]!;
      this.same = true;
      return;
    }
    for (let i = 0; i < this.n; i++) {
      this.a[i] = h.h[2 * i]!;
      this.b[i] = h.h[2 * i + 1]!;
    }
    this.same = false;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.strValue(v);
        return;
      case 'number':
        if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
          this.a[0] = mixA(TAG_NUMBER, v);
          this.b[0] = mixB(TAG_NUMBER, v);
          this.same = true;
        } else this.strValue(`#${v}`);
        return;
      case 'boolean':
        this.a[0] = this.b[0] = v ? TAG_TRUE : TAG_FALSE;
        this.same = true;
        return;
      case 'undefined':
        this.a[0] = this.b[0] = TAG_UNDEF;
        this.same = true;
        return;
      case 'object':
        if (v === null) {
          this.a[0] = this.b[0] = TAG_NULL;
          this.same = true;
          return;
        }
        this.object(v);
        return;
      default:
        throw new TypeError(`cannot fingerprint a ${typeof v}: the System must be plain data`);
    }
  }

  /** Loads every lane of a cached object hash; false when some lane is missing. */
  private cached(o: object): boolean {
    const n = this.n;
    const list = (o as Record<symbol, number[] | undefined>)[HASHES];
    if (list !== undefined) {
      for (let i = 0; i < n; i++) if (list[this.at[i]!] === undefined) return false;
      let same = true;
      const a0 = list[this.at[0]!]!;
      const b0 = list[this.at[0]! + 1]!;
      for (let i = 0; i < n; i++) {
        const a = list[this.at[i]!]!;
        const b = list[this.at[i]! + 1]!;
        this.a[i] = a;
        this.b[i] = b;
        if (a !== a0 || b !== b0) same = false;
      }
      this.same = same;
      return true;
    }
    const hit = this.frozen.get(o);
    if (hit === undefined) return false;
    let same = true;
    for (let i = 0; i < n; i++) {
      this.a[i] = hit[2 * i]!;
      this.b[i] = hit[2 * i + 1]!;
      if (hit[2 * i] !== hit[0] || hit[2 * i + 1] !== hit[1]) same = false;
    }
    this.same = same;
    return true;
  }

  /** Scratch lanes for the object being hashed at each depth (allocated once per depth). */
  private scratch(depth: number): Int32Array {
    let s = this.stack[depth];
    if (s === undefined) this.stack[depth] = s = new Int32Array(2 * this.n);
    return s;
  }

  private object(o: object): void {
    if (this.cached(o)) return;
    const n = this.n;
    const before = this.work;
    const depth = this.depth++;
    // While `same`, the hash is ha/hb (every lane alike); once lanes differ, lane i is in lanes[2i], lanes[2i+1].
    let same = true;
    let ha: number;
    let hb: number;
    let lanes: Int32Array | undefined;
    if (Array.isArray(o)) {
      this.work += o.length;
      ha = TAG_ARRAY;
      hb = TAG_ARRAY ^ 0x1234567;
      for (let j = 0; j < o.length; j++) {
        this.value(o[j]);
        if (same && this.same) {
          ha = mixA(ha, this.a[0]!);
          hb = mixB(hb, this.b[0]!);
          continue;
        }
        if (same) {
          lanes = this.scratch(depth);
          for (let i = 0; i < n; i++) {
            lanes[2 * i] = ha;
            lanes[2 * i + 1] = hb;
          }
          same = false;
        }
        const vSame = this.same;
        for (let i = 0; i < n; i++) {
          lanes![2 * i] = mixA(lanes![2 * i]!, vSame ? this.a[0]! : this.a[i]!);
          lanes![2 * i + 1] = mixB(lanes![2 * i + 1]!, vSame ? this.b[0]! : this.b[i]!);
        }
      }
      if (same) {
        ha = fmix(mixA(ha, o.length));
        hb = fmix(mixB(hb, o.length));
      } else
        for (let i = 0; i < n; i++) {
          lanes![2 * i] = fmix(mixA(lanes![2 * i]!, o.length));
          lanes![2 * i + 1] = fmix(mixB(lanes![2 * i + 1]!, o.length));
        }
    } else {
      // Sums of entry hashes: entries alike in every lane go to ha/hb, the others to each lane's own sum.
      ha = 0;
      hb = 0;
      const rec = o as Record<string, unknown>;
      for (const k in rec) {
        const v = rec[k];
        if (v === undefined) continue;
        this.work++;
        this.entry(k, v);
        if (this.same) {
          ha = (ha + this.a[0]!) | 0;
          hb = (hb + this.b[0]!) | 0;
          continue;
        }
        if (same) {
          lanes = this.scratch(depth);
          lanes.fill(0);
          same = false;
        }
        for (let i = 0; i < n; i++) {
          lanes![2 * i] = (lanes![2 * i]! + this.a[i]!) | 0;
          lanes![2 * i + 1] = (lanes![2 * i + 1]! + this.b[i]!) | 0;
        }
      }
      if (same) {
        ha = fmix(mixA(TAG_RECORD, ha));
        hb = fmix(mixB(TAG_RECORD ^ 0x2545f491, hb));
      } else
        for (let i = 0; i < n; i++) {
          lanes![2 * i] = fmix(mixA(TAG_RECORD, (lanes![2 * i]! + ha) | 0));
          lanes![2 * i + 1] = fmix(mixB(TAG_RECORD ^ 0x2545f491, (lanes![2 * i + 1]! + hb) | 0));
        }
    }
    this.depth--;
    // Small objects are cheaper to hash again than to tag.
    const keep = this.work - before > CACHE_MIN_WORK;
    if (same) {
      if (keep) {
        this.pending.push(o);
        for (let i = 0; i < n; i++) this.pendingHalves.push(ha, hb);
      }
      this.a[0] = ha;
      this.b[0] = hb;
    } else {
      if (keep) {
        this.pending.push(o);
        for (let i = 0; i < 2 * n; i++) this.pendingHalves.push(lanes![i]!);
      }
      for (let i = 0; i < n; i++) {
        this.a[i] = lanes![2 * i]!;
        this.b[i] = lanes![2 * i + 1]!;
      }
    }
    this.same = same;
  }

  /**
   * Caches the hashes of the objects the last `fingerprint` computed, on
   * the objects themselves (the frozen map for frozen ones). The explorer
   * commits only states it keeps: objects of a state seen before are
   * garbage, and tagging them would cost more than their hash.
   */
  commit(): void {
    const n = this.n;
    const halves = this.pendingHalves;
    for (let j = 0; j < this.pending.length; j++) {
      const o = this.pending[j]!;
      const base = 2 * n * j;
      let list = (o as Record<symbol, number[] | undefined>)[HASHES];
      if (list === undefined) {
        if (!Object.isExtensible(o)) {
          this.frozen.set(o, Int32Array.from(halves.slice(base, base + 2 * n)));
          continue;
        }
        list = [];
        Object.defineProperty(o, HASHES, { value: list, enumerable: false, writable: false, configurable: false });
      }
      for (let i = 0; i < n; i++) {
        list[this.at[i]!] = halves[base + 2 * i]!;
        list[this.at[i]! + 1] = halves[base + 2 * i + 1]!;
      }
    }
    this.pending.length = 0;
    halves.length = 0;
  }
}
