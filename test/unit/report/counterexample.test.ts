import { describe, expect, it } from 'vitest';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { formatCounterexample } from '../../../src/report/counterexample.js';

describe('counterexample format', () => {
  it('prints the property, the steps that ran with their effects, seed, path and replay command', () => {
    const r = checkRandom(buildWorld(DEFAULT_CONFIG, ['withdraw-skips-scrub']), { seed: 1, runs: 200, depth: 40 });
    if (r.kind !== 'violated') throw new Error(`seed 1: expected a violation, got ${r.kind}`);
    expect(formatCounterexample(r.counterexample, '.hvspec/failures/x.json')).toMatchSnapshot();
  });
});
