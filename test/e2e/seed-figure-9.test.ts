import { describe, expect, it } from 'vitest';
import { SEED_FIGURE_9, checkSeedFigure9 } from '../../src/scenarios/seed-figure-9.js';
import { checkScenario, scenarioByName, formatScenarioResult, scenarioExitStatus } from '../../src/scenarios/index.js';

describe('scenario seed-figure-9', () => {
  it('shows pressure 150 at 4 GB before, and 8 GB after three Add operations, with every invariant held', () => {
    const r = checkSeedFigure9();
    if (r.kind !== 'holds') throw new Error(JSON.stringify(r, null, 1));
    expect(r.figures.before).toMatchObject({ visibleMiB: 4096, committedMiB: 6144, pressure: 150, addOperations: 0 });
    expect(r.figures.after).toMatchObject({ visibleMiB: 8192, addOperations: 3 });
    expect(scenarioExitStatus(r)).toBe(0);
    expect(formatScenarioResult(r)).toEqual([
      '✓ seed-figure-9  holds over 90 steps (every invariant after every step)',
      '  before: visible 4096 MiB · committed 6144 MiB · pressure 150 · Add operations 0 · Remove operations 0 · Available Memory 0 MiB',
      '  after: visible 8192 MiB · committed 7168 MiB · pressure 87 · Add operations 3 · Remove operations 0 · Available Memory 12288 MiB',
    ]);
  });

  it('is found by name, and a wrong expectation is reported as a mismatch, not a pass', () => {
    expect(scenarioByName('seed-figure-9')).toBe(SEED_FIGURE_9);
    const wrong = { ...SEED_FIGURE_9, expected: { ...SEED_FIGURE_9.expected, after: { ...SEED_FIGURE_9.expected.after!, addOperations: 1 } } };
    const r = checkScenario(wrong);
    expect(r.kind).toBe('mismatch');
    if (r.kind === 'mismatch') expect(r.actual).toMatchObject({ addOperations: 3 });
    expect(scenarioExitStatus(r)).toBe(1);
    expect(formatScenarioResult(r)[0]).toBe('✗ seed-figure-9  figures at "after" differ');
  });
});
