import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG, MEMORY_OPS, scopeByName } from '../../../src/check/explore-config.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { systemModel } from '../../../src/check/system-model.js';
import { SystemCodec } from '../../../src/check/system-codec.js';
import { CodecCanonicaliser } from '../../../src/check/codec-symmetry.js';
import { ByteWriter } from '../../../src/engine/bytes.js';
import { rename } from '../../../src/check/fingerprint.js';
import type { Config } from '../../../src/system/config.js';
import { standardWorld, initialSystem, type System, type World } from '../../../src/system/system.js';
import { OP_TYPES, type OpType } from '../../../src/system/ops.js';
import { referenceBfs, referenceKey, renamingsOf } from '../../../bench/reference-bfs.js';

const hex = (w: ByteWriter): string => Buffer.from(w.copy()).toString('hex');
const enc = (codec: SystemCodec, s: System): string => {
  const w = new ByteWriter();
  codec.write(w, s);
  return hex(w);
};

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const modelOf = (name: string, world: World) => {
  const scope = scopeByName(name)!;
  return systemModel(world, { opTypes: scope.opTypes, ...(scope.opFilter ? { opFilter: scope.opFilter } : {}) });
};

/** States of random runs of a scope's ops: `runs` runs of `steps` steps, seeded. */
function randomStates(name: string, runs: number, steps: number, seed: number): { world: World; states: System[] } {
  const world = standardWorld(scopeByName(name)!.config);
  const model = modelOf(name, world);
  const next = rng(seed);
  const states: System[] = [];
  for (let r = 0; r < runs; r++) {
    let s = model.initial();
    states.push(s);
    for (let i = 0; i < steps; i++) {
      const ops = model.actions(s);
      if (ops.length === 0) break;
      const t = model.next(s, ops[Math.floor(next() * ops.length)]!);
      if (t) states.push((s = t.state));
    }
  }
  return { world, states };
}

/** decode(encode(s)) behaves as s: it encodes alike, the same ops are enabled, and each op's successors encode alike. */
function roundTrips(world: World, states: readonly System[], name: string): void {
  const model = modelOf(name, world);
  const codec = new SystemCodec(world);
  const w = new ByteWriter();
  for (const s of states) {
    w.reset();
    codec.write(w, s);
    const d = codec.read(w.copy());
    expect(enc(codec, d)).toBe(enc(codec, s));
    const ops = model.actions(s);
    expect(model.actions(d).map((o) => JSON.stringify(o)).sort()).toEqual(ops.map((o) => JSON.stringify(o)).sort());
    for (const op of ops) {
      const a = model.next(s, op);
      const b = model.next(d, op);
      expect(b === undefined).toBe(a === undefined);
      if (a && b) expect(enc(codec, b.state)).toBe(enc(codec, a.state));
    }
  }
}

/** Two states encode alike exactly when their reference keys (identity up to the dropped facts, written independently) are equal. */
function canonical(world: World, states: readonly System[]): void {
  const codec = new SystemCodec(world);
  const byBytes = new Map<string, string>();
  const byKey = new Map<string, string>();
  for (const s of states) {
    const b = enc(codec, s);
    const k = referenceKey(s);
    expect(byBytes.get(b) ?? k).toBe(k);
    expect(byKey.get(k) ?? b).toBe(b);
    byBytes.set(b, k);
    byKey.set(k, b);
  }
}

describe('the System codec', () => {
  for (const [name, runs, seed] of [
    ['memory', 2, 11],
    ['dynamic-memory', 1, 12],
    ['vmbus', 2, 13],
  ] as const)
    it(`round trip and canonicity over random runs of ${name}`, () => {
      const { world, states } = randomStates(name, runs, 12, seed);
      roundTrips(world, states, name);
      canonical(world, states);
    });

  it('round trip and canonicity over the states an explorer run expands (memory scope, bounded)', () => {
    const scope = scopeByName('memory')!;
    const world = standardWorld(scope.config);
    const states: System[] = [];
    explore(world, { ...scopeOptions(scope), maxStates: 60, symmetry: false, onExpand: (s) => states.push(s) });
    expect(states.length).toBeGreaterThan(20);
    roundTrips(world, states, 'memory');
    canonical(world, states);
  });

  it('leaves out ghost facts, counters and key order, and keeps what changes behaviour', () => {
    const { world, states } = randomStates('memory', 1, 20, 21);
    const codec = new SystemCodec(world);
    const s = states[states.length - 1]!;
    const sub = s.substrate;
    const ghost: System = { ...s, deferralWaits: { 3: 7 }, substrate: { ...sub, pools: { ...sub.pools, p9: [] }, slat: { p8: {}, ...sub.slat } } };
    expect(enc(codec, ghost)).toBe(enc(codec, s));
    // Reversed key order, same entries.
    const reversed = Object.fromEntries(Object.entries(s).reverse()) as unknown as System;
    expect(enc(codec, reversed)).toBe(enc(codec, s));
    // A non-empty pool, and the root's empty SLAT, are facts.
    expect(enc(codec, { ...s, substrate: { ...sub, pools: { ...sub.pools, p9: [1] } } })).not.toBe(enc(codec, s));
    expect(enc(codec, { ...s, substrate: { ...sub, slat: { ...sub.slat, root: {} } } })).not.toBe(enc(codec, s));
    // Decoding gives the world back and no deferral history; bytes this codec never made are refused.
    const w = new ByteWriter();
    codec.write(w, ghost);
    const d = codec.read(w.copy());
    expect(d.world).toBe(world);
    expect(d.deferralWaits).toEqual({});
    expect(() => codec.read(new Uint8Array([1, 200, 1, 90]))).toThrow(/never interned|never decoded|ends early/);
  });
});

