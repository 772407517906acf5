/**
 * The canonical byte codec of hvspec's System (the `codec` of its model,
 * src/engine/model.ts), by hash-consing (SPIN's "collapse" compression):
 * every array and record of a state is interned once per search in a
 * table of distinct values, and a state's bytes are the varint ids of its
 * top-level fields (and of the substrate's fields): a few dozen bytes.
 *
 * - A value's table key is its content with each child written by its own
 *   id, so equal contents get one id whatever object holds them; records
 *   list their entries sorted (insertion order is not identity) and leave
 *   `undefined` entries out. Each object remembers its id (a non-enumerable
 *   symbol property; a side map for frozen objects), so a successor costs
 *   only the objects a step rebuilt: the rest keep their ids.
 * - Left out (they change no behaviour): `world` (the same for the whole
 *   search), `deferralWaits` (the latency history a trace note reads), an
 *   empty pool ledger (`substrate.pools[pid]` is `[]`: every reader takes
 *   `pools[pid] ?? []`) and an empty SLAT of a child (`substrate.slat[pid]`
 *   is `{}`: every reader takes `slat[pid] ?? {}`; the root's stays).
 * - `read` gives the System back from the table: the first object interned
 *   with each content (so the machines' step memo and every per-object
 *   cache find the objects they saw), the codec's world and no deferral
 *   history. It behaves as the state encoded: the same ops are enabled and
 *   each leads to a state that encodes alike.
 * - A renaming (`renaming`) encodes a state with strings renamed: each id
 *   is renamed once (the renamed content of its value, interned) and
 *   remembered, so a state's renamed bytes cost a lookup per field.
 *   Symmetry reduction encodes states under renamings of their ids
 *   (`codec-symmetry.ts`).
 *
 * The ids are those of one codec (one search): bytes from one codec mean
 * nothing to another. A portable codec (`portable`, for searches split
 * over threads, each with its codec) also gives every value a 64-bit hash
 * of its content, the same in every codec (a Merkle hash: strings by their
 * characters, children by their hashes, a record's entries summed so their
 * order does not count), and `writeKey` writes a state as its fields'
 * hashes in an order of their names' hashes: bytes that are alike for a
 * state in every portable codec, and that symmetry compares.
 */
import type { System, World } from '../system/system.js';
import { ROOT } from '../substrate/ids.js';
import { ByteReader, type ByteWriter } from '../engine/bytes.js';
import { NOT_IDENTITY } from './fingerprint.js';
import { InternTable } from '../engine/intern-table.js';
import { TAG_ARRAY, TAG_RECORD, TAG_NUMBER, mixA, mixB, fmix, stringLanes } from '../engine/hash-mix.js';

/** The property each object the table decodes to keeps its id under: the codec's generation and the id. */
const IDS = Symbol('hvspec.codec');
/** The same for a record whose ghost entries are left out (its id is another: its key leaves them out). */
const GHOST_IDS = Symbol('hvspec.codec.ghosts');

/** Codecs made so far: an object's ids are valid only for the codec of the generation they carry. */
let generations = 0;

/** A string renaming while encoding, with what it has renamed: strings' ids, and values' ids. */
export class CodecRenaming {
  /** The id of each string renamed. */
  readonly tokens = new Map<string, number>();
  /** The id of each value renamed, by its own id. */
  readonly ids: number[] = [];
  constructor(readonly rename: ((s: string) => string) | null) {}
}

/** The record under a substrate key whose ghost entries are left out: which entries it keeps. */
const GHOSTS: Readonly<Record<string, (k: string, v: unknown) => boolean>> = {
  pools: (_pid, frames) => (frames as readonly unknown[]).length > 0,
  slat: (pid, slat) => pid === ROOT || hasEntries(slat as object),
};

/** Whether a record has an entry that is not undefined. */
function hasEntries(r: object): boolean {
  for (const k in r) if ((r as Record<string, unknown>)[k] !== undefined) return true;
  return false;
}

/** An object that is not the table's value keeps its id when its content (its children's included) took at least this many tokens to write. */
const CACHE_MIN_WORK = 16;

/** The top-level field whose own fields are written in the state's bytes (its value id is 0 and its entries follow). */
const FLAT = 'substrate';

/** Words of a value's content on the intern table: a token is a tag and a payload. */
const T_STR = 1;
const T_INT = 2;
const T_NUM = 3;
const T_TRUE = 4;
const T_FALSE = 5;
const T_NULL = 6;
const T_UNDEF = 7;
const T_NODE = 8;
/** The first word of a content: an array, a record, a record with ghost entries left out, a primitive. */
const H_ARR = -1;
const H_REC = -2;
const H_GHOSTS = -3;
const H_PRIM = -4;

