import { describe, it, expect } from 'vitest';
import { interchangeableClasses, renamings, Canonicaliser } from '../../../src/check/symmetry.js';
import { EXPLORE_CONFIG } from '../../../src/check/explore-config.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { initialSystem, standardWorld } from '../../../src/system/system.js';
import { applyOp } from '../../../src/system/step.js';
import type { Op } from '../../../src/system/ops.js';

describe('symmetry', () => {
  it('groups children whose configs differ only in id', () => {
    expect(interchangeableClasses(EXPLORE_CONFIG)).toEqual([['p1', 'p2']]);
    expect(interchangeableClasses(DEFAULT_CONFIG)).toEqual([['p2', 'p3']]);
    expect(interchangeableClasses({ ...DEFAULT_CONFIG, partitions: [{ id: 'free', vps: 1, gpaPages: 1 }, { id: 'a', vps: 1, gpaPages: 1 }] })).toEqual([]);
  });

  it('enumerates every permutation within classes, identity first', () => {
    expect(renamings([['a', 'b', 'c']]).length).toBe(6);
    expect(renamings([['a', 'b'], ['c', 'd']]).length).toBe(4);
    expect(renamings([['a', 'b']])[0]!.size).toBe(0);
  });

  it('gives a state and its renaming the same fingerprint only when symmetry is on', () => {
    const w = standardWorld(EXPLORE_CONFIG);
    const run = (ops: Op[]) => ops.reduce((s, op) => applyOp(s, op).system, initialSystem(w));
    const a = run([{ type: 'createPartition', pid: 'p1' }, { type: 'depositMemory', pid: 'p1', pages: 1 }]);
    const b = run([{ type: 'createPartition', pid: 'p2' }, { type: 'depositMemory', pid: 'p2', pages: 1 }]);
    const on = new Canonicaliser(EXPLORE_CONFIG, true);
    const off = new Canonicaliser(EXPLORE_CONFIG, false);
    expect(on.orbitSize).toBe(2);
    expect(on.fingerprint(a)).toEqual(on.fingerprint(b));
    expect(off.fingerprint(a)).not.toEqual(off.fingerprint(b));
    // Two different states stay apart.
    expect(on.fingerprint(a)).not.toEqual(on.fingerprint(run([{ type: 'createPartition', pid: 'p1' }])));
  });
});
