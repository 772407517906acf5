import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG } from '../../../src/check/explore-config.js';
import { buildWorld, FAULTS } from '../../../src/faults/catalogue.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';

/** The property each fault breaks first on the default explore config, and the shortest counterexample's length. */
const SHORTEST: Record<string, [string, number]> = {
  'unmap-keeps-slat-entry': ['no-frame-owned-twice', 5],
  'unmap-forgets-free-list': ['frames-conserved', 5],
  'map-skips-holder-update': ['no-frame-owned-twice', 4],
  'deposit-keeps-root-mapping': ['no-frame-owned-twice', 2],
  'skip-tlb-purge-on-vm-switch': ['tlb-purged-on-vm-switch', 11],
  'unmap-skips-tlb-flush': ['tlb-agrees-with-slat', 7],
  'map-skips-scrub': ['no-cross-partition-data-leak', 4],
  'withdraw-skips-scrub': ['no-cross-partition-data-leak', 4],
  'delete-ignores-pool': ['deleted-partition-holds-nothing', 3],
  'delete-keeps-memory': ['deleted-partition-holds-nothing', 8],
  'finalize-skips-vp-teardown': ['finalized-partition-stops-running', 5],
};

describe('the explorer finds every catalogued fault on the default explore config, with a shortest counterexample', () => {
  it('every fault has a pinned expectation', () => {
    expect(Object.keys(SHORTEST).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  for (const f of FAULTS)
    it(`${f.name}: ${SHORTEST[f.name]?.join(' in ')} steps, with and without symmetry`, () => {
      const [property, length] = SHORTEST[f.name]!;
      const world = buildWorld(EXPLORE_CONFIG, [f.name]);
      const sym = explore(world);
      const plain = explore(world, { symmetry: false });
      for (const r of [sym, plain]) {
        expect(r.kind).toBe('violated');
        if (r.kind !== 'violated') return;
        // The first property broken is reported; at least one of those broken at that step is one the fault claims.
        const broken = [r.counterexample.property, ...r.counterexample.alsoViolated];
        expect(broken.filter((p) => f.breaks.includes(p)).length, broken.join(', ')).toBeGreaterThan(0);
        expect([r.counterexample.property, r.counterexample.ops.length]).toEqual([property, length]);
        expect(r.counterexample.faults).toEqual([f.name]);
      }
      // Symmetry reaches the same violation in no more states.
      expect(sym.states).toBeLessThanOrEqual(plain.states);
      // An invariant violation replays to the same property at the same step.
      if (INVARIANTS.some((i) => i.name === property) && sym.kind === 'violated') {
        const replay = runTrace(world, sym.counterexample.ops, INVARIANTS);
        expect(replay.violation?.property).toBe(property);
        expect(replay.violation?.step).toBe(length);
      }
    });
});
