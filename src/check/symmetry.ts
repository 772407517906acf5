/**
 * Symmetry reduction over interchangeable child partitions, by sorting.
 *
 * Two child partitions are interchangeable when their configs are equal
 * apart from the id (same VP count, same GPA space). Renaming one to the
 * other maps every behaviour of the host to a behaviour of the host, so
 * the explorer may keep one state per orbit. A renaming renames every
 * string that is an id or ends in `:id` (partition records, SLATs, pools,
 * page tables, frame holders and contents, TLB tags, scheduler contexts,
 * intercepts, interrupts, channels, Dynamic Memory records...). Frames
 * are not permuted: frame numbers come from one shared free list, so a
 * state where p1 got frame 0x40 and p2 frame 0x41 and its renaming are
 * distinct states of one orbit.
 *
 * The canonical form never enumerates every renaming:
 * 1. Each id's signature is the fingerprint of the state with that id
 *    renamed to a marker for "self" and every other id of each class to
 *    one marker for its class (all signatures in one walk, `lane-hash.ts`,
 *    with one more lane renaming every id to its class marker: "none").
 *    A renaming of the state permutes the signatures with the ids.
 * 2. Each class's ids are sorted by signature (ties in config order), and
 *    the state is hashed under the renaming that gives the k-th of them
 *    the class's k-th id: with no ties, every member of an orbit lands on
 *    the same renamed state, so the fingerprint is the orbit's.
 * 3. Ids whose signatures tie (a tie group) need more: an absent id's
 *    signature equals "none" and absent ids are interchangeable in the
 *    state itself, so their order is free; for another group, if swapping
 *    its first two and rotating it both leave the fingerprint unchanged,
 *    every order of it gives the same state (a swap and a rotation
 *    generate every order), so its order is free too;
 *    otherwise the group's orders are enumerated (a group of at most
 *    `tieGroup` ids, at most `orders` renamings per state in all) and the
 *    least fingerprint is kept. A group beyond the limits keeps config
 *    order: the fingerprint is still that of a renaming of the state, so
 *    only truly equivalent states ever merge (at worst an orbit is kept
 *    as more than one state), and it is counted in `fallbacks`.
 *
 * With one class of two ids the signatures are already complete (the
 * "self" and "other" markers are the two ids themselves): the
 * fingerprint is the least of the two lanes, with no second walk.
 *
 * An id that is also a word the System uses for something else (`free`,
 * `root`, `zero`, a machine state name...) would be renamed where it means
 * that other thing; such ids are left out of every class.
 */
import type { Config } from '../system/config.js';
import type { Fingerprint } from './fingerprint.js';
import { LaneHasher } from './lane-hash.js';

/** Words the System uses as values that an id must not equal to take part in symmetry. */
const RESERVED = new Set(['root', 'free', 'zero', 'hypervisor', 'partition', 'pool', 'ready', 'running', 'waiting', 'suspended', 'deleted', 'idle', 'uninitialized', 'active', 'finalizing', 'finalized']);

/** The classes of interchangeable child partition ids (each with two or more ids), in config order. */
export function interchangeableClasses(config: Config): string[][] {
  const byShape = new Map<string, string[]>();
  for (const p of config.partitions) {
    if (RESERVED.has(p.id)) continue;
    const { id: _id, ...rest } = p;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    let list = byShape.get(key);
    if (!list) byShape.set(key, (list = []));
    list.push(p.id);
  }
  return [...byShape.values()].filter((c) => c.length > 1);
}

/** How far tie groups are enumerated. */
export interface TieLimits {
  /** The largest tie group whose orders are enumerated (default 4, at most `MAX_TIE_GROUP`). */
  readonly tieGroup: number;
  /** The most renamings a state is hashed under in all (default 24). */
  readonly orders: number;
}

/** The largest tie group whose orders may be enumerated (its orders are tabulated: 720 of them). */
export const MAX_TIE_GROUP = 6;

/** The default tie limits. */
export const TIE_LIMITS: TieLimits = { tieGroup: 4, orders: 24 };