/** An array index's form (one below 2^32 - 1 is one). */
const INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Sorts the `n` (key, tag, payload) triples from `at` of `a`. */
function sortTriples(a: Int32Array, at: number, n: number): void {
  for (let i = 1; i < n; i++) {
    const p = at + 3 * i;
    const k = a[p]!;
    const t = a[p + 1]!;
    const v = a[p + 2]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const q = at + 3 * j;
      const c = a[q]! - k || a[q + 1]! - t || a[q + 2]! - v;
      if (c <= 0) break;
      a[q + 3] = a[q]!;
      a[q + 4] = a[q + 1]!;
      a[q + 5] = a[q + 2]!;
    }
    const q = at + 3 * (j + 1);
    a[q] = k;
    a[q + 1] = t;
    a[q + 2] = v;
  }
}

/** The System's byte codec for one search. */
export class SystemCodec {
  private readonly gen = ++generations;
  /** Contents -> ids; id 0 is reserved (a flattened record). */
  private readonly table = new InternTable();
  /** Id -> the value first interned with it (undefined for one met only under a renaming). */
  private readonly values: unknown[] = [undefined];
  /** Strings by id, and ids by string (keys and string values). */
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** Per string id: whether it is an array index (a record lists such keys first, in ascending order, whatever the order they were added in). */
  private readonly indexKeys: boolean[] = [];
  /** Ids of numbers that are not 32-bit integers. */
  private readonly numberIds = new Map<number, number>();
  /** Which entries the record of an id keeps, for ids of records with ghost entries left out. */
  private readonly keeps: ((k: string, v: unknown) => boolean)[] = [];
  /** Tokens written so far (tells which objects are worth keeping their id). */
  private work = 0;
  /** Ids of frozen objects (they cannot carry the property). */
  private readonly frozen = new WeakMap<object, number[]>();
  /** No renaming. */
  readonly plain = new CodecRenaming(null);
  /** Scratch: a record's entries. */
  private readonly topKeys: number[] = [];
  private readonly topValues: unknown[] = [];
  /** The state read last, and its plain encoding's numbers (`fields`): writing it again, renamed or not, reads nothing again. */
  private loaded: System | undefined;
  private readonly seq: number[] = [];
  private readonly isValue: number[] = [];

  /** With `portable`: each string's, number's and value's content hash (two lanes), by id. */
  private readonly strHash: number[] = [];
  private readonly numHash: number[] = [];
  private readonly valHash: number[] = [0, 0];
  /** With `portable`: the hash of each string as a field name (a substrate field's salted), by string id, and scratch for sorting a state's fields. */
  private readonly topNameHash: number[] = [];
  private readonly subNameHash: number[] = [];
  private readonly keyScratch: number[] = [];

  /** `portable`: keep content hashes and write keys with them (see the module's comment). */
  constructor(
    private readonly world: World,
    readonly portable = false,
  ) {}

  /** A new renaming of strings (each string and each value is renamed once and remembered). */
  renaming(rename: (s: string) => string): CodecRenaming {
    return new CodecRenaming(rename);
  }

  /** Distinct values interned so far (renamed ones included). */
  get size(): number {
    return this.values.length - 1;
  }

