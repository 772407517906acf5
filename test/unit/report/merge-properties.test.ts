import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeProperties } from '../../../src/report/merge-properties.js';
import type { PropertyResult } from '../../../src/report/html.js';
import { saveCoverage, loadCoverage } from '../../../src/coverage/store.js';
import { emptyCoverage } from '../../../src/coverage/data.js';
import { saveVerdict, loadRuns } from '../../../src/report/verdict-store.js';
import type { RunVerdict } from '../../../src/report/verdict.js';

const goal = (name: string, result: PropertyResult['result']): PropertyResult => ({ name, kind: 'sometimes', description: name, result });
const inv = (name: string, result: PropertyResult['result']): PropertyResult => ({ name, kind: 'always', description: name, result });

describe('merging the property results of several runs', () => {
  it('a goal is reached if any run reached it, unreached only if a run looked for it in vain, not applicable if no run could reach it', () => {
    const a = { command: 'hvspec check', properties: [goal('g1', 'reached'), goal('g2', 'not applicable'), goal('g3', 'not applicable'), inv('i', 'holds')] };
    const b = { command: 'hvspec check --config dm.json', properties: [goal('g1', 'not applicable'), goal('g2', 'unreached'), goal('g3', 'not applicable'), inv('i', 'violated')] };
    const m = mergeProperties([a, b]);
    expect(m.map((p) => [p.name, p.result])).toEqual([['g1', 'reached'], ['g2', 'unreached'], ['g3', 'not applicable'], ['i', 'violated']]);
    expect(m.find((p) => p.name === 'i')!.detail).toBe('hvspec check --config dm.json');
    expect(mergeProperties([b, a]).map((p) => p.result)).toEqual(['reached', 'unreached', 'not applicable', 'violated']);
  });

  it('a verdict is kept next to its run, listed with it, and never read as coverage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-verdict-'));
    const v: RunVerdict = { command: 'hvspec check', verdict: 'holds', exitStatus: 0, summary: 'ok', properties: [goal('g1', 'reached')] };
    saveCoverage(dir, 'check-a', emptyCoverage());
    saveVerdict(dir, 'check-a', v);
    saveCoverage(dir, 'paths-1', emptyCoverage());
    const unreadable: string[] = [];
    loadCoverage(dir, (f) => unreadable.push(f));
    expect(unreadable).toEqual([]);
    expect(loadRuns(dir)).toEqual([{ name: 'check-a', verdict: v }, { name: 'paths-1' }]);
  });
});
