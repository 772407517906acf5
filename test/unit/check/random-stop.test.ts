import { describe, expect, it } from 'vitest';
import { checkRandom, checkRandomStoppable } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';

// The random engine as `hvspec check` runs it: a signal handler may ask it to stop between runs and shrink steps.
describe('checkRandomStoppable', () => {
  it('nothing asks it to stop: the same result as checkRandom, byte for byte', async () => {
    const w = buildWorld(DEFAULT_CONFIG, ['map-skips-scrub']);
    const sync = checkRandom(w, { seed: 42, runs: 50, depth: 30 });
    const stoppable = await checkRandomStoppable(w, { seed: 42, runs: 50, depth: 30 }, () => false);
    expect(stoppable.stopped).toBe(false);
    expect(JSON.stringify(stoppable.result)).toBe(JSON.stringify(sync));
  });

  it('asked to stop after some runs: only the runs made are counted, and it says it stopped', async () => {
    let done = 0;
    const r = await checkRandomStoppable(buildWorld(DEFAULT_CONFIG), { seed: 1, runs: 200, depth: 20, onProgress: (n) => (done = n) }, () => done >= 7);
    expect(r.stopped).toBe(true);
    expect(r.result.kind).not.toBe('violated');
    expect(r.result.runs).toBe(7);
  });

  it('asked to stop while shrinking: the shrink ends early with a real counterexample, reported as a violation', async () => {
    const w = buildWorld(DEFAULT_CONFIG, ['unmap-skips-tlb-flush']);
    const opts = { seed: 3, runs: 200, depth: 40 };
    const whole = checkRandom(w, opts);
    expect(whole.kind).toBe('violated');
    let failedRun = Infinity;
    // The run that fails is the last one onProgress reports; from then on (the shrink) every poll says stop.
    const r = await checkRandomStoppable(w, { ...opts, onProgress: (n) => (failedRun = n === whole.runs ? n : Infinity) }, () => failedRun !== Infinity);
    expect(r.stopped).toBe(false);
    expect(r.result.kind).toBe('violated');
    if (r.result.kind !== 'violated' || whole.kind !== 'violated') return;
    expect(r.result.counterexample.shrinks ?? 0).toBeLessThan(whole.counterexample.shrinks ?? 0);
    expect(r.result.counterexample.ops.length).toBeGreaterThanOrEqual(whole.counterexample.ops.length);
    expect(runTrace(w, r.result.counterexample.ops, INVARIANTS).violation?.property).toBe(r.result.counterexample.property);
  });
});

describe('a time budget (budgetSpent)', () => {
  const world = buildWorld(DEFAULT_CONFIG);
  // A budget that is spent after `n` questions: the engine asks once before each generated run.
  const after = (n: number) => {
    let asked = 0;
    return () => asked++ >= n;
  };

  it('ends the runs when it is spent and says so; the runs made are those of an unbudgeted check of that many runs', () => {
    const r = checkRandom(world, { seed: 4, runs: 1000, depth: 20, budgetSpent: after(7) });
    expect(r.runs).toBe(7);
    expect(r.budgetSpent).toBe(true);
    const seven = checkRandom(world, { seed: 4, runs: 7, depth: 20 });
    expect(r.steps).toBe(seven.steps);
    expect(seven.budgetSpent).toBeUndefined();
  });

  it('a budget never spent changes nothing', () => {
    const r = checkRandom(world, { seed: 4, runs: 5, depth: 20, budgetSpent: () => false });
    expect(r.runs).toBe(5);
    expect(r.budgetSpent).toBeUndefined();
  });

  it('a violation found before the budget is spent is shrunk in full, as without a budget', () => {
    const faulty = buildWorld(DEFAULT_CONFIG, ['unmap-keeps-slat-entry']);
    const budgeted = checkRandom(faulty, { seed: 1, runs: 200, depth: 40, budgetSpent: after(200) });
    const plain = checkRandom(faulty, { seed: 1, runs: 200, depth: 40 });
    expect(budgeted.kind).toBe('violated');
    if (budgeted.kind !== 'violated' || plain.kind !== 'violated') throw new Error('expected violations');
    expect(budgeted.counterexample.ops).toEqual(plain.counterexample.ops);
  });
});
