import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { runTrace } from '../../../src/check/run.js';
import { loadCoverage, resetCoverage, saveCoverage, isCoverageData } from '../../../src/coverage/store.js';
import { mergeCoverage, emptyCoverage } from '../../../src/coverage/data.js';
import { initialSystem, standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { step } from '../../../src/system/step.js';
import type { Op } from '../../../src/system/ops.js';

const OPS: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 2 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'descheduleVp', lp: 1 },
];

const record = (engine: string) => {
  const c = new CoverageCollector();
  runTrace(standardWorld(DEFAULT_CONFIG), OPS, [], [], [c.observer(engine)]);
  return c.data();
};

describe('coverage data and files', () => {
  it('counts each transition under the definition taken, guard refusals included', () => {
    const e = record('random').engines.random!;
    expect(e.steps).toBe(6);
    expect(e.skipped).toBe(1); // lp1 runs nothing
    expect(e.transitions.partition).toEqual({
      '(none)>CreatePartition>uninitialized': 1,
      'uninitialized:DepositMemory:0': 1,
      'uninitialized:InitializePartition:0': 1,
      'uninitialized:InitializePartition:1': 1, // the first initialize is denied: empty pool
    });
    expect(e.transitions.lp).toEqual({ 'idle:DISPATCH:2': 1 });
    expect(e.ops).toEqual({ createPartition: 1, depositMemory: 1, dispatchVp: 1, initializePartition: 2 });
  });

  it('records nothing of a step no engine tells it', () => {
    const c = new CoverageCollector();
    c.observer('random');
    step(initialSystem(standardWorld(DEFAULT_CONFIG)), OPS[0]!);
    expect(c.data()).toEqual(emptyCoverage());
  });

  it('merges the files of several workers, replaces a rewritten one, and resets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-cov-'));
    saveCoverage(dir, 'worker-1', record('random'));
    saveCoverage(dir, 'worker-2', record('random'));
    saveCoverage(dir, 'worker-3', record('paths'));
    const all = loadCoverage(dir);
    expect(all.engines.random!.transitions.partition!['uninitialized:DepositMemory:0']).toBe(2);
    expect(all.engines.paths!.steps).toBe(6);
    expect(all).toEqual(mergeCoverage(mergeCoverage(record('random'), record('random')), record('paths')));
    saveCoverage(dir, 'worker-2', emptyCoverage());
    expect(loadCoverage(dir).engines.random!.steps).toBe(6);
    resetCoverage(dir);
    expect(loadCoverage(dir)).toEqual(emptyCoverage());
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves out, and names, a run file cut short or not coverage at all; writes leave no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-cov-'));
    saveCoverage(dir, 'good', record('random'));
    expect(readdirSync(join(dir, 'runs'))).toEqual(['good.json']);
    writeFileSync(join(dir, 'runs', 'cut.json'), '{"version":1,');
    writeFileSync(join(dir, 'runs', 'shape.json'), '{"version":1}');
    writeFileSync(join(dir, 'runs', 'counts.json'), JSON.stringify({ version: 1, engines: { random: { steps: 1, skipped: 0, ops: {}, transitions: { vp: { x: 'many' } }, states: {} } } }));
    const left: string[] = [];
    const all = loadCoverage(dir, (file, why) => left.push(`${file.split(/[\\/]/).pop()}: ${why}`));
    expect(all).toEqual(mergeCoverage(emptyCoverage(), record('random')));
    expect(left).toEqual(['counts.json: not an hvspec coverage file', 'cut.json: not JSON', 'shape.json: not an hvspec coverage file']);
    expect(isCoverageData(record('random'))).toBe(true);
  });
});
