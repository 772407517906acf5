/**
 * Symmetry reduction on encoded states (`system-codec.ts`), by sorting,
 * never by enumerating every renaming.
 *
 * The interchangeable child ids are those of `symmetry.ts`
 * (`interchangeableClasses`): a renaming renames every string that is an
 * id or ends in `:id`. The orbit's bytes are found so:
 *
 * 1. Each id's signature is the state's encoding with that id renamed to a
 *    "self" marker and every other id to its class's marker (the id's own
 *    block of the state, whoever it is). Renaming the state permutes the
 *    signatures with the ids.
 * 2. Each class's ids are sorted by signature (bytes; ties in config
 *    order), and the state is encoded under the renaming that gives the
 *    k-th of them the class's k-th id. Without ties every state of an
 *    orbit lands on the same bytes.
 * 3. Ids whose signatures tie: absent ids (their signature is the state's
 *    with every id a marker) are interchangeable in the state itself, so
 *    their order is free; so is a group's whose first two swapped and
 *    whose rotation both leave the bytes as they are (a swap and a
 *    rotation generate every order); other tie groups have their orders
 *    enumerated (at most `tieGroup` ids, `orders` renamings per state in
 *    all) and the least bytes are kept. A group beyond the limits keeps
 *    config order: the bytes are still those of a renaming of the state,
 *    so only equal states merge (an orbit may be kept as more than one
 *    state), and it is counted in `fallbacks`.
 *
 * With one class of two ids the lesser of the state's bytes and its
 * swap's is the orbit's, with no signatures. The bytes compared are the
 * codec's key bytes (`writeKey`): a portable codec's give every thread the
 * same orbit bytes. The cost per state is one
 * encoding per id plus one per tie order, each a lookup per field once
 * the codec has renamed the field's value.
 */
import type { Config } from '../system/config.js';
import type { System } from '../system/system.js';
import { ByteWriter, compareBytes } from '../engine/bytes.js';
import { interchangeableClasses, TIE_LIMITS, type TieLimits } from './symmetry.js';
import type { CodecRenaming, SystemCodec } from './system-codec.js';

/** Target renamings kept with what they renamed (beyond this many, a renaming is made for one use). */
const KEPT_TARGETS = 64;

