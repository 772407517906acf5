import { describe, expect, it } from 'vitest';
import { checkRandom, RANDOM_DEFAULTS } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DM_FAULTS } from '../../../models/dynamic-memory/faults.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { propertyByName } from '../../../properties/index.js';
import type { Invariant, Liveness } from '../../../properties/index.js';

/**
 * Every Dynamic Memory fault, every property it claims to break: caught by
 * the random engine with the CLI's defaults (seed 1, 200 runs of up to 40
 * ops, the default op weights, or the fault's own) in the fault's own configuration, and
 * shrunk to a short counterexample.
 */
const cases = DM_FAULTS.flatMap((f) => f.breaks.map((p) => ({ fault: f, property: p })));
const MAX_STEPS = 12;

describe('Dynamic Memory faults are caught and shrunk', () => {
  for (const c of cases)
    it(`${c.fault.name} breaks ${c.property}`, () => {
      const p = propertyByName(c.property) as Invariant | Liveness;
      expect(['always', 'eventually']).toContain(p?.kind);
      const only = p.kind === 'eventually' ? { invariants: [], liveness: [p] } : { invariants: [p], liveness: [] };
      const r = checkRandom(buildWorld(c.fault.config ?? DEFAULT_CONFIG, [c.fault.name]), { ...RANDOM_DEFAULTS, ...only, goals: [], ...(c.fault.weights ? { weights: c.fault.weights } : {}) });
      expect(r.kind, `seed ${RANDOM_DEFAULTS.seed}`).toBe('violated');
      if (r.kind !== 'violated') return;
      expect(r.counterexample.property).toBe(c.property);
      console.log(`${c.fault.name} -> ${c.property}: ${r.counterexample.ops.length} steps (shrunk ${r.counterexample.shrinks} times)`);
      expect(r.counterexample.ops.length, `seed ${RANDOM_DEFAULTS.seed}`).toBeLessThanOrEqual(MAX_STEPS);
    });
});
