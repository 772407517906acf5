/**
 * Fingerprints of a System under several renamings of its interchangeable
 * ids in one walk ("lanes"), and under one more renaming afterwards
 * reusing what the walk learnt (symmetry reduction, `symmetry.ts`).
 *
 * A lane renames every string that names one of the ids (the whole
 * string, or the part after its last `:`, as `rename` in
 * `fingerprint.ts`) to the lane's name for that id; lane names need not
 * be ids and need not be distinct (a lane may map several ids to one
 * name). Each lane's hash is exactly what a `Hasher` renaming the same
 * way gives.
 *
 * An object is clean when no string inside it names an id: its hash is
 * then the same under every renaming and is computed once for all lanes;
 * a hasher that renames caches it once (in the clean slot of the id set),
 * another in every lane's slot. An object that names an id is hashed
 * lane by lane and cached per lane. `renamed` hashes the
 * System under one further renaming of ids to ids, walking only the
 * objects that name an id (a clean object's hash comes from the cache);
 * it caches nothing, since its renaming changes from state to state.
 */
import { NOT_IDENTITY, HASHES, CACHE_MIN_WORK, slotFor } from './fingerprint.js';
import { TAG_ARRAY, TAG_RECORD, TAG_NUMBER, TAG_TRUE, TAG_FALSE, TAG_NULL, TAG_UNDEF, mixA, mixB, fmix, stringLanes } from '../engine/hash-mix.js';

/** A string's hashes: once when it names no id, else per lane, and per renamed target (filled on demand). */
interface StringInfo {
  /** Index of the id the string names, or -1. */
  readonly id: number;
  /** The text before the id (`pool:` in `pool:p1`; empty for a whole id). */
  readonly prefix: string;
  /** Lane i's two halves at 2i, 2i+1 (just lane 0 when `id` is -1). */
  readonly h: Int32Array;
  /** The string with its id replaced by id t: halves at 2t, 2t+1 (0 0 until computed). */
  readonly to: Int32Array | null;
  /** Which entries of `to` are computed. */
  readonly done: Uint8Array | null;
  /** The one lane whose name for the string differs from lane 0's, when exactly one does; else -1. */
  readonly alt: number;
}

/** The id named by `s` (the whole string or the part after its last `:`) and the text before it; null when none. */
function idIn(s: string, index: ReadonlyMap<string, number>): { id: number; prefix: string } | null {
  const whole = index.get(s);
  if (whole !== undefined) return { id: whole, prefix: '' };
  const i = s.lastIndexOf(':');
  if (i < 0) return null;
  const tail = index.get(s.slice(i + 1));
  return tail === undefined ? null : { id: tail, prefix: s.slice(0, i + 1) };
}

/** Hashes a System under several renamings (lanes) of a set of ids in one walk, and under one more with `renamed`. */
export class LaneHasher {
  /** The number of lanes. */
  readonly lanes: number;
  private readonly ids: readonly string[];
  private readonly index = new Map<string, number>();
  /** names[i][j]: lane i's name for id j. */
  private readonly names: readonly (readonly string[])[];
  /** Each lane's slot in an object's hash list, doubled; and the clean slot, doubled (-1 without `renamed`: clean objects are cached per lane). */
  private readonly at: Int32Array;
  private readonly clean: number;
  private readonly strings = new Map<string, StringInfo>();
  /** Objects that cannot carry a hash list (frozen ones): the clean ones' two halves, the others' every lane. */
  private readonly frozenClean = new WeakMap<object, Int32Array>();
  private readonly frozenLanes = new WeakMap<object, Int32Array>();
  /** The last value's hash: lane i at a[i], b[i]; when `same` (it names no id), only lane 0 is set. */
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private same = true;
  /** Each lane's sum over the System's fields, left by `hash`. */
  private readonly sumA: Int32Array;
  private readonly sumB: Int32Array;
  private depth = 0;
  private readonly stack: Int32Array[] = [];
  /** Objects hashed by the last `hash` and worth caching, whether each is clean, and their halves, until `commit`. */
  private readonly pending: object[] = [];
  private readonly pendingClean: boolean[] = [];
  private readonly pendingHalves: number[] = [];
  private work = 0;
  /** The renaming of the current `renamed` walk: id j becomes id target[j]. */
  private target: Int32Array = new Int32Array(0);
  private ra = 0;
  private rb = 0;

