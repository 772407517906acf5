/**
 * Coverage counts the ops a run tried, each once: not the ops an engine
 * applies to generate a run, to shrink a failure or to rebuild a path.
 */
import { describe, expect, it } from 'vitest';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import type { EngineCoverage } from '../../../src/coverage/data.js';
import { checkRandom } from '../../../src/check/random.js';
import { explore } from '../../../src/check/explore.js';
import { scopeOptions } from '../../../src/check/scopes.js';
import { MEMORY_SCOPE } from '../../../src/check/explore-config.js';
import { runTrace } from '../../../src/check/run.js';
import { checkScenario, scenarioByName } from '../../../src/scenarios/index.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { INVARIANTS } from '../../../properties/index.js';
import type { Op } from '../../../src/system/ops.js';
import { STANDARD_MACHINES } from '../../../src/system/system.js';
import { summarize } from '../../../src/coverage/summary.js';
import { universeOf } from '../../../src/coverage/universe.js';
import { renderJson } from '../../../src/report/write.js';
import { renderHtml } from '../../../src/report/html.js';

/** Applied steps: recorded minus skipped, and the per-kind counts add up to it. */
function applied(e: EngineCoverage | undefined): number {
  if (!e) return 0;
  expect(Object.values(e.ops).reduce((a, b) => a + b, 0)).toBe(e.steps - e.skipped);
  return e.steps - e.skipped;
}

describe('coverage counts each op a run applied once', () => {
  it('random: exactly the steps of the generated runs (generating a run applies its ops too, but is not a run)', () => {
    const c = new CoverageCollector();
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: 11, runs: 30, depth: 30, observers: [c.observer('random')] });
    expect(r.kind).not.toBe('violated');
    expect(r.steps).toBeGreaterThan(100);
    expect(applied(c.data().engines.random)).toBe(r.steps);
  });

  it('random with a failure: shrinking and the replay of the counterexample do not add to the count', () => {
    const c = new CoverageCollector();
    const r = checkRandom(buildWorld(DEFAULT_CONFIG, ['skip-tlb-purge-on-vm-switch']), { seed: 1, runs: 200, depth: 40, observers: [c.observer('random')] });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.shrinks).toBeGreaterThan(0);
    // `hvspec check --fault skip-tlb-purge-on-vm-switch` (seed 1): 107 runs, 2,247 steps; a global step listener recorded more.
    expect([r.runs, r.steps]).toEqual([107, 2247]);
    expect(c.data().engines.random).toMatchObject({ steps: 2247, skipped: 0 });
    // The JSON and HTML reports show the same total.
    const summary = summarize(universeOf(STANDARD_MACHINES), c.data());
    expect(JSON.parse(renderJson({ summary, properties: [] })).coverage.steps.random).toEqual({ steps: 2247, skipped: 0 });
    expect(renderHtml({ title: 't', source: 's', summary, svgs: {}, properties: [], traces: [] })).toContain('random: 2247 steps (0 skipped)');
  });

  it('explore: exactly the transitions taken, plus the listed ops that turned out not to apply', () => {
    const c = new CoverageCollector();
    const r = explore(buildWorld(MEMORY_SCOPE.config, ['unmap-skips-tlb-flush']), { ...scopeOptions(MEMORY_SCOPE), observers: [c.observer('explore')] });
    // The counterexample's path is rebuilt by replaying it: those steps are not told again.
    expect(r.kind).toBe('violated');
    expect(applied(c.data().engines.explore)).toBe(r.transitions);
  });

  it('replay and scenarios: each op of the trace once, skipped ones as skipped', () => {
    const c = new CoverageCollector();
    // No VP runs on lp0 yet: the deschedule is skipped.
    const ops: Op[] = [{ type: 'createPartition', pid: 'p1' }, { type: 'descheduleVp', lp: 0 }, { type: 'deletePartition', pid: 'p1' }];
    const r = runTrace(buildWorld(DEFAULT_CONFIG), ops, INVARIANTS, [], [c.observer('replay')]);
    expect(c.data().engines.replay).toMatchObject({ steps: ops.length, skipped: r.skippedCount });
    expect(r.skippedCount).toBe(1);
    // A scenario runs its ops from the start again for each measuring point; each op is still told once.
    const sc = scenarioByName('dm-timers')!;
    const s = checkScenario(sc, INVARIANTS, [c.observer('scenario')]);
    expect(s.kind).toBe('holds');
    if (s.kind === 'holds') expect(c.data().engines.scenario).toMatchObject({ steps: s.steps, skipped: 0 });
  });
});
