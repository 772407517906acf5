import { describe, it, expect } from 'vitest';
import { interchangeableClasses, Canonicaliser } from '../../../src/check/symmetry.js';
import { EXPLORE_CONFIG, MEMORY_OPS } from '../../../src/check/explore-config.js';
import { DEFAULT_CONFIG, type Config } from '../../../src/system/config.js';
import { initialSystem, standardWorld, type System } from '../../../src/system/system.js';
import { applyOp } from '../../../src/system/step.js';
import type { Op, OpType } from '../../../src/system/ops.js';
import { exploreOps } from '../../../src/check/system-model.js';
import { systemModel } from '../../../src/check/system-model.js';
import { explore, exploreModel } from '../../../src/check/explore.js';
import { Hasher, type Fingerprint } from '../../../src/check/fingerprint.js';

const LIFECYCLE: OpType[] = ['createPartition', 'depositMemory', 'withdrawMemory', 'initializePartition', 'mapGpaPages', 'unmapGpaPages', 'finalizePartition', 'deletePartition'];

/** `n` interchangeable children with one VP and one GPA page each, on `frames` frames. */
const children = (n: number, frames = 4): Config => ({
  ...EXPLORE_CONFIG,
  frames,
  partitions: Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, vps: 1, gpaPages: 1 })),
});

/** Every permutation (a test's reference only: n! of them). */
function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r]));
}

/** Every renaming of `ids` among themselves. */
const allRenamings = (ids: readonly string[]) => permutations(ids).map((p) => new Map(ids.map((id, i) => [id, p[i]!])));

const key = (f: Fingerprint): string => `${f.hi}:${f.lo}`;

/** The reference canonical form: the least fingerprint over every renaming. */
function leastOver(ids: readonly string[]): (s: System, extra?: ArrayLike<number>) => Fingerprint {
  const hashers = allRenamings(ids).map((r) => new Hasher(r));
  return (s, extra) => hashers.map((h) => h.system(s, extra)).reduce((a, b) => (a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo) ? a : b));
}

/** Up to `max` distinct states reachable with the memory ops, breadth first, without symmetry. */
function reachable(config: Config, max: number): System[] {
  const plain = new Hasher();
  const s0 = initialSystem(standardWorld(config));
  const seen = new Map([[key(plain.system(s0)), s0]]);
  let frontier = [s0];
  while (frontier.length > 0 && seen.size < max) {
    const next: System[] = [];
    for (const s of frontier)
      for (const op of exploreOps(s, MEMORY_OPS)) {
        const r = applyOp(s, op);
        if (r.outcome.status === 'skipped') continue;
        const k = key(plain.system(r.system));
        if (seen.has(k)) continue;
        seen.set(k, r.system);
        next.push(r.system);
      }
    frontier = next;
  }
  return [...seen.values()];
}

/** Deep copy with every record's keys in reverse order (arrays keep theirs): the same state built in another order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}
const reordered = (s: System): System => ({ ...(reversedKeys({ ...s, world: null }) as System), world: s.world });

/** `s` with its ids renamed everywhere by `r`, as a new state (keys and strings). */
function renamedState(s: System, r: ReadonlyMap<string, string>): System {
  const ren = (x: string): string => {
    const whole = r.get(x);
    if (whole !== undefined) return whole;
    const i = x.lastIndexOf(':');
    const tail = i < 0 ? undefined : r.get(x.slice(i + 1));
    return tail === undefined ? x : x.slice(0, i + 1) + tail;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ren(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [ren(k), walk(x)]));
  };
  return { ...(walk({ ...s, world: null }) as System), world: s.world };
}

/**
 * Fingerprints every state with `canon` and with the reference; returns
 * how many orbits each sees, and whether `canon` ever merged two states
 * the reference keeps apart (which would be unsound).
 */
function compare(states: readonly System[], canon: Canonicaliser, ref: (s: System) => Fingerprint) {
  const canonToRef = new Map<string, string>();
  const refs = new Set<string>();
  let merged = 0;
  for (const s of states) {
    const c = key(canon.fingerprint(s));
    canon.commit();
    const r = key(ref(s));
    refs.add(r);
    const before = canonToRef.get(c);
    if (before !== undefined && before !== r) merged++;
    canonToRef.set(c, r);
  }
  return { canon: canonToRef.size, reference: refs.size, merged };
}