/** `n` interchangeable children with one VP and one GPA page each, on `frames` frames. */
const children = (n: number, frames = 4): Config => ({
  ...EXPLORE_CONFIG,
  frames,
  partitions: Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, vps: 1, gpaPages: 1 })),
});

/** Plain data with every string renamed by `r` (keys too). */
function renamed<T>(v: T, r: ReadonlyMap<string, string>): T {
  if (typeof v === 'string') return rename(v, r) as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => renamed(x, r)) as T;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [rename(k, r), renamed(x, r)])) as T;
}

const canonicalHex = (canon: CodecCanonicaliser, s: System): string => {
  const w = new ByteWriter();
  canon.write(w, s);
  return hex(w);
};

const CREATE_DEPOSIT: OpType[] = ['createPartition', 'depositMemory', 'withdrawMemory', 'deletePartition'];

describe('the portable codec (the one threads share a visited set with)', () => {
  it('gives a state the same key bytes in every codec, whatever each met before, and the same orbit bytes under symmetry', () => {
    const world = standardWorld(children(3));
    const states: System[] = [];
    explore(world, { opTypes: MEMORY_OPS, symmetry: false, maxStates: 300, onExpand: (s) => states.push(s) });
    // Two codecs that meet the states in opposite orders give them different ids, and the same keys.
    const a = new SystemCodec(world, true);
    const b = new SystemCodec(world, true);
    const key = (c: SystemCodec, s: System) => {
      const w = new ByteWriter();
      c.writeKey(w, s);
      return hex(w);
    };
    const keysA = states.map((s) => key(a, s));
    const keysB = [...states].reverse().map((s) => key(b, s)).reverse();
    expect(keysB).toEqual(keysA);
    expect(states.map((s) => enc(a, s))).not.toEqual([...states].reverse().map((s) => enc(b, s)).reverse());
    // Keys tell states apart exactly as the codec's own bytes do.
    const distinct = (xs: string[]) => new Set(xs).size;
    expect(distinct(keysA)).toBe(distinct(states.map((s) => enc(a, s))));
    const ca = CodecCanonicaliser.of(world.config, a)!;
    const cb = CodecCanonicaliser.of(world.config, b)!;
    expect([...states].reverse().map((s) => canonicalHex(cb, s)).reverse()).toEqual(states.map((s) => canonicalHex(ca, s)));
  });

  it('explores every small default scope to the same states and transitions as the codec with ids of its own', () => {
    for (const name of ['tlb', 'synic']) {
      const sc = scopeByName(name)!;
      for (const symmetry of [true, false]) {
        const own = explore(standardWorld(sc.config), { ...scopeOptions(sc), symmetry });
        const portable = explore(standardWorld(sc.config), { ...scopeOptions(sc), symmetry, portableCodec: true });
        expect([portable.kind, portable.states, portable.transitions, portable.depth], name).toEqual([own.kind, own.states, own.transitions, own.depth]);
      }
    }
  });
});

describe('symmetry on encoded states (sorted signatures, no n!)', () => {
  it('three interchangeable children: the explorer counts the orbits a reference search over all 3! renamings counts', () => {
    const world = standardWorld(children(3));
    const types = OP_TYPES.filter((t) => CREATE_DEPOSIT.includes(t));
    const on = explore(world, { opTypes: CREATE_DEPOSIT, liveness: [] });
    const off = explore(world, { opTypes: CREATE_DEPOSIT, liveness: [], symmetry: false });
    const ref = referenceBfs(world, types, undefined, true, initialSystem(world));
    expect([on.kind, on.states, on.transitions]).toEqual(['complete', ref.keys.size, ref.transitions]);
    // Pinned: orbits with symmetry, states without.
    expect([on.states, off.states]).toEqual([16, 54]);
  });

  it('every renaming of a state has the same canonical bytes, and states of different orbits differ', () => {
    const world = standardWorld(children(3));
    const states: System[] = [];
    explore(world, { opTypes: MEMORY_OPS, symmetry: false, maxStates: 60, onExpand: (s) => states.push(s) });
    const canon = CodecCanonicaliser.of(world.config, new SystemCodec(world))!;
    const renamings = renamingsOf(world);
    expect(renamings).toHaveLength(6);
    const orbitOf = new Map<string, string>();
    const bytesOf = new Map<string, string>();
    for (const s of states) {
      const c = canonicalHex(canon, s);
      const { world: w, ...rest } = s;
      for (const r of renamings) if (r) expect(canonicalHex(canon, { ...renamed(rest, r), world: w })).toBe(c);
      const k = referenceKey(s, renamings);
      expect(orbitOf.get(c) ?? k).toBe(k);
      expect(bytesOf.get(k) ?? c).toBe(c);
      orbitOf.set(c, k);
      bytesOf.set(k, c);
    }
    expect(orbitOf.size).toBeLessThan(states.length);
    expect(canon.fallbacks).toBe(0);
  });

  it('12 children: a few encodings per id and state, never 12!', () => {
    const n = 12;
    const world = standardWorld(children(n, 2 + n));
    const states: System[] = [];
    const r = explore(world, { opTypes: MEMORY_OPS, maxStates: 30, liveness: [], onExpand: (s) => states.push(s) });
    expect(r.kind).toBe('bounded');
    const canon = CodecCanonicaliser.of(world.config, new SystemCodec(world))!;
    for (const s of states) canonicalHex(canon, s);
    // One signature per id, one with every id a marker, the sorted renaming, and a few tie orders.
    const perState = canon.encodings / states.length;
    expect(perState).toBeGreaterThanOrEqual(n + 2);
    expect(perState).toBeLessThan(n + 2 + 24);
    expect(canon.fallbacks).toBe(0);
  });
});
