/**
 * Properties of one's own over hvspec's System, with @fast-check/vitest:
 * `ops(config)` generates op sequences the way `hvspec check` does (each op
 * enabled when its turn comes, kinds by weight), fast-check shrinks a
 * failing one, and `assertHolds` reports it as hvspec does.
 */
import { test } from '@fast-check/vitest';
import { ops, assertHolds, runOps, budget } from 'hvspec/vitest';
import type { System } from 'hvspec/system';
import config from './hvspec.config.js';

/** No VP runs on two logical processors at once. */
function vpRunsOnOneProcessor(s: System): string | null {
  const seen = new Set<string>();
  for (const [lp, { running }] of s.substrate.lps.entries()) {
    if (!running) continue;
    const vp = `${running.pid} vp${running.vp}`;
    if (seen.has(vp)) return `${vp} runs on two processors (lp${lp} and another)`;
    seen.add(vp);
  }
  return null;
}

// Seeds pinned so that a run repeats exactly (drop `seed` to explore new sequences on every run).
test.prop([ops(config, { maxLength: 25 })], { numRuns: 40, seed: 1 })('hvspec’s invariants and a claim of one’s own hold', (seq) => {
  assertHolds(config, seq, [vpRunsOnOneProcessor]);
});

test.prop([ops(config, { maxLength: 25 })], { numRuns: 40, seed: 2 })('a run that maps memory for p1 leaves p1 with pages mapped', (seq) => {
  const run = runOps(config, seq);
  const mapsP1 = run.steps.some((s) => s.op.type === 'mapGpaPages' && s.op.pid === 'p1');
  // Unmapping, finalizing (which deallocates the GPA mappings) or deleting p1 leaves it without them.
  const unmapsOrDeletes = run.steps.some((s) => (s.op.type === 'unmapGpaPages' || s.op.type === 'finalizePartition' || s.op.type === 'deletePartition') && 'pid' in s.op && s.op.pid === 'p1');
  if (mapsP1 && !unmapsOrDeletes) return Object.keys(run.final.substrate.slat['p1'] ?? {}).length > 0;
  return true;
});

// A time budget instead of a run count: as many runs as fit in 1 s, at most 50 (as `hvspec check --max-seconds 1 --runs 50`).
test.prop([ops(config, { maxLength: 25 })], { seed: 3, ...budget(1, { maxRuns: 50 }) })('hvspec’s invariants hold in the runs a budget allows', (seq) => {
  assertHolds(config, seq);
});