describe('symmetry', () => {
  it('groups children whose configs differ only in id', () => {
    expect(interchangeableClasses(EXPLORE_CONFIG)).toEqual([['p1', 'p2']]);
    expect(interchangeableClasses(DEFAULT_CONFIG)).toEqual([['p2', 'p3']]);
    expect(interchangeableClasses({ ...DEFAULT_CONFIG, partitions: [{ id: 'free', vps: 1, gpaPages: 1 }, { id: 'a', vps: 1, gpaPages: 1 }] })).toEqual([]);
  });

  it('gives a state and its renaming the same fingerprint only when symmetry is on', () => {
    const w = standardWorld(EXPLORE_CONFIG);
    const run = (ops: Op[]) => ops.reduce((s, op) => applyOp(s, op).system, initialSystem(w));
    const a = run([{ type: 'createPartition', pid: 'p1' }, { type: 'depositMemory', pid: 'p1', pages: 1 }]);
    const b = run([{ type: 'createPartition', pid: 'p2' }, { type: 'depositMemory', pid: 'p2', pages: 1 }]);
    const on = new Canonicaliser(EXPLORE_CONFIG, true);
    const off = new Canonicaliser(EXPLORE_CONFIG, false);
    expect(on.fingerprint(a)).toEqual(on.fingerprint(b));
    expect(off.fingerprint(a)).not.toEqual(off.fingerprint(b));
    // Two different states stay apart.
    expect(on.fingerprint(a)).not.toEqual(on.fingerprint(run([{ type: 'createPartition', pid: 'p1' }])));
    // Two children: the identity and the swap, built once; no state builds another.
    expect(on.renamingsBuilt).toBe(2);
    expect(off.renamingsBuilt).toBe(0);
  });

  it('two children: the least fingerprint of the two renamings, exactly', () => {
    const ref = leastOver(['p1', 'p2']);
    const canon = new Canonicaliser(EXPLORE_CONFIG, true);
    for (const s of reachable(EXPLORE_CONFIG, 400)) {
      expect(canon.fingerprint(s, [2, 0])).toEqual(ref(s, [2, 0]));
      canon.commit();
    }
  });

  it('three and four children: sorting by signature keeps exactly the orbits of the least-over-every-renaming reference', () => {
    for (const [n, max] of [[3, 1500], [4, 1500]] as const) {
      const config = children(n, 2 + n);
      const states = reachable(config, max);
      const ids = config.partitions.map((p) => p.id);
      const canon = new Canonicaliser(config, true);
      const r = compare(states, canon, leastOver(ids));
      expect(r.merged).toBe(0);
      expect(r.canon).toBe(r.reference);
      expect(canon.fallbacks).toBe(0);
      // Far fewer orbits than states, so the reduction did something.
      expect(r.reference * 3).toBeLessThan(states.length);
    }
  });

  it('two classes (children of one VP, children of two): renamings stay within a class, and the orbits are those of the reference', () => {
    const config: Config = {
      ...EXPLORE_CONFIG,
      frames: 6,
      partitions: [
        { id: 'a1', vps: 1, gpaPages: 1 },
        { id: 'b1', vps: 2, gpaPages: 1 },
        { id: 'a2', vps: 1, gpaPages: 1 },
        { id: 'b2', vps: 2, gpaPages: 1 },
      ],
    };
    expect(interchangeableClasses(config)).toEqual([['a1', 'a2'], ['b1', 'b2']]);
    const within = [new Map(), new Map([['a1', 'a2'], ['a2', 'a1']])].flatMap((a) =>
      [new Map(), new Map([['b1', 'b2'], ['b2', 'b1']])].map((b) => new Hasher(new Map([...a, ...b]))),
    );
    const ref = (s: System) => within.map((h) => h.system(s)).reduce((x, y) => (x.hi < y.hi || (x.hi === y.hi && x.lo < y.lo) ? x : y));
    const states = reachable(config, 1500);
    const r = compare(states, new Canonicaliser(config, true), ref);
    expect(r.merged).toBe(0);
    expect(r.canon).toBe(r.reference);
    expect(r.reference * 2).toBeLessThan(states.length);
  });

  it('is the fingerprint of a renaming of the state, the same for every renaming of it, whatever order records were built in', () => {
    const config = children(3, 5);
    const ids = ['p1', 'p2', 'p3'];
    const renamings = allRenamings(ids);
    const states = reachable(config, 600).filter((_, i) => i % 20 === 0);
    const canon = new Canonicaliser(config, true);
    for (const s of states) {
      const f = canon.fingerprint(s, [1]);
      expect(renamings.map((r) => key(new Hasher(r).system(s, [1])))).toContain(key(f));
      for (const r of renamings) expect(canon.fingerprint(renamedState(s, r), [1])).toEqual(f);
      expect(canon.fingerprint(reordered(s), [1])).toEqual(f);
    }
  });

  it('ties that are not symmetries of the state (linked children) are enumerated: exact within the limits; beyond them an orbit may stay split, never two merged', () => {
    // Plain data where each child points at another or at none: a 3-cycle gives three tied signatures, yet reversing it is another state.
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const targets = [...ids, null];
    const states: System[] = [];
    for (let code = 0; code < 5 ** 4; code++) {
      const next = Object.fromEntries(ids.map((id, i) => [id, targets[Math.floor(code / 5 ** i) % 5]!]));
      states.push({ next } as unknown as System);
    }
    const ref = leastOver(ids);
    const exact = new Canonicaliser(children(4), true);
    expect(compare(states, exact, ref)).toEqual({ canon: 45, reference: 45, merged: 0 });
    expect(exact.fallbacks).toBe(0);
    const strict = new Canonicaliser(children(4), true, { tieGroup: 1, orders: 1 });
    const r = compare(states, strict, ref);
    expect(r.merged).toBe(0);
    expect(strict.fallbacks).toBeGreaterThan(0);
    expect(r.canon).toBeGreaterThan(r.reference);
    // Groups are enumerated from tabulated orders, so the limit itself is bounded.
    expect(() => new Canonicaliser(children(4), true, { tieGroup: 7, orders: 24 })).toThrow(/tie group limit 7: 1 to 6/);
  });

  it('three interchangeable children, hypercalls only: 849 states with fingerprint symmetry, the reference count', () => {
    const world = standardWorld(children(3));
    const sym = explore(world, { opTypes: LIFECYCLE, objectFrontier: true });
    expect([sym.kind, sym.states, sym.transitions, sym.depth]).toEqual(['complete', 849, 4997, 20]);
    const ref = exploreModel({ ...systemModel(world, { opTypes: LIFECYCLE }), identity: { fingerprinter: () => ({ fingerprint: leastOver(['p1', 'p2', 'p3']) }) } }, { objectFrontier: true });
    expect([ref.kind, ref.states, ref.transitions]).toEqual(['complete', 849, 4997]);
  });
});

