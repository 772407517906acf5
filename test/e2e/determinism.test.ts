/**
 * The same seed and inputs give the same bytes: `hvspec check` prints and
 * writes only what this run found, whatever ran before in the same folder
 * (merged history is `hvspec coverage`'s).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

const REPORTS = ['index.html', 'coverage.json', 'coverage.md', 'properties.json'];
const reports = (cwd: string) => REPORTS.map((f) => readFileSync(join(cwd, 'reports', 'coverage', f), 'utf8'));

describe('hvspec check is deterministic', () => {
  it('two check --json runs with the same seed print the same document and write the same reports, one of them after other runs', async () => {
    const fresh = scratch();
    const used = scratch();
    // Earlier runs in `used`: another seed, and a fault whose counterexample is saved under .hvspec/failures.
    expect((await hvspecInProcess(['check', '--seed', '9', '--runs', '40'], used)).status).not.toBe(2);
    expect((await hvspecInProcess(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '2', '--runs', '60'], used)).status).toBe(1);
    const a = await hvspecInProcess(['check', '--json', '--seed', '5', '--runs', '40'], fresh);
    const b = await hvspecInProcess(['check', '--json', '--seed', '5', '--runs', '40'], used);
    expect(a.status).not.toBe(2);
    expect(JSON.parse(a.stdout).exitStatus).toBe(a.status);
    expect(b.status).toBe(a.status);
    expect(b.stdout).toBe(a.stdout);
    const [ra, rb] = [reports(fresh), reports(used)];
    for (let i = 0; i < REPORTS.length; i++) expect(rb[i], REPORTS[i]).toBe(ra[i]);
    // The history is still recorded for hvspec coverage, which merges it: there the earlier runs count.
    const merged = await hvspecInProcess(['coverage', '--json'], used);
    expect(merged.status).toBe(0);
    expect(readFileSync(join(used, 'reports', 'coverage', 'coverage.json'), 'utf8')).not.toBe(ra[1]);
  });

  it('a check that finds a violation writes its counterexample into the report, and the same bytes again', async () => {
    const args = ['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '2', '--runs', '60'];
    const one = scratch();
    const two = scratch();
    const a = await hvspecInProcess(args, one);
    await hvspecInProcess(['check', '--seed', '3', '--runs', '40'], two);
    const b = await hvspecInProcess(args, two);
    expect(a.status).toBe(1);
    expect(b.stdout).toBe(a.stdout);
    expect(reports(two)).toEqual(reports(one));
    expect(reports(one)[0]).toContain('tlb-purged-on-vm-switch · skip-tlb-purge-on-vm-switch');
  });
});
