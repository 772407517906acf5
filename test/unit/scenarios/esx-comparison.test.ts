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
    expect(c.workingSet).toEqual([15, 50, 23, 63, 6, 55, 60, 51, 24, 44, 35, 39, 33, 28, 58, 25]);
    // Ballooning: the guest trims its 8 coldest pages, then 16 more for its own commit; the working set is never touched.
    expect(c.balloon).toEqual({ pagesReclaimed: 8, guestPageFaults: 0, hypervisorFaults: 0, guestPageWrites: 24, guestPageReads: 0, swapOuts: 0, swapIns: 0, doublePaging: 0, pressure: [150, 162, 162, 162, 162, 162, 187, 187, 187] });
    // Swapping: random draws hit the working set (faults, then more swap-outs to keep the target), and double paging.
    expect(c.swap).toEqual({ pagesReclaimed: 8, guestPageFaults: 0, hypervisorFaults: 7, guestPageWrites: 16, guestPageReads: 0, swapOuts: 17, swapIns: 9, doublePaging: 2, pressure: [150, 150, 150, 150, 150, 150, 175, 175, 175] });
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
