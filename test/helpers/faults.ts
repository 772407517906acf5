/**
 * Shared assertions for fault tests: a fault is caught by the property it
 * claims to break, and the counterexample shrinks to at most `maxSteps`.
 */
import { expect } from 'vitest';
import { checkRandom } from '../../src/check/random.js';
import { buildWorld, faultByName } from '../../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../../src/system/config.js';
import { INVARIANTS, LIVENESS } from '../../properties/index.js';
import type { CheckResult, Counterexample } from '../../src/check/result.js';

/** Seed used by the fault tests (printed in every failure message). */
export const FAULT_SEED = 1;

/** Runs the random engine with only `property` (an invariant or a bounded-liveness property) checked (on the fault's own host, with its weights); returns the counterexample or fails the test. */
export function expectCaught(fault: string, property: string, maxSteps: number, config: Config = DEFAULT_CONFIG, runs = 300, depth = 40): Counterexample {
  const inv = INVARIANTS.find((p) => p.name === property);
  const live = LIVENESS.find((p) => p.name === property);
  expect(inv ?? live, `no invariant or liveness property named ${property}`).toBeDefined();
  const own = faultByName(fault);
  const weights = own?.config && own.config === config ? own.weights : undefined;
  const r = checkRandom(buildWorld(config, [fault]), { seed: FAULT_SEED, runs, depth, invariants: inv ? [inv] : [], liveness: live ? [live] : [], goals: [], ...(weights ? { weights } : {}) });
  expect(r.kind, `seed ${FAULT_SEED}: fault ${fault} was not caught by ${property} in ${runs} runs`).toBe('violated');
  if (r.kind !== 'violated') throw new Error('unreachable');
  expect(r.counterexample.property, `seed ${FAULT_SEED}: ${fault} was reported as ${r.counterexample.property}`).toBe(property);
  expect(r.counterexample.ops.length, `seed ${FAULT_SEED}: ${fault} shrank to ${r.counterexample.ops.length} steps`).toBeLessThanOrEqual(maxSteps);
  return r.counterexample;
}

/**
 * Per host, runs and depth: the random runs judged by every invariant at
 * once. The runs a seed generates do not depend on what judges them, so
 * when all hold, each invariant holds on the very runs its own check makes.
 */
const allInvariants = new Map<Config, Map<string, CheckResult>>();

/** Checks that one invariant holds over generated sequences of a correct system. */
export function expectHolds(property: string, config: Config = DEFAULT_CONFIG, runs = 100, depth = 40): void {
  const inv = INVARIANTS.find((p) => p.name === property);
  expect(inv, `no invariant named ${property}`).toBeDefined();
  const byRuns = allInvariants.get(config) ?? new Map<string, CheckResult>();
  allInvariants.set(config, byRuns);
  const key = `${runs}:${depth}`;
  const all = byRuns.get(key) ?? checkRandom(buildWorld(config), { seed: FAULT_SEED, runs, depth, invariants: INVARIANTS, liveness: [], goals: [] });
  byRuns.set(key, all);
  // When some invariant breaks on these runs, this one is judged on its own (as if alone, whatever broke first).
  const r = all.kind === 'holds' ? all : checkRandom(buildWorld(config), { seed: FAULT_SEED, runs, depth, invariants: [inv!], liveness: [], goals: [] });
  expect(r.kind, `seed ${FAULT_SEED}: ${property} ${r.kind === 'violated' ? `violated: ${r.counterexample.message}` : r.kind}`).toBe('holds');
  expect(r.steps).toBeGreaterThan(runs);
}
