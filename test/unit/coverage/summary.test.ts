import { describe, expect, it } from 'vitest';
import { universeOf } from '../../../src/coverage/universe.js';
import { CoverageCollector, recordingInto } from '../../../src/coverage/collector.js';
import { summarize } from '../../../src/coverage/summary.js';
import { STANDARD_MACHINES, standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { walk } from '../../support/walk.js';

const world = standardWorld(DEFAULT_CONFIG);
const universe = universeOf(STANDARD_MACHINES);

describe('coverage summary', () => {
  it('counts what a run visited against everything declared', () => {
    const c = new CoverageCollector();
    recordingInto(c, 'random', () => walk(world, { seed: 7, runs: 30, depth: 60 }));
    const s = summarize(universe, c.data());
    for (const m of s.machines) console.log(m.machine, m.headline, m.transitions.filter((t) => t.status !== 'visited').map((t) => `${t.id} ${t.status} ${t.reason ?? ''}`));
    expect(s.machines.map((m) => m.machine)).toEqual(['partition', 'vp', 'lp']);
  });
});
