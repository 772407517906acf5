/**
 * This file FAILS ON PURPOSE: it shows what a failure looks like. A fault
 * (`map-skips-scrub`: MapGpaPages hands a partition frames that still hold
 * another partition's data) is switched on, and hvspec's invariants catch
 * it; fast-check shrinks the run and prints its seed, its path and the
 * steps that ran, and the error is hvspec's counterexample.
 */
import { test } from '@fast-check/vitest';
import { ops, assertHolds, worldOf } from 'hvspec/vitest';
import config from './hvspec.config.js';

const faulty = worldOf(config, { faults: ['map-skips-scrub'] });

test.prop([ops(faulty, { maxLength: 25 })], { numRuns: 100, seed: 1 })('a partition never reads another’s data (fails: the fault is on)', (seq) => {
  assertHolds(faulty, seq);
});
