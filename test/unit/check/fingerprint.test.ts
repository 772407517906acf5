import { describe, it, expect } from 'vitest';
import { Hasher, rename, sameIdentity } from '../../../src/check/fingerprint.js';
import { initialSystem, standardWorld } from '../../../src/system/system.js';
import { EXPLORE_CONFIG } from '../../../src/check/explore-config.js';
import { applyOp } from '../../../src/system/step.js';

const sys = initialSystem(standardWorld(EXPLORE_CONFIG));

describe('fingerprints', () => {
  it('equal content gives equal fingerprints, whatever the key order and object identity', () => {
    const h = new Hasher();
    expect(h.system({ a: { x: 1, y: [1, 2] }, b: 'p1' })).toEqual(h.system({ b: 'p1', a: { y: [1, 2], x: 1 } }));
    expect(new Hasher().system({ a: 1 })).toEqual(new Hasher().system({ a: 1 }));
  });

  it('different content gives different fingerprints (arrays are ordered, undefined is absent)', () => {
    const h = new Hasher();
    expect(h.system({ a: [1, 2] })).not.toEqual(h.system({ a: [2, 1] }));
    expect(h.system({ a: 'x' })).not.toEqual(h.system({ a: 'y' }));
    expect(h.system({ a: null })).not.toEqual(h.system({ a: false }));
    expect(h.system({ a: 1, b: undefined })).toEqual(h.system({ a: 1 }));
    expect(h.system({ a: { b: 1 } })).not.toEqual(h.system({ b: { a: 1 } }));
  });

  it('leaves out world and the deferral latency clocks, and nothing else', () => {
    const h = new Hasher();
    const counted = { ...sys, deferralWaits: { 0: 5 }, world: standardWorld({ ...EXPLORE_CONFIG, tlbEntries: 7 }) };
    expect(h.system(counted)).toEqual(h.system(sys));
    const next = applyOp(sys, { type: 'createPartition', pid: 'p1' }).system;
    expect(h.system(next)).not.toEqual(h.system(sys));
  });

  it('covers fields it was never told about (new subsystems)', () => {
    const h = new Hasher();
    expect(h.system({ ...sys, synic: { p1: [1] } })).not.toEqual(h.system({ ...sys, synic: { p1: [2] } }));
  });

  it('a cached object keeps its hash and stays invisible to JSON, keys and spreads', () => {
    const o = { a: [1, 2], b: { c: 'p1' } };
    const h = new Hasher();
    const first = h.system(o);
    expect(JSON.stringify(o)).toBe('{"a":[1,2],"b":{"c":"p1"}}');
    expect(Object.keys(o.b)).toEqual(['c']);
    expect({ ...o.b }).toEqual({ c: 'p1' });
    expect(new Hasher().system(o)).toEqual(first);
    expect(new Hasher().system(Object.freeze({ a: Object.freeze([1, 2]), b: Object.freeze({ c: 'p1' }) }))).toEqual(first);
  });

  it('renames partition ids as whole strings and after the last colon', () => {
    const r = new Map([['p1', 'p2'], ['p2', 'p1']]);
    expect(['p1', 'partition:p1', 'pool:p2', 'root', 'p10', 'xp1'].map((s) => rename(s, r))).toEqual(['p2', 'partition:p2', 'pool:p1', 'root', 'p10', 'xp1']);
    const a = { partitions: { p1: 'active' }, holder: ['partition:p1', 'free'] };
    const b = { partitions: { p2: 'active' }, holder: ['partition:p2', 'free'] };
    expect(new Hasher(r).system(a)).toEqual(new Hasher().system(b));
    expect(new Hasher().system(a)).not.toEqual(new Hasher().system(b));
  });

  it('tells a step that changed only the deferral latency clocks (same identity fields) from one that changed the state', () => {
    const waiting = { ...sys, deferralWaits: { 0: 2 } };
    const ticked = applyOp(waiting, { type: 'tick' }).system;
    expect(ticked.deferralWaits).toEqual({ 0: 3 });
    expect(sameIdentity(ticked, waiting)).toBe(true);
    expect(new Hasher().system(ticked)).toEqual(new Hasher().system(waiting));
    expect(sameIdentity(applyOp(sys, { type: 'createPartition', pid: 'p1' }).system, sys)).toBe(false);
    expect(sameIdentity({ ...sys, extra: 1 }, sys)).toBe(false);
    expect(sameIdentity(sys, { ...sys, extra: 1 })).toBe(false);
  });
});
