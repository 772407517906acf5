/**
 * A run that starts after the ops it shares with a logged run (what
 * shrinking does with each candidate) finds what a run from the initial
 * state finds: the same steps, violation, final state and skipped ops.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { INVARIANTS, LIVENESS } from '../../../properties/index.js';
import { systemModel } from '../../../src/check/system-model.js';
import { runModel } from '../../../src/check/run.js';
import { checkRandom } from '../../../src/check/random.js';
import { sampleSequences } from '../../helpers/both-ways.js';

/** The default host with a fault the runs find often, judged on every invariant and liveness property. */
const world = buildWorld(DEFAULT_CONFIG, ['map-skips-holder-update']);
const model = systemModel(world, { invariants: INVARIANTS, liveness: LIVENESS });
const sequences = sampleSequences(model, 11, 30, 24);

describe('a run resumed from a logged run', () => {
  it('finds what the run from the initial state finds, for every shared prefix and a different tail', () => {
    let violated = 0;
    let resumed = 0;
    for (const [n, ops] of sequences.entries()) {
      const base = runModel(model, ops, [], undefined, undefined, { record: true });
      const log = base.log!;
      expect(log.states.length - 1).toBeLessThanOrEqual(ops.length);
      if (base.violation) violated++;
      // Candidates as shrinking makes them: the first k ops kept, the rest another sequence's.
      const other = sequences[(n + 1) % sequences.length]!;
      for (let k = 1; k < log.states.length; k += 3) {
        const candidate = [...ops.slice(0, k), ...other.slice(k)];
        const scratch = runModel(model, candidate, []);
        const from = runModel(model, candidate, [], undefined, undefined, { from: { log, shared: k } });
        expect(from.steps).toEqual(scratch.steps);
        expect(from.violation).toEqual(scratch.violation);
        expect(from.skippedCount).toBe(scratch.skippedCount);
        expect(from.final).toEqual(scratch.final);
        resumed++;
      }
    }
    // The sample is not vacuous: some runs fail, and many prefixes are resumed.
    expect(violated).toBeGreaterThan(0);
    expect(resumed).toBeGreaterThan(40);
  });

  it('refuses a start beyond what the log holds', () => {
    const ops = sequences[0]!;
    const log = runModel(model, ops, [], undefined, undefined, { record: true }).log!;
    expect(() => runModel(model, ops, [], undefined, undefined, { from: { log, shared: log.states.length } })).toThrow(/shares \d+ ops with a log of \d+/);
  });

  it('the random engine shrinks to the counterexample it found when every candidate ran from the initial state (pinned)', () => {
    const r = checkRandom(world, { seed: 1, runs: 100, depth: 40 });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    // The figures of the same check where every shrink candidate ran from the initial state.
    expect(r.counterexample.ops.length).toBe(4);
    expect(r.counterexample.shrinks).toBe(11);
    expect(r.counterexample.property).toBe('no-frame-owned-twice');
  });
});