  /**
   * `ids`: the ids renamings move; `names`: one lane per entry, naming
   * each id (`names[i][j]` for `ids[j]`; a lane that names each id by
   * itself is the identity). With no ids, every object is clean and the
   * single lane is the plain fingerprint, cached where `Hasher` caches it.
   * `renames`: `renamed` will be used, so clean objects are cached once,
   * in a slot of their own that tells them apart; otherwise they are
   * cached in every lane's slot (fewer, denser hash lists).
   */
  constructor(ids: readonly string[], names: readonly (readonly string[])[], renames = false) {
    this.ids = ids;
    ids.forEach((id, j) => this.index.set(id, j));
    this.names = names;
    this.lanes = names.length;
    this.at = Int32Array.from(names, (ns) => 2 * slotFor(ids.some((id, j) => ns[j] !== id) ? new Map(ids.map((id, j) => [id, ns[j]!])) : null));
    // The clean slot belongs to the id set: with no ids every object is clean and its hash is the plain one.
    this.clean = !renames ? -1 : 2 * slotFor(ids.length === 0 ? null : new Map([['\u0000clean', [...ids].sort().join('\u0000')]]));
    this.a = new Int32Array(this.lanes);
    this.b = new Int32Array(this.lanes);
    this.sumA = new Int32Array(this.lanes);
    this.sumB = new Int32Array(this.lanes);
  }

  /** Hashes the System (leaving out what is not identity: `world`, `deferralWaits`) in every lane; `laneHash` then finishes any lane. */
  hash(sys: object): void {
    const n = this.lanes;
    this.depth = 0;
    this.pending.length = 0;
    this.pendingClean.length = 0;
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
  }

  /** Lane i's fingerprint of the last `hash`, `extra` words mixed in (as `Hasher.system`); written to `out` at `at`, `at + 1`. */
  laneHash(i: number, extra: ArrayLike<number> | undefined, out: Uint32Array, at: number): void {
    finish(this.sumA[i]!, this.sumB[i]!, extra, out, at);
  }

  /**
   * The fingerprint of the System under the renaming that maps id j to id
   * `target[j]` (a permutation of the ids), `extra` mixed in: what a
   * `Hasher` with that renaming gives. Call it after `hash` of the same
   * System: objects that are clean and cached are not walked.
   */
  renamed(sys: object, target: Int32Array, extra: ArrayLike<number> | undefined, out: Uint32Array, at: number): void {
    if (this.clean < 0) throw new Error('LaneHasher.renamed needs a hasher built with `renames`');
    this.target = target;
    let sa = 0;
    let sb = 0;
    const rec = sys as Record<string, unknown>;
    for (const k in rec) {
      if (NOT_IDENTITY.has(k)) continue;
      const v = rec[k];
      if (v === undefined) continue;
      this.rEntry(k, v);
      sa = (sa + this.ra) | 0;
      sb = (sb + this.rb) | 0;
    }
    finish(sa, sb, extra, out, at);
  }

  // ---- lanes ----

  private entry(k: string, v: unknown): void {
    const key = this.str(k);
    this.value(v);
    const n = this.lanes;
    if (key.id < 0 && this.same) {
      this.a[0] = fmix(mixA(mixA(0x3c6ef372, key.h[0]!), this.a[0]!));
      this.b[0] = fmix(mixB(mixB(0xa54ff53a, key.h[1]!), this.b[0]!));
      return;
    }
    const kSame = key.id < 0;
    const vSame = this.same;
    if (vSame && key.alt >= 0 && n > 2) {
      // A key every lane but one names alike, and a clean value: two entry hashes fill every lane (two lanes take the loop).
      const va = this.a[0]!;
      const vb = this.b[0]!;
      const j = key.alt;
      const a0 = fmix(mixA(mixA(0x3c6ef372, key.h[0]!), va));
      const b0 = fmix(mixB(mixB(0xa54ff53a, key.h[1]!), vb));
      this.a.fill(a0);
      this.b.fill(b0);
      this.a[j] = fmix(mixA(mixA(0x3c6ef372, key.h[2 * j]!), va));
      this.b[j] = fmix(mixB(mixB(0xa54ff53a, key.h[2 * j + 1]!), vb));
      this.same = false;
      return;
    }
    for (let i = n - 1; i >= 0; i--) {
      const ka = kSame ? key.h[0]! : key.h[2 * i]!;
      const kb = kSame ? key.h[1]! : key.h[2 * i + 1]!;
      const va = vSame ? this.a[0]! : this.a[i]!;
      const vb = vSame ? this.b[0]! : this.b[i]!;
      this.a[i] = fmix(mixA(mixA(0x3c6ef372, ka), va));
      this.b[i] = fmix(mixB(mixB(0xa54ff53a, kb), vb));
    }
    this.same = false;
  }