/** Every permutation of 0..k-1, identity first. */
function permutationsOf(k: number): number[][] {
  if (k <= 1) return [Array.from({ length: k }, (_, i) => i)];
  const out: number[][] = [];
  for (const rest of permutationsOf(k - 1)) for (let at = k - 1; at >= 0; at--) out.push([...rest.slice(0, at), k - 1, ...rest.slice(at)]);
  return out;
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

const SELF = '\u0000self';
const classMarker = (k: number): string => `\u0000class${k}`;

/** Renames id `j` (by `index`) to `names[j]`: the whole string, or the part after its last `:`. */
function renamer(index: ReadonlyMap<string, number>, names: readonly string[]): (s: string) => string {
  return (s) => {
    const whole = index.get(s);
    if (whole !== undefined) return names[whole]!;
    const i = s.lastIndexOf(':');
    if (i < 0) return s;
    const tail = index.get(s.slice(i + 1));
    return tail === undefined ? s : s.slice(0, i + 1) + names[tail]!;
  };
}

/** A tie group: positions `start` to `start + length - 1` of a class's sorted order. */
interface Group {
  readonly cls: number;
  readonly start: number;
  readonly length: number;
}

/** Writes the orbit's bytes of a System under renamings of interchangeable children. */
export class CodecCanonicaliser {
  private readonly ids: readonly string[];
  /** Each class's ids as indices into `ids`, in config order. */
  private readonly classes: number[][];
  private readonly index: ReadonlyMap<string, number>;
  /** Signature renamings: one per id; and "none" (every id its class's marker). */
  private readonly sigRenamings: CodecRenaming[] = [];
  private readonly none: CodecRenaming | null = null;
  /** With one class of two ids: the swap. */
  private readonly swap: CodecRenaming | null = null;
  /** Target renamings by their names. */
  private readonly targets = new Map<string, CodecRenaming>();
  private readonly scratch = new ByteWriter();
  private fallback = 0;
  private encoded = 0;

  private constructor(
    classes: string[][],
    private readonly codec: SystemCodec,
    private readonly limits: TieLimits,
  ) {
    this.ids = classes.flat();
    let at = 0;
    this.classes = classes.map((c) => c.map(() => at++));
    this.index = new Map(this.ids.map((id, j) => [id, j] as const));
    if (classes.length === 1 && this.ids.length === 2) {
      this.swap = codec.renaming(renamer(this.index, [this.ids[1]!, this.ids[0]!]));
      return;
    }
    const markers = classes.flatMap((c, k) => c.map(() => classMarker(k)));
    this.none = codec.renaming(renamer(this.index, markers));
    this.sigRenamings = this.ids.map((_, j) => codec.renaming(renamer(this.index, markers.map((m, i) => (i === j ? SELF : m)))));
  }

  /** The canonicaliser of `config`'s interchangeable children; null when it has none. */
  static of(config: Config, codec: SystemCodec, limits: TieLimits = TIE_LIMITS): CodecCanonicaliser | null {
    const classes = interchangeableClasses(config);
    return classes.length === 0 ? null : new CodecCanonicaliser(classes, codec, limits);
  }

  /** Encodings made so far (the state's, its swap's, signatures, sorted renamings, tie orders): a few per id and state, never one per renaming. */
  get encodings(): number {
    return this.encoded;
  }

  /** Tie groups that kept config order without enumeration. */
  get fallbacks(): number {
    return this.fallback;
  }

  private encode(s: System, r: CodecRenaming): Uint8Array {
    const w = this.scratch;
    w.reset();
    this.encoded++;
    this.codec.writeKey(w, s, r);
    return w.copy();
  }

  /** Encodes under the target renaming where id `order[k]` of each class becomes the class's k-th id. */
  private encodeOrder(s: System, orders: readonly (readonly number[])[]): Uint8Array {
    const names = this.ids.slice();
    let identity = true;
    for (let c = 0; c < this.classes.length; c++) {
      const cls = this.classes[c]!;
      const order = orders[c]!;
      for (let k = 0; k < order.length; k++) {
        names[order[k]!] = this.ids[cls[k]!]!;
        if (order[k] !== cls[k]) identity = false;
      }
    }
    if (identity) return this.encode(s, this.codec.plain);
    const key = names.join('\u0000');
    let r = this.targets.get(key);
    if (r === undefined) {
      r = this.codec.renaming(renamer(this.index, names));
      if (this.targets.size < KEPT_TARGETS) this.targets.set(key, r);
    }
    return this.encode(s, r);
  }

  /** Whether swapping the group's first two ids and rotating it both leave `base` as it is: then every order gives `base`. */
  private orderIsFree(s: System, orders: readonly (readonly number[])[], g: Group, base: Uint8Array): boolean {
    const swap = orders.map((o) => o.slice());
    const o = swap[g.cls]!;
    [o[g.start], o[g.start + 1]] = [o[g.start + 1]!, o[g.start]!];
    const a = this.encodeOrder(s, swap);
    if (compareBytes(a, a.length, base, base.length) !== 0) return false;
    const rot = orders.map((x) => x.slice());
    const r = rot[g.cls]!;
    for (let i = 0; i < g.length; i++) r[g.start + i] = orders[g.cls]![g.start + ((i + 1) % g.length)]!;
    const b = this.encodeOrder(s, rot);
    return compareBytes(b, b.length, base, base.length) === 0;
  }

  /** Appends the least bytes of the orbit of `s` to `w`. */
  write(w: ByteWriter, s: System): void {
    if (this.swap !== null) {
      // One class of two: the lesser of the state's bytes and its swap's, compared in place.
      const start = w.length;
      this.codec.writeKey(w, s);
      const other = this.scratch;
      other.reset();
      this.codec.writeKey(other, s, this.swap);
      this.encoded += 2;
      const n = w.length - start;
      if (compareBytes(other.buf, other.length, w.buf.subarray(start), n) < 0) {
        w.length = start;
        w.bytes(other.buf, 0, other.length);
      }
      return;
    }
    const none = this.encode(s, this.none!);
    const sig = this.sigRenamings.map((r) => this.encode(s, r));
    const cmp = (x: number, y: number): number => compareBytes(sig[x]!, sig[x]!.length, sig[y]!, sig[y]!.length);
    const orders: number[][] = [];
    const groups: Group[] = [];
    for (let c = 0; c < this.classes.length; c++) {
      const order = this.classes[c]!.slice().sort((x, y) => cmp(x, y) || x - y);
      orders.push(order);
      for (let i = 0; i < order.length; ) {
        let e = i + 1;
        while (e < order.length && cmp(order[i]!, order[e]!) === 0) e++;
        const si = sig[order[i]!]!;
        if (e - i > 1 && compareBytes(si, si.length, none, none.length) !== 0) groups.push({ cls: c, start: i, length: e - i });
        i = e;
      }
    }
    let best = this.encodeOrder(s, orders);
    const enumerated: Group[] = [];
    let product = 1;
    for (const g of groups) {
      if (g.length > 2 && this.orderIsFree(s, orders, g, best)) continue;
      if (g.length <= this.limits.tieGroup && product * factorial(g.length) <= this.limits.orders) {
        enumerated.push(g);
        product *= factorial(g.length);
      } else this.fallback++;
    }
    if (enumerated.length > 0) {
      const perms = enumerated.map((g) => permutationsOf(g.length));
      const base = enumerated.map((g) => orders[g.cls]!.slice(g.start, g.start + g.length));
      const digit = new Array<number>(enumerated.length).fill(0);
      for (let c = 1; c < product; c++) {
        let i = 0;
        while (++digit[i]! === perms[i]!.length) digit[i++] = 0;
        const trial = orders.map((o) => o.slice());
        enumerated.forEach((g, j) => {
          const p = perms[j]![digit[j]!]!;
          for (let k = 0; k < g.length; k++) trial[g.cls]![g.start + k] = base[j]![p[k]!]!;
        });
        const cand = this.encodeOrder(s, trial);
        if (compareBytes(cand, cand.length, best, best.length) < 0) best = cand;
      }
    }
    w.bytes(best);
  }
}
