import { describe, it, expect } from 'vitest';
import { Hasher, type Fingerprint } from '../../../src/check/fingerprint.js';
import { OrbitHasher } from '../../../src/check/orbit-hash.js';
import { initialSystem, standardWorld, type System } from '../../../src/system/system.js';
import { EXPLORE_CONFIG, MEMORY_SCOPE } from '../../../src/check/explore-config.js';
import { exploreOps } from '../../../src/check/explore.js';
import { applyOp } from '../../../src/system/step.js';

const swap = new Map([['p1', 'p2'], ['p2', 'p1']]);
const least = (a: Fingerprint, b: Fingerprint): Fingerprint => (a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo) ? a : b);

/** Systems along a deterministic walk of the memory scope (the i-th enabled op, i cycling). */
function walk(steps: number): System[] {
  let s = initialSystem(standardWorld(EXPLORE_CONFIG));
  const out = [s];
  for (let i = 0; i < steps; i++) {
    const ops = exploreOps(s, MEMORY_SCOPE.opTypes);
    if (ops.length === 0) break;
    s = applyOp(s, ops[(i * 7) % ops.length]!).system;
    out.push(s);
  }
  return out;
}

/** A deep copy of everything fingerprinted (the world, machines with their functions, is shared): it carries no cached hash. */
const fresh = (s: System): System => ({ ...structuredClone({ ...s, world: null }), world: s.world });

describe('orbit hashing', () => {
  it('gives each lane exactly what a Hasher with that renaming gives, and the least over lanes', () => {
    for (const s of walk(40)) {
      const plain = new Hasher().system(s, [3]);
      const renamed = new Hasher(swap).system(s, [3]);
      expect(new OrbitHasher([null]).fingerprint(s, [3])).toEqual(plain);
      expect(new OrbitHasher([swap]).fingerprint(s, [3])).toEqual(renamed);
      const both = new OrbitHasher([null, swap]);
      expect(both.fingerprint(s, [3])).toEqual(least(plain, renamed));
      both.commit();
      // Cached: the same again, and the same for a Hasher reading the shared cache.
      expect(both.fingerprint(s, [3])).toEqual(least(plain, renamed));
      expect(new Hasher(swap).system(s, [3])).toEqual(renamed);
    }
  });

  it('on fresh objects, hashed by the orbit walk before any Hasher sees them: six renamings of three children agree with six Hashers', () => {
    const three = { ...EXPLORE_CONFIG, frames: 6, partitions: ['p1', 'p2', 'p3'].map((id) => ({ id, vps: 1, gpaPages: 1 })) };
    const ids = ['p1', 'p2', 'p3'];
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const renamings = perms.map((p) => (p.every((x, i) => x === i) ? null : new Map(ids.map((id, i) => [id, ids[p[i]!]!]))));
    let s = initialSystem(standardWorld(three));
    for (let i = 0; i < 30; i++) {
      const ops = exploreOps(s, MEMORY_SCOPE.opTypes);
      if (ops.length === 0) break;
      s = applyOp(s, ops[(i * 5) % ops.length]!).system;
      const orbit = new OrbitHasher(renamings).fingerprint(fresh(s), [i]);
      const each = renamings.map((r) => new Hasher(r).system(fresh(s), [i]));
      expect(orbit).toEqual(each.reduce(least));
      // And lane by lane.
      renamings.forEach((r, k) => expect(new OrbitHasher([r]).fingerprint(fresh(s), [i])).toEqual(each[k]));
    }
  });

  it('hashes frozen objects and uncommitted objects alike', () => {
    const o = { a: [1, 2, 3, 4], b: { c: 'p1', d: ['partition:p2', 'free', 'free'] } };
    const f = Object.freeze({ a: Object.freeze([1, 2, 3, 4]), b: Object.freeze({ c: 'p1', d: Object.freeze(['partition:p2', 'free', 'free']) }) });
    const h = new OrbitHasher([null, swap]);
    const first = h.fingerprint(o);
    expect(h.fingerprint(f)).toEqual(first);
    h.commit();
    expect(h.fingerprint(f)).toEqual(first);
    expect(new OrbitHasher([swap, null]).fingerprint(o)).toEqual(first);
    expect(JSON.stringify(o)).toBe('{"a":[1,2,3,4],"b":{"c":"p1","d":["partition:p2","free","free"]}}');
  });
});
