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
