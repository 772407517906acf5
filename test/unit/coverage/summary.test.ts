import { describe, expect, it } from 'vitest';
import { universeOf } from '../../../src/coverage/universe.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { runTrace } from '../../../src/check/run.js';
import { summarize, PATHS_ENGINE } from '../../../src/coverage/summary.js';
import { STANDARD_MACHINES, standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';

const run = (c: CoverageCollector, engine: string, ops: Op[]) =>
  runTrace(standardWorld(DEFAULT_CONFIG), ops, [], [], [c.observer(engine)]);

const BOOT: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 1 },
  { type: 'initializePartition', pid: 'p1' },
];

describe('coverage summary', () => {
  it('separates what only the path walker reached, and counts guards both ways', () => {
    const c = new CoverageCollector();
    run(c, 'random', [...BOOT, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }]);
    run(c, PATHS_ENGINE, [...BOOT, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'haltVp', lp: 0 }]);
    const s = summarize(universeOf(STANDARD_MACHINES), c.data());
    expect(s.headlineEngines).toEqual(['random']);
    const vp = s.machines.find((m) => m.machine === 'vp')!;
    const byId = (id: string) => vp.transitions.find((t) => t.id === id)!;
    expect(byId('ready:DISPATCH:0')).toMatchObject({ status: 'visited', visits: 2, byEngine: { random: 1, paths: 1 } });
    expect(byId('running:HALT:0')).toMatchObject({ status: 'paths-only', visits: 1, byEngine: { paths: 1 } });
    expect(byId('waiting:WAKE:0')).toMatchObject({ status: 'gap', visits: 0 });
    expect(vp.states.find((x) => x.id === 'waiting')!.status).toBe('paths-only');
    expect(vp.headline.transitions.covered).toBe(1);

    const partition = s.machines.find((m) => m.machine === 'partition')!;
    expect(partition.created).toBe(2);
    expect(partition.guards.find((g) => g.transition === 'uninitialized:InitializePartition:0')).toEqual({
      guard: 'poolSufficient',
      transition: 'uninitialized:InitializePartition:0',
      passed: 1,
      refused: 0,
    });
  });

  it('names a machine it has no universe for instead of dropping what it recorded', () => {
    const c = new CoverageCollector();
    run(c, 'random', BOOT);
    const { lp: _lp, ...withoutLp } = universeOf(STANDARD_MACHINES);
    run(c, 'random', [...BOOT, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }]);
    expect(summarize(withoutLp, c.data()).unknownMachines).toEqual(['lp']);
  });
});