  private str(s: string): StringInfo {
    let h = this.strings.get(s);
    if (h === undefined) {
      const found = idIn(s, this.index);
      if (found === null) h = { id: -1, prefix: '', h: stringLanes(s), to: null, done: null, alt: -1 };
      else {
        const n = this.lanes;
        const lanes = new Int32Array(2 * n);
        const named = this.names.map((ns) => ns[found.id]!);
        for (let i = 0; i < n; i++) lanes.set(stringLanes(found.prefix + named[i]!), 2 * i);
        const differ = named.flatMap((t, i) => (t !== named[0] ? [i] : []));
        const alt = differ.length === 1 ? differ[0]! : -1;
        h = { id: found.id, prefix: found.prefix, h: lanes, to: new Int32Array(2 * this.ids.length), done: new Uint8Array(this.ids.length), alt };
      }
      this.strings.set(s, h);
    }
    return h;
  }

  private strValue(s: string): void {
    const h = this.str(s);
    if (h.id < 0) {
      this.a[0] = h.h[0]!;
      this.b[0] = h.h[1]!;
      this.same = true;
      return;
    }
    for (let i = 0; i < this.lanes; i++) {
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

  /** Loads a cached object hash into a/b/same; false when it is not cached in every lane. */
  private cached(o: object): boolean {
    const n = this.lanes;
    const list = (o as Record<symbol, number[] | undefined>)[HASHES];
    if (list !== undefined) {
      if (this.clean >= 0) {
        const ca = list[this.clean];
        if (ca !== undefined) {
          this.a[0] = ca;
          this.b[0] = list[this.clean + 1]!;
          this.same = true;
          return true;
        }
      }
      for (let i = 0; i < n; i++) if (list[this.at[i]!] === undefined) return false;
      // Without a clean slot, lanes that all agree stand for a clean object (`same` only saves work: the values are exact).
      let same = this.clean < 0;
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
    const clean = this.frozenClean.get(o);
    if (clean !== undefined) {
      this.a[0] = clean[0]!;
      this.b[0] = clean[1]!;
      this.same = true;
      return true;
    }
    const hit = this.frozenLanes.get(o);
    if (hit === undefined) return false;
    for (let i = 0; i < n; i++) {
      this.a[i] = hit[2 * i]!;
      this.b[i] = hit[2 * i + 1]!;
    }
    this.same = false;
    return true;
  }

  private scratch(depth: number): Int32Array {
    let s = this.stack[depth];
    if (s === undefined) this.stack[depth] = s = new Int32Array(2 * this.lanes);
    return s;
  }

  private object(o: object): void {
    if (this.cached(o)) return;
    const n = this.lanes;
    const before = this.work;
    const depth = this.depth++;
    // While `same`, the hash is ha/hb (every lane alike); once an id is named, lane i is in lanes[2i], lanes[2i+1].
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
      // Sums of entry hashes: clean entries go to ha/hb, the others to each lane's own sum.
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
        this.pendingClean.push(true);
        this.pendingHalves.push(ha, hb);
      }
      this.a[0] = ha;
      this.b[0] = hb;
    } else {
      if (keep) {
        this.pending.push(o);
        this.pendingClean.push(false);
        for (let i = 0; i < 2 * n; i++) this.pendingHalves.push(lanes![i]!);
      }
      for (let i = 0; i < n; i++) {
        this.a[i] = lanes![2 * i]!;
        this.b[i] = lanes![2 * i + 1]!;
      }
    }
    this.same = same;
  }

  // ---- one renaming of ids to ids ----

  private rEntry(k: string, v: unknown): void {
    this.rStr(k);
    const ka = this.ra;
    const kb = this.rb;
    this.rValue(v);
    this.ra = fmix(mixA(mixA(0x3c6ef372, ka), this.ra));
    this.rb = fmix(mixB(mixB(0xa54ff53a, kb), this.rb));
  }

  private rStr(s: string): void {
    const h = this.str(s);
    if (h.id < 0) {
      this.ra = h.h[0]!;
      this.rb = h.h[1]!;
      return;
    }
    const t = this.target[h.id]!;
    if (h.done![t] === 0) {
      h.to!.set(stringLanes(h.prefix + this.ids[t]!), 2 * t);
      h.done![t] = 1;
    }
    this.ra = h.to![2 * t]!;
    this.rb = h.to![2 * t + 1]!;
  }

  private rValue(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.rStr(v);
        return;
      case 'number':
        if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
          this.ra = mixA(TAG_NUMBER, v);
          this.rb = mixB(TAG_NUMBER, v);
        } else this.rStr(`#${v}`);
        return;
      case 'boolean':
        this.ra = this.rb = v ? TAG_TRUE : TAG_FALSE;
        return;
      case 'undefined':
        this.ra = this.rb = TAG_UNDEF;
        return;
      case 'object':
        if (v === null) {
          this.ra = this.rb = TAG_NULL;
          return;
        }
        this.rObject(v);
        return;
      default:
        throw new TypeError(`cannot fingerprint a ${typeof v}: the System must be plain data`);
    }
  }

  private rObject(o: object): void {
    const list = (o as Record<symbol, number[] | undefined>)[HASHES];
    if (list !== undefined) {
      const ca = list[this.clean];
      if (ca !== undefined) {
        this.ra = ca;
        this.rb = list[this.clean + 1]!;
        return;
      }
    } else {
      const hit = this.frozenClean.get(o);
      if (hit !== undefined) {
        this.ra = hit[0]!;
        this.rb = hit[1]!;
        return;
      }
    }
    let ha: number;
    let hb: number;
    if (Array.isArray(o)) {
      ha = TAG_ARRAY;
      hb = TAG_ARRAY ^ 0x1234567;
      for (let j = 0; j < o.length; j++) {
        this.rValue(o[j]);
        ha = mixA(ha, this.ra);
        hb = mixB(hb, this.rb);
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
        this.rEntry(k, v);
        sa = (sa + this.ra) | 0;
        sb = (sb + this.rb) | 0;
      }
      ha = fmix(mixA(TAG_RECORD, sa));
      hb = fmix(mixB(TAG_RECORD ^ 0x2545f491, sb));
    }
    this.ra = ha;
    this.rb = hb;
  }

  /**
   * Caches the hashes of the objects the last `hash` computed, on the
   * objects themselves (the frozen map for frozen ones): a clean object's
   * once, in the clean slot; another's in every lane's slot. The explorer
   * commits only states it keeps: objects of a state seen before are
   * garbage, and tagging them would cost more than their hash.
   */
  commit(): void {
    const n = this.lanes;
    const halves = this.pendingHalves;
    let base = 0;
    for (let j = 0; j < this.pending.length; j++) {
      const o = this.pending[j]!;
      const clean = this.pendingClean[j]!;
      const width = clean ? 2 : 2 * n;
      let list = (o as Record<symbol, number[] | undefined>)[HASHES];
      if (list === undefined) {
        if (!Object.isExtensible(o)) {
          (clean ? this.frozenClean : this.frozenLanes).set(o, Int32Array.from(halves.slice(base, base + width)));
          base += width;
          continue;
        }
        list = [];
        Object.defineProperty(o, HASHES, { value: list, enumerable: false, writable: false, configurable: false });
      }
      if (clean && this.clean >= 0) {
        list[this.clean] = halves[base]!;
        list[this.clean + 1] = halves[base + 1]!;
      } else if (clean)
        for (let i = 0; i < n; i++) {
          list[this.at[i]!] = halves[base]!;
          list[this.at[i]! + 1] = halves[base + 1]!;
        }
      else
        for (let i = 0; i < n; i++) {
          list[this.at[i]!] = halves[base + 2 * i]!;
          list[this.at[i]! + 1] = halves[base + 2 * i + 1]!;
        }
      base += width;
    }
    this.pending.length = 0;
    this.pendingClean.length = 0;
    halves.length = 0;
  }
}

/** A System's fingerprint from the sums of its fields' hashes, `extra` words mixed in (as `Hasher.system`). */
function finish(sa: number, sb: number, extra: ArrayLike<number> | undefined, out: Uint32Array, at: number): void {
  let ha = mixA(TAG_RECORD, sa);
  let hb = mixB(TAG_RECORD, sb);
  if (extra)
    for (let j = 0; j < extra.length; j++) {
      ha = mixA(ha, extra[j]! | 0);
      hb = mixB(hb, extra[j]! | 0);
    }
  out[at] = fmix(ha) >>> 0;
  out[at + 1] = fmix(hb ^ 0x5bd1e995) >>> 0;
}