describe('symmetry at scale: no n! renamings', () => {
  /** A bounded search of `n` interchangeable children through a canonicaliser the test can read. */
  function bounded(n: number, maxStates: number) {
    const config = children(n, 2 + n);
    const world = standardWorld(config);
    const canon = new Canonicaliser(config, true);
    let fingerprints = 0;
    const fingerprint = (s: System, e?: ArrayLike<number>) => {
      fingerprints++;
      return canon.fingerprint(s, e);
    };
    const model = { ...systemModel(world, { opTypes: MEMORY_OPS }), identity: { fingerprinter: () => ({ fingerprint, commit: () => canon.commit() }) } };
    const r = exploreModel(model, { maxStates, objectFrontier: true });
    return { r, canon, fingerprints };
  }

  it('9 and 12 children: a bounded search builds one renaming per child, then a few per fingerprint, never 9! or 12!', () => {
    for (const n of [9, 12]) {
      const { r, canon, fingerprints } = bounded(n, 400);
      expect(r.kind).toBe('bounded');
      expect(r.states).toBe(400);
      expect(fingerprints).toBeGreaterThan(r.states);
      // One lane per child and one for "none" up front, then per fingerprint the sorted renaming and, for ties, a few more.
      const perFingerprint = (canon.renamingsBuilt - (n + 1)) / fingerprints;
      expect(perFingerprint).toBeGreaterThanOrEqual(1);
      expect(perFingerprint).toBeLessThan(4);
      expect(canon.fallbacks).toBe(0);
    }
  });
});
