import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenario, formatScenarioResult, scenarioByName, scenarioExitStatus } from '../../../src/scenarios/index.js';
import { esxComparison, formatComparison } from '../../../src/scenarios/esx-comparison.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the esx-comparison scenario', () => {
  // Computed once: the scenario's own check below drives both runs again and must print the same figures (determinism for a seed).
  const c = esxComparison(2002);

  it('pins the figures of both mechanisms for seed 2002', () => {
    expect(c.workingSet).toEqual([31, 18, 23, 15, 6, 39, 28, 19, 24, 12, 3, 1, 44, 42, 25, 13]);
    // Ballooning: the guest pages out its 8 coldest pages; the working set is never touched.
    expect(c.balloon).toEqual({ pagesReclaimed: 8, guestPageFaults: 0, hypervisorFaults: 0, guestPageWrites: 8, guestPageReads: 0, swapOuts: 0, swapIns: 0, doublePaging: 0, pressure: [87, 100, 100, 100, 100, 100, 125, 125, 125] });
    // Swapping: random draws hit the working set (faults, then more swap-outs to keep the target).
    expect(c.swap).toEqual({ pagesReclaimed: 8, guestPageFaults: 0, hypervisorFaults: 4, guestPageWrites: 0, guestPageReads: 0, swapOuts: 12, swapIns: 4, doublePaging: 0, pressure: [87, 87, 87, 87, 87, 87, 112, 112, 112] });
  });

  it('holds with every invariant after every step of both runs, prints the side-by-side table the READMEs show, and exits 0', () => {
    const r = checkScenario(scenarioByName('esx-comparison')!);
    const lines = formatScenarioResult(r);
    expect(r.kind, lines.join('\n')).toBe('holds');
    expect(scenarioExitStatus(r)).toBe(0);
    expect(lines.slice(1)).toEqual(formatComparison(c));
    const block = ['```', ...lines, '```'].join('\n');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(block);
    expect(readFileSync(join(ROOT, 'models', 'hypervisor-swap', 'README.md'), 'utf8')).toContain(block);
  });
});
