import { describe, it, expect } from 'vitest';
import { Hasher, type Fingerprint } from '../../../src/check/fingerprint.js';
import { LaneHasher } from '../../../src/check/lane-hash.js';
import { initialSystem, standardWorld, type System } from '../../../src/system/system.js';
import { EXPLORE_CONFIG, MEMORY_SCOPE } from '../../../src/check/explore-config.js';
import { exploreOps } from '../../../src/check/explore.js';
import { applyOp } from '../../../src/system/step.js';

const out = new Uint32Array(2);
/** Lane i of the last `hash`, as a fingerprint. */
const lane = (h: LaneHasher, i: number, extra?: ArrayLike<number>): Fingerprint => {
  h.laneHash(i, extra, out, 0);
  return { hi: out[0]!, lo: out[1]! };
};
/** The state under `target` (id j becomes id target[j]). */
const renamed = (h: LaneHasher, s: object, target: readonly number[], extra?: ArrayLike<number>): Fingerprint => {
  h.renamed(s, Int32Array.from(target), extra, out, 0);
  return { hi: out[0]!, lo: out[1]! };
};

/** Systems along a deterministic walk of the memory ops (the i-th enabled op, i cycling). */
function walk(config: typeof EXPLORE_CONFIG, steps: number, stride: number): System[] {
  let s = initialSystem(standardWorld(config));
  const states = [s];
  for (let i = 0; i < steps; i++) {
    const ops = exploreOps(s, MEMORY_SCOPE.opTypes);
    if (ops.length === 0) break;
    s = applyOp(s, ops[(i * stride) % ops.length]!).system;
    states.push(s);
  }
  return states;
}

/** A deep copy of everything fingerprinted (the world, machines with their functions, is shared): it carries no cached hash. */
const fresh = (s: System): System => ({ ...structuredClone({ ...s, world: null }), world: s.world });

const three = { ...EXPLORE_CONFIG, frames: 6, partitions: ['p1', 'p2', 'p3'].map((id) => ({ id, vps: 1, gpaPages: 1 })) };
const ids = ['p1', 'p2', 'p3'];
/** Lanes that need not be permutations: the identity, a rotation, and one that names two ids alike (p1 → "self", the others → "other"). */
const names = [ids, ['p2', 'p3', 'p1'], ['self', 'other', 'other']];
/** Signature lanes: every id to one marker ("none"), then each id in turn to "self" and the others to the marker. */
const signatures = [['m', 'm', 'm'], ['self', 'm', 'm'], ['m', 'self', 'm'], ['m', 'm', 'self']];
const mapsOf = (lanes: string[][]) => lanes.map((ns) => new Map(ids.map((id, j) => [id, ns[j]!])));

describe('lane hashing', () => {
  it('gives each lane exactly what a Hasher with that renaming gives, before and after caching, with clean objects cached once or per lane', () => {
    for (const lanes of [names, signatures])
      for (const renames of [false, true]) {
        const h = new LaneHasher(ids, lanes, renames);
        const maps = mapsOf(lanes);
        for (const s of walk(three, 40, 5)) {
          const each = maps.map((m) => new Hasher(m).system(s, [3]));
          h.hash(s);
          lanes.forEach((_, i) => expect(lane(h, i, [3])).toEqual(each[i]));
          h.commit();
          h.hash(s);
          lanes.forEach((_, i) => expect(lane(h, i, [3])).toEqual(each[i]));
          // On fresh objects, which the walk hashes before any cache exists.
          h.hash(fresh(s));
          lanes.forEach((_, i) => expect(lane(h, i, [3])).toEqual(each[i]));
        }
      }
  });

  it('hashes under one more renaming of ids to ids what a Hasher with that renaming gives, with clean objects from the cache', () => {
    const h = new LaneHasher(ids, names, true);
    const targets = [[0, 1, 2], [2, 0, 1], [1, 0, 2]];
    for (const s of walk(three, 40, 7)) {
      h.hash(s);
      h.commit();
      for (const t of targets) {
        const m = new Map(ids.map((id, j) => [id, ids[t[j]!]!]));
        expect(renamed(h, s, t, [1, 2])).toEqual(new Hasher(m).system(s, [1, 2]));
        expect(renamed(h, fresh(s), t, [1, 2])).toEqual(new Hasher(m).system(s, [1, 2]));
      }
    }
  });

  it('with no ids has one lane, the plain fingerprint', () => {
    const h = new LaneHasher([], [[]]);
    for (const s of walk(EXPLORE_CONFIG, 30, 3)) {
      h.hash(s);
      expect(lane(h, 0)).toEqual(new Hasher().system(s));
      h.commit();
    }
  });

  it('hashes frozen objects and uncommitted objects alike, and adds nothing visible to them', () => {
    const swap = [['p1', 'p2'], ['p2', 'p1']];
    const o = { a: [1, 2, 3, 4], b: { c: 'p1', d: ['partition:p2', 'free', 'free'] } };
    const f = Object.freeze({ a: Object.freeze([1, 2, 3, 4]), b: Object.freeze({ c: 'p1', d: Object.freeze(['partition:p2', 'free', 'free']) }) });
    const h = new LaneHasher(['p1', 'p2'], swap, true);
    h.hash(o);
    const first = [lane(h, 0), lane(h, 1)];
    expect(first[0]).toEqual(new Hasher().system(o));
    expect(first[1]).toEqual(new Hasher(new Map([['p1', 'p2'], ['p2', 'p1']])).system(o));
    h.hash(f);
    expect([lane(h, 0), lane(h, 1)]).toEqual(first);
    h.commit();
    h.hash(f);
    expect([lane(h, 0), lane(h, 1)]).toEqual(first);
    expect(renamed(h, f, [1, 0])).toEqual(first[1]);
    expect(() => renamed(new LaneHasher(['p1', 'p2'], swap), o, [1, 0])).toThrow(/renames/);
    expect(JSON.stringify(o)).toBe('{"a":[1,2,3,4],"b":{"c":"p1","d":["partition:p2","free","free"]}}');
  });
});