/** Every permutation of 0..k-1, identity first. */
function permutationsOf(k: number): Int32Array[] {
  if (k === 0) return [new Int32Array(0)];
  const out: Int32Array[] = [];
  for (const rest of permutationsOf(k - 1))
    for (let at = k - 1; at >= 0; at--) {
      const p = new Int32Array(k);
      for (let i = 0, r = 0; i < k; i++) p[i] = i === at ? k - 1 : rest[r++]!;
      out.push(p);
    }
  return out;
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

/** Marker names: "self", and one per class. */
const SELF = '\u0000self';
const classMarker = (k: number): string => `\u0000class${k}`;

/** A tie group: positions `start` to `start + length - 1` of a class's sorted order. */
interface Group {
  readonly cls: number;
  readonly start: number;
  readonly length: number;
}

/** Fingerprints System values, canonically under symmetry when it is on. */
export class Canonicaliser {
  private readonly mode: 'plain' | 'pair' | 'sort';
  private readonly hasher: LaneHasher;
  /** Each class's ids as indices into the hasher's ids, in config order. */
  private readonly classes: Int32Array[];
  private readonly limits: TieLimits;
  /** Permutation tables of the enumerable group sizes. */
  private readonly perms: Int32Array[][];
  /** Scratch: every lane's fingerprint, each class's sorted order, the renaming, a candidate fingerprint. */
  private readonly sig: Uint32Array;
  private readonly order: Int32Array[];
  private readonly target: Int32Array;
  private readonly best = new Uint32Array(2);
  private readonly cand = new Uint32Array(2);
  private built: number;
  private fallback = 0;

  /** `symmetry` off (or no interchangeable children): the plain fingerprint. On: canonical under renamings of the config's interchangeable ids. */
  constructor(config: Config, symmetry: boolean, limits: TieLimits = TIE_LIMITS) {
    if (!(limits.tieGroup >= 1 && limits.tieGroup <= MAX_TIE_GROUP)) throw new RangeError(`tie group limit ${limits.tieGroup}: 1 to ${MAX_TIE_GROUP}`);
    const classes = symmetry ? interchangeableClasses(config) : [];
    const ids = classes.flat();
    this.limits = limits;
    let at = 0;
    this.classes = classes.map((c) => Int32Array.from(c, () => at++));
    this.order = classes.map((c) => new Int32Array(c.length));
    this.target = Int32Array.from(ids, (_, j) => j);
    this.perms = Array.from({ length: limits.tieGroup + 1 }, (_, k) => (k >= 2 ? permutationsOf(k) : []));
    let names: string[][];
    if (ids.length === 0) {
      this.mode = 'plain';
      names = [[]];
    } else if (classes.length === 1 && ids.length === 2) {
      // Identity and the swap: each lane is a complete identity of the state with that child first.
      this.mode = 'pair';
      names = [ids.slice(), ids.slice().reverse()];
    } else {
      this.mode = 'sort';
      const marker = classes.flatMap((c, k) => c.map(() => classMarker(k)));
      names = [marker, ...ids.map((_, j) => marker.map((m, i) => (i === j ? SELF : m)))];
    }
    this.hasher = new LaneHasher(ids, names, this.mode === 'sort');
    this.sig = new Uint32Array(2 * names.length);
    this.built = this.mode === 'plain' ? 0 : names.length;
  }

  /** How many renamings this canonicaliser has built: one per lane, then each renaming a state was hashed under after sorting. */
  get renamingsBuilt(): number {
    return this.built;
  }

  /** How many tie groups kept config order without a proof that their order is free (each may leave an orbit as more than one state). */
  get fallbacks(): number {
    return this.fallback;
  }

  /** The canonical fingerprint (the plain one without symmetry), `extra` words mixed in. */
  fingerprint(sys: object, extra?: ArrayLike<number>): Fingerprint {
    const h = this.hasher;
    h.hash(sys);
    const sig = this.sig;
    if (this.mode !== 'sort') {
      h.laneHash(0, extra, sig, 0);
      if (this.mode === 'pair') {
        h.laneHash(1, extra, sig, 2);
        if (less(sig, 2, sig, 0)) return { hi: sig[2]!, lo: sig[3]! };
      }
      return { hi: sig[0]!, lo: sig[1]! };
    }
    for (let i = 0; i < h.lanes; i++) h.laneHash(i, undefined, sig, 2 * i);
    const groups = this.sortClasses();
    const target = this.target;
    const best = this.best;
    h.renamed(sys, target, extra, best, 0);
    this.built++;
    if (groups.length > 0) this.resolveTies(sys, extra, groups);
    return { hi: best[0]!, lo: best[1]! };
  }

  /** Caches what the last fingerprint computed (call it for a state that is kept: its successors share those objects). */
  commit(): void {
    this.hasher.commit();
  }

  /** Sorts each class's ids by signature into the renaming `target`; returns the tie groups whose order is not known to be free. */
  private sortClasses(): Group[] {
    const sig = this.sig;
    const groups: Group[] = [];
    for (let k = 0; k < this.classes.length; k++) {
      const cls = this.classes[k]!;
      const order = this.order[k]!;
      order.set(cls);
      // Insertion sort by the id's lane (lane 1 + id), ties by config order: classes are small.
      for (let i = 1; i < order.length; i++) {
        const x = order[i]!;
        let j = i - 1;
        while (j >= 0 && less(sig, 2 * (1 + x), sig, 2 * (1 + order[j]!))) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = x;
      }
      for (let i = 0; i < order.length; i++) this.target[order[i]!] = cls[i]!;
      for (let i = 0; i < order.length; ) {
        let e = i + 1;
        while (e < order.length && equal(sig, 2 * (1 + order[i]!), 2 * (1 + order[e]!))) e++;
        // A group tied with "none" (lane 0) is of absent ids: any order of them is the same state.
        if (e - i > 1 && !equal(sig, 2 * (1 + order[i]!), 0)) groups.push({ cls: k, start: i, length: e - i });
        i = e;
      }
    }
    return groups;
  }

  /** Hashes the state under `target` into `cand` and keeps the least in `best`; true when it equals `base`. */
  private tryTarget(sys: object, extra: ArrayLike<number> | undefined, baseHi: number, baseLo: number): boolean {
    const cand = this.cand;
    this.hasher.renamed(sys, this.target, extra, cand, 0);
    this.built++;
    if (less(cand, 0, this.best, 0)) this.best.set(cand);
    return cand[0] === baseHi && cand[1] === baseLo;
  }

  /** Assigns group `g`'s sorted positions the class ids of its positions permuted by `p`. */
  private place(g: Group, p: Int32Array | null): void {
    const cls = this.classes[g.cls]!;
    const order = this.order[g.cls]!;
    for (let i = 0; i < g.length; i++) this.target[order[g.start + i]!] = cls[g.start + (p ? p[i]! : i)]!;
  }

  /** Makes `best` the least fingerprint over the orders of the tie groups that may matter (within the limits). */
  private resolveTies(sys: object, extra: ArrayLike<number> | undefined, groups: readonly Group[]): void {
    const baseHi = this.best[0]!;
    const baseLo = this.best[1]!;
    const { tieGroup, orders } = this.limits;
    const enumerated: Group[] = [];
    let product = 1;
    for (const g of groups) {
      if (g.length > 2) {
        // A swap of the first two and a rotation generate every order: if neither changes the state, the group's order is free.
        const cls = this.classes[g.cls]!;
        const order = this.order[g.cls]!;
        const x = order[g.start]!;
        const y = order[g.start + 1]!;
        this.target[x] = cls[g.start + 1]!;
        this.target[y] = cls[g.start]!;
        let free = this.tryTarget(sys, extra, baseHi, baseLo);
        this.place(g, null);
        if (free) {
          for (let i = 0; i < g.length; i++) this.target[order[g.start + i]!] = cls[g.start + ((i + 1) % g.length)]!;
          free = this.tryTarget(sys, extra, baseHi, baseLo);
          this.place(g, null);
        }
        if (free) continue;
      }
      if (g.length <= tieGroup && product * factorial(g.length) <= orders) {
        enumerated.push(g);
        product *= factorial(g.length);
      } else this.fallback++;
    }
    if (enumerated.length === 0) return;
    // Every combination of the enumerated groups' orders but the base (all identity), in mixed radix.
    const digit = new Int32Array(enumerated.length);
    for (let c = 1; c < product; c++) {
      let i = 0;
      while (++digit[i]! === this.perms[enumerated[i]!.length]!.length) digit[i++] = 0;
      for (let j = 0; j < enumerated.length; j++) this.place(enumerated[j]!, this.perms[enumerated[j]!.length]![digit[j]!]!);
      this.tryTarget(sys, extra, baseHi, baseLo);
    }
    for (const g of enumerated) this.place(g, null);
  }
}

/** Whether the fingerprint at `a[i]` is less than the one at `b[j]` (high half first). */
function less(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
  return a[i]! < b[j]! || (a[i] === b[j] && a[i + 1]! < b[j + 1]!);
}

/** Whether the fingerprints at `i` and `j` of `a` are equal. */
function equal(a: Uint32Array, i: number, j: number): boolean {
  return a[i] === a[j] && a[i + 1] === a[j + 1];
}