  private stringId(s: string): number {
    let i = this.stringIds.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.indexKeys.push(INDEX.test(s) && Number(s) < 0xffffffff);
      this.stringIds.set(s, i);
      if (this.portable) {
        const h = stringLanes(s);
        this.strHash.push(h[0]!, h[1]!);
      }
    }
    return i;
  }

  /** The id of string `s` renamed by `r`. */
  private stringOf(s: string, r: CodecRenaming): number {
    let t = r.tokens.get(s);
    if (t === undefined) {
      t = this.stringId(r.rename ? r.rename(s) : s);
      r.tokens.set(s, t);
    }
    return t;
  }

  /** Pushes the token of a value inside its parent's content. */
  private token(v: unknown, r: CodecRenaming): void {
    const t = this.table;
    this.work++;
    switch (typeof v) {
      case 'string':
        t.push(T_STR);
        t.push(this.stringOf(v, r));
        return;
      case 'number':
        if ((v | 0) === v) {
          t.push(T_INT);
          t.push(v);
        } else {
          let id = this.numberIds.get(v);
          if (id === undefined) {
            this.numberIds.set(v, (id = this.numberIds.size));
            if (this.portable) {
              const h = stringLanes(`#${v}`);
              this.numHash.push(h[0]!, h[1]!);
            }
          }
          t.push(T_NUM);
          t.push(id);
        }
        return;
      case 'boolean':
        t.push(v ? T_TRUE : T_FALSE);
        t.push(0);
        return;
      case 'undefined':
        t.push(T_UNDEF);
        t.push(0);
        return;
      case 'object': {
        if (v === null) {
          t.push(T_NULL);
          t.push(0);
          return;
        }
        const id = r === this.plain ? this.node(v) : this.renamedId(this.node(v), r);
        t.push(T_NODE);
        t.push(id);
        return;
      }
      default:
        throw new TypeError(`cannot encode a ${typeof v}: the System must be plain data`);
    }
  }

  /** Pushes the content of an array or record (`keep`: which record entries count). */
  private content(o: object, r: CodecRenaming, keep?: (k: string, v: unknown) => boolean): void {
    const t = this.table;
    if (Array.isArray(o)) {
      t.push(H_ARR);
      t.push(o.length);
      for (let i = 0; i < o.length; i++) this.token(o[i], r);
      return;
    }
    const rec = o as Record<string, unknown>;
    t.push(keep ? H_GHOSTS : H_REC);
    const countAt = t.top;
    t.push(0);
    let n = 0;
    let last = -1;
    let sorted = true;
    // Index keys come first, in ascending order, whatever order they were added in: the others are sorted by id.
    let named = -1;
    for (const key in rec) {
      const v = rec[key];
      if (v === undefined || (keep !== undefined && !keep(key, v))) continue;
      const k = this.stringOf(key, r);
      if (named < 0 && !this.indexKeys[k]) named = n;
      if (named >= 0) {
        if (k <= last) sorted = false;
        last = k;
      }
      t.push(k);
      this.token(v, r);
      n++;
    }
    t.stack[countAt] = n;
    // Named entries sorted by key id, then by value (a renaming may give two keys one name).
    if (!sorted) sortTriples(t.stack, countAt + 1 + 3 * named, n - named);
  }

  /** Records a value for an id just closed (`fresh`: a new id). */
  private keepValue(id: number, fresh: boolean, value: unknown): void {
    if (fresh) this.values.push(value);
    else if (value !== undefined && this.values[id] === undefined) this.values[id] = value;
  }

  /** The content hash of a token (`tag`, `payload`), into `ha`/`hb`. */
  private tokenHash(tag: number, payload: number): void {
    let h: readonly number[] | undefined;
    let at = 0;
    if (tag === T_STR) {
      h = this.strHash;
      at = 2 * payload;
    } else if (tag === T_NODE) {
      h = this.valHash;
      at = 2 * payload;
    } else if (tag === T_NUM) {
      h = this.numHash;
      at = 2 * payload;
    }
    if (h !== undefined) {
      this.ha = h[at]!;
      this.hb = h[at + 1]!;
    } else {
      this.ha = fmix(mixA(mixA(TAG_NUMBER, tag), payload));
      this.hb = fmix(mixB(mixB(TAG_NUMBER, tag), payload));
    }
  }

  private ha = 0;
  private hb = 0;

  /** Appends the content hash of the value just interned, whose content was `stack[start..end)` (a portable codec's). */
  private hashContent(start: number, end: number): void {
    const w = this.table.stack;
    const head = w[start]!;
    let a: number;
    let b: number;
    if (head === H_PRIM) {
      this.tokenHash(w[start + 1]!, w[start + 2]!);
      a = this.ha;
      b = this.hb;
    } else if (head === H_ARR) {
      a = TAG_ARRAY;
      b = TAG_ARRAY ^ 0x1234567;
      for (let i = start + 2; i < end; i += 2) {
        this.tokenHash(w[i]!, w[i + 1]!);
        a = mixA(a, this.ha);
        b = mixB(b, this.hb);
      }
      a = fmix(mixA(a, w[start + 1]!));
      b = fmix(mixB(b, w[start + 1]!));
    } else {
      // A record: its entries' hashes summed, so their order does not count.
      let sa = 0;
      let sb = 0;
      for (let i = start + 2; i < end; i += 3) {
        const k = w[i]!;
        this.tokenHash(w[i + 1]!, w[i + 2]!);
        sa = (sa + fmix(mixA(mixA(0x3c6ef372, this.strHash[2 * k]!), this.ha))) | 0;
        sb = (sb + fmix(mixB(mixB(0xa54ff53a, this.strHash[2 * k + 1]!), this.hb))) | 0;
      }
      a = fmix(mixA(mixA(TAG_RECORD, head), sa));
      b = fmix(mixB(mixB(TAG_RECORD ^ 0x2545f491, head), sb));
    }
    this.valHash.push(a, b);
  }

  /** The hash of a field name: a top-level field's, or a substrate field's (salted, so the two levels never share one). */
  private nameHash(k: number, top: boolean): number {
    const cache = top ? this.topNameHash : this.subNameHash;
    let h = cache[k];
    if (h === undefined) cache[k] = h = fmix(mixA(top ? 0x51ed27 : 0x2f1b3c, this.strHash[2 * k]!)) >>> 0;
    return h;
  }

  /**
   * Appends the key bytes of `s` under renaming `r`: a portable codec's
   * are, per field (the substrate's own fields in its place), the name's
   * hash and the value's content hash, in the order of the names' hashes;
   * another codec's are `writeRenamed`'s.
   */
  writeKey(w: ByteWriter, s: System, r: CodecRenaming = this.plain): void {
    if (!this.portable) {
      this.writeRenamed(w, s, r);
      return;
    }
    this.load(s);
    const seq = this.seq;
    const keys = this.keyScratch;
    keys.length = 0;
    // The plain encoding's numbers: a count, then (key, value) pairs; a flattened record's value is 0 followed by its own count and pairs.
    let i = 0;
    let top = true;
    let left = seq[i++]!;
    let outerLeft = 0;
    while (left > 0 || (!top && outerLeft > 0)) {
      if (left === 0) {
        top = true;
        left = outerLeft;
        outerLeft = 0;
        continue;
      }
      const k = seq[i++]!;
      const v = seq[i++]!;
      left--;
      if (v === 0 && top) {
        outerLeft = left;
        left = seq[i++]!;
        top = false;
        continue;
      }
      const id = r === this.plain ? v : this.renamedId(v, r);
      // Insertion by name hash: a state has a dozen fields.
      const h = this.nameHash(k, top);
      let j = keys.length;
      keys.push(h, this.valHash[2 * id]!, this.valHash[2 * id + 1]!);
      while (j > 0 && keys[j - 3]! > h) {
        keys[j] = keys[j - 3]!;
        keys[j + 1] = keys[j - 2]!;
        keys[j + 2] = keys[j - 1]!;
        j -= 3;
      }
      keys[j] = h;
      keys[j + 1] = this.valHash[2 * id]!;
      keys[j + 2] = this.valHash[2 * id + 1]!;
    }
    for (let x = 0; x < keys.length; x++) w.u32(keys[x]! >>> 0);
  }

  /** The id, under renaming `r`, of the value of (plain) id `id`. */
  renamedId(id: number, r: CodecRenaming): number {
    let x = r.ids[id];
    if (x !== undefined) return x;
    const v = this.values[id];
    const t = this.table;
    const start = t.open();
    if (typeof v === 'object' && v !== null) this.content(v, r, this.keeps[id]);
    else {
      t.push(H_PRIM);
      this.token(v, r);
    }
    const end = t.top;
    x = t.close(start);
    if (t.fresh && this.portable) this.hashContent(start, end);
    this.keepValue(x, t.fresh, undefined);
    r.ids[id] = x;
    return x;
  }

  /**
   * The (plain) id of an array or record (`keep`: a record whose ghost
   * entries are left out, under a content of its own). The id is kept on
   * the object when it is the value the table decodes to: those objects are
   * met again (every decoded state is made of them), while most objects a
   * step builds equal one of them and are never met again.
   */
  private node(o: object, keep?: (k: string, v: unknown) => boolean): number {
    const sym = keep ? GHOST_IDS : IDS;
    let ids = (o as Record<symbol, number[] | undefined>)[sym];
    if (ids === undefined && !Object.isExtensible(o)) ids = this.frozen.get(o);
    if (ids !== undefined && ids[0] === this.gen) return ids[1]!;
    const t = this.table;
    const start = t.open();
    const before = this.work;
    this.content(o, this.plain, keep);
    const end = t.top;
    const id = t.close(start);
    if (t.fresh && this.portable) this.hashContent(start, end);
    if (t.fresh) this.values.push(o);
    else if (this.values[id] === undefined) this.values[id] = o;
    else if (this.values[id] !== o && this.work - before < CACHE_MIN_WORK) return id;
    if (keep) this.keeps[id] = keep;
    if (ids === undefined) {
      ids = [this.gen, id];
      if (Object.isExtensible(o)) Object.defineProperty(o, sym, { value: ids, enumerable: false, writable: false, configurable: false });
      // A frozen record under a ghost key shares the side map: such a record is only ever under that key.
      else this.frozen.set(o, ids);
    } else {
      ids[0] = this.gen;
      ids[1] = id;
    }
    return id;
  }

  /** The (plain) id of a field's value (a primitive is interned by its token; `keep`: the record's ghost entries are left out). */
  private valueId(v: unknown, keep?: (k: string, v: unknown) => boolean): number {
    if (typeof v === 'object' && v !== null) return this.node(v, keep);
    const t = this.table;
    const start = t.open();
    t.push(H_PRIM);
    this.token(v, this.plain);
    const end = t.top;
    const id = t.close(start);
    if (t.fresh && this.portable) this.hashContent(start, end);
    this.keepValue(id, t.fresh, v);
    return id;
  }

  /**
   * Reads a record's fields (those not left out) into `seq` as the plain
   * encoding's numbers: the count, then key and value ids sorted by key id
   * (`isValue` marks the value ids); `substrate` flattened (value 0, then
   * its own fields), ghosts left out.
   */
  private fields(rec: Record<string, unknown>, top: boolean): void {
    const keys = this.topKeys;
    const values = this.topValues;
    const base = keys.length;
    for (const k in rec) {
      const v = rec[k];
      if (v === undefined || (top && NOT_IDENTITY.has(k))) continue;
      const id = this.stringId(k);
      // Insertion sort by key id: the System's fields are few and mostly in order already.
      let j = keys.length;
      keys.push(id);
      values.push(v);
      while (j > base && keys[j - 1]! > id) {
        keys[j] = keys[j - 1]!;
        values[j] = values[j - 1];
        j--;
      }
      keys[j] = id;
      values[j] = v;
    }
    const seq = this.seq;
    const isValue = this.isValue;
    seq.push(keys.length - base);
    isValue.push(0);
    for (let i = base; i < keys.length; i++) {
      const k = this.strings[keys[i]!]!;
      seq.push(keys[i]!);
      isValue.push(0);
      const v = values[i];
      if (top && k === FLAT && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        seq.push(0);
        isValue.push(0);
        this.fields(v as Record<string, unknown>, false);
      } else {
        seq.push(this.valueId(v, top ? undefined : GHOSTS[k]));
        isValue.push(1);
      }
    }
    keys.length = base;
    values.length = base;
  }

  /** Reads the fields of `s` into `seq`, unless it is the state read last. */
  private load(s: System): void {
    if (s === this.loaded) return;
    this.loaded = undefined;
    this.seq.length = 0;
    this.isValue.length = 0;
    this.fields(s as unknown as Record<string, unknown>, true);
    this.loaded = s;
  }

  /** Appends the bytes of `s` under renaming `r`. */
  writeRenamed(w: ByteWriter, s: System, r: CodecRenaming): void {
    this.load(s);
    const seq = this.seq;
    const isValue = this.isValue;
    if (r === this.plain) for (let i = 0; i < seq.length; i++) w.varint(seq[i]!);
    else for (let i = 0; i < seq.length; i++) w.varint(isValue[i] === 1 ? this.renamedId(seq[i]!, r) : seq[i]!);
  }

  /** Appends the identity bytes of `s`. */
  write(w: ByteWriter, s: System): void {
    this.writeRenamed(w, s, this.plain);
  }

  private valueOf(id: number): unknown {
    const v = id > 0 && id < this.values.length ? this.values[id] : undefined;
    if (v === undefined) throw new RangeError(`encoded state names value ${id}, which this codec never decoded`);
    return v;
  }

  private keyOf(id: number): string {
    const k = this.strings[id];
    if (k === undefined) throw new RangeError(`encoded state names string ${id}, which this codec never interned`);
    return k;
  }

  private readFields(rd: ByteReader, out: Record<string, unknown>, top: boolean): void {
    const n = rd.varint();
    for (let i = 0; i < n; i++) {
      const k = this.keyOf(rd.varint());
      const id = rd.varint();
      if (id === 0 && top && k === FLAT) {
        const sub: Record<string, unknown> = {};
        this.readFields(rd, sub, false);
        out[k] = sub;
      } else out[k] = this.valueOf(id);
    }
  }

  /** The System with these identity bytes: the codec's world, no deferral history. */
  read(bytes: Uint8Array): System {
    const rd = new ByteReader(bytes);
    const out: Record<string, unknown> = { world: this.world };
    this.readFields(rd, out, true);
    if (!rd.done) throw new RangeError(`encoded state has ${bytes.length - rd.pos} bytes after its end`);
    out['deferralWaits'] = {};
    return out as unknown as System;
  }
}
