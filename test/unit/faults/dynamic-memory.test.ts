import { describe, expect, it } from 'vitest';
import { checkRandom } from '../../../src/check/random.js';
import { DM_FAULTS } from '../../../src/faults/dynamic-memory.js';
import { propertyByName } from '../../../properties/index.js';
import type { Invariant } from '../../../properties/index.js';
import { dmWorld } from '../../helpers/dm-fixture.js';
import { DM_WEIGHTS } from '../../helpers/dm-weights.js';
import type { DmTuning } from '../../../src/dynamic-memory/tuning.js';

/** Every Dynamic Memory fault, every property it claims to break: caught by the random engine and shrunk to at most 15 steps. */
const cases = DM_FAULTS.flatMap((f) => f.breaks.map((p) => ({ fault: f.name, property: p })));
const SEED = 1;

/** Guest settings that let a fault show within a few steps (the defaults are in the fixture). */
const SETUP: Record<string, { tuning?: Partial<DmTuning>; dm?: Record<string, unknown> }> = {
  // A 256 MiB guest keeps a 2-page floor; a 3-page request would go below it.
  'guest-ignores-balloon-floor': { dm: { startupPages: 4, minPages: 1, committedPages: 1 } },
  // Single-page units: two ballooned pages come back in two unballoon requests.
  'guest-answers-every-unballoon-request': { tuning: { largeUnitPages: 1 } },
  'balloon-release-skips-tlb-flush': { dm: { committedPages: 0 } },
};

describe('Dynamic Memory faults are caught and shrunk', () => {
  for (const c of cases)
    it(`${c.fault} breaks ${c.property}`, () => {
      const inv = propertyByName(c.property) as Invariant;
      expect(inv?.kind).toBe('always');
      const setup = SETUP[c.fault] ?? {};
      const r = checkRandom(dmWorld([c.fault], setup.tuning, setup.dm, false), { seed: SEED, runs: 500, depth: 40, invariants: [inv], goals: [], weights: DM_WEIGHTS });
      expect(r.kind, `seed ${SEED}`).toBe('violated');
      if (r.kind !== 'violated') return;
      expect(r.counterexample.property).toBe(c.property);
      console.log(`${c.fault} -> ${c.property}: ${r.counterexample.ops.length} steps (shrunk ${r.counterexample.shrinks} times)`);
      expect(r.counterexample.ops.length, `seed ${SEED}`).toBeLessThanOrEqual(15);
    });
});
