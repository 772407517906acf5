import { beforeAll, describe, expect, it } from 'vitest';
import { checkRandom } from '../../../src/check/random.js';
import type { CheckResult } from '../../../src/check/result.js';
import { INVARIANTS } from '../../../properties/index.js';
import { dmInvariants, dmGoals } from '../../../properties/dynamic-memory.js';
import { DM_FAULTS, hostTrustsBalloonResponseRanges, unsolicitedUnballoonMapsBack } from '../../../models/dynamic-memory/faults.js';
import { dmWorld } from '../../helpers/dm-fixture.js';
import { DM_WEIGHTS } from '../../helpers/dm-weights.js';

const SEED = 2026;

describe('Dynamic Memory properties on correct runs', () => {
  let r: CheckResult;
  beforeAll(() => {
    // A 1 GiB guest on a protocol-1.0 host, busy enough to trim, 2 pages below its maximum.
    const world = dmWorld([], {}, { hostVersion: '1.0', maxPages: 18, committedPages: 12 });
    r = checkRandom(world, { seed: SEED, runs: 300, depth: 40, invariants: INVARIANTS, goals: dmGoals, weights: DM_WEIGHTS });
    console.log(`seed ${SEED}: ${r.kind}, ${r.runs} runs, ${r.steps} steps; goals ${r.goals.map((g) => `${g.name} ${g.reachedIn}`).join(', ')}`);
  });

  for (const name of ['no-frame-owned-twice', ...dmInvariants.map((p) => p.name)])
    it(`${name} holds (seed ${SEED})`, () => {
      if (r.kind === 'violated') throw new Error(`seed ${SEED}: ${r.counterexample.property}: ${r.counterexample.message}`);
      expect(r.invariants.find((p) => p.name === name)?.status).toBe('holds');
    });

  for (const g of dmGoals)
    it(`goal ${g.name} is reached (seed ${SEED})`, () => {
      expect(r.goals.find((x) => x.name === g.name)?.reachedIn ?? 0).toBeGreaterThan(0);
    });
});

describe('Dynamic Memory properties and faults', () => {
  it('every Dynamic Memory invariant is broken by at least one fault', () => {
    const broken = new Set([...DM_FAULTS, hostTrustsBalloonResponseRanges, unsolicitedUnballoonMapsBack].flatMap((f) => f.breaks));
    for (const p of [...dmInvariants.map((x) => x.name), 'no-frame-owned-twice']) expect(broken.has(p), p).toBe(true);
  });
});
