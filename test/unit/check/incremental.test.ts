import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../src/faults/build-world.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { INVARIANTS, GOALS } from '../../../properties/index.js';
import { propertySets, EVERY_STEP } from '../../../src/engine/judge.js';
import { STATE_PARTS } from '../../../src/system/state-parts.js';
import { everyPropertyModel, bothWays, sampleSequences } from '../../helpers/both-ways.js';

// Incremental judging skips a claim after a step that left every part it reads alone; these runs prove it finds what judging everything finds.
describe('incremental property checks find the verdicts of the full check, at the same step', () => {
  it('every built-in invariant and state goal declares the parts it reads (policy-threw reads only the step)', () => {
    const sets = propertySets(everyPropertyModel(buildWorld(DEFAULT_CONFIG)).properties, { parts: STATE_PARTS, changed: () => 0 });
    const undeclared = sets.safety.filter((p, i) => p.kind === 'always' && sets.safetyReads![i] === EVERY_STEP).map((p) => p.name);
    expect(undeclared).toEqual([]);
    expect(INVARIANTS.length).toBeGreaterThan(30);
    expect(GOALS.some((g) => g.reads)).toBe(true);
  });

  it('an unknown part in reads is refused by name', () => {
    expect(() => propertySets([{ kind: 'always', name: 'typo-claim', description: 'x', check: () => null, reads: ['slats'] }], { parts: STATE_PARTS, changed: () => 0 })).toThrow(
      /typo-claim: reads names "slats"/,
    );
  });

  it('on random runs of the default host', () => {
    const model = everyPropertyModel(buildWorld(DEFAULT_CONFIG));
    let steps = 0;
    for (const ops of sampleSequences(model, 11, 20, 40)) {
      const r = bothWays(model, ops);
      expect(r.incremental).toEqual(r.full);
      steps += r.full.steps;
    }
    // The runs do something: hundreds of applied steps.
    expect(steps).toBeGreaterThan(200);
  });

  // Every fault's shrunk counterexample is judged both ways in test/e2e/every-fault.test.ts; here, whole generated runs of a few.
  it('on random runs of faults of the default host', () => {
    let violated = 0;
    for (const f of FAULTS.filter((x) => !x.config).slice(0, 6)) {
      const model = everyPropertyModel(buildWorld(DEFAULT_CONFIG, [f.name]));
      for (const ops of sampleSequences(model, 3, 4, 40)) {
        const r = bothWays(model, ops);
        expect(r.incremental, f.name).toEqual(r.full);
        if (r.full.violation) violated++;
      }
    }
    // Some of these runs break a claim, so violations are compared, not only clean runs.
    expect(violated).toBeGreaterThan(2);
  });
});
