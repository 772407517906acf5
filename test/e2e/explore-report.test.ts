/**
 * `hvspec explore` alone writes the reports as `hvspec check` does: the
 * Markdown report opens with its verdict (the shortest counterexample and
 * its replay command when it found one, what was not proved when it was
 * bounded), the run is recorded for `hvspec coverage`, and `--no-report`
 * writes none of it. Small searches only (the memory scope with a fault
 * that breaks it in four steps, or a few states).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import type { RunVerdict } from '../../src/report/verdict.js';

const REPORTS = join('reports', 'coverage');
const FAULTY = ['explore', '--scope', 'memory', '--fault', 'map-skips-scrub'];

describe('hvspec explore writes the reports', () => {
  it('of a violation: the verdict, the shortest counterexample and its replay command open coverage.md; the run is recorded', async () => {
    const dir = scratch();
    const r = await hvspec(FAULTY, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`coverage report: ${join(REPORTS, 'index.html')}`);
    const [saved] = readdirSync(join(dir, '.hvspec', 'failures'));
    const md = readFileSync(join(dir, REPORTS, 'coverage.md'), 'utf8');
    const lines = md.split('\n');
    expect(lines[0]).toBe('# hvspec: ❌ violated (exit status 1)');
    expect(md).toContain('no-cross-partition-data-leak violated (found by the explorer, shortest)');
    expect(md).toContain('✗ no-cross-partition-data-leak  violated after 4 steps (shortest, by exhaustive search)');
    expect(md).toContain(`Replay: \`hvspec replay .hvspec/failures/${saved}\``);
    // Coverage follows the verdict, counted by the explorer.
    expect(md.indexOf('## State coverage')).toBeGreaterThan(md.indexOf('Replay:'));
    expect(md).toContain('Engines counted: explore.');
    const runs = readdirSync(join(dir, REPORTS, 'runs'));
    expect(runs.filter((f) => /^explore-[0-9a-f]{16}\.verdict\.json$/.test(f))).toHaveLength(1);
    const verdict = JSON.parse(readFileSync(join(dir, REPORTS, 'runs', runs.find((f) => f.endsWith('.verdict.json'))!), 'utf8')) as RunVerdict;
    expect(verdict).toMatchObject({ command: FAULTY.join(' ').replace(/^/, 'hvspec '), verdict: 'violated', exitStatus: 1 });
    // The property table: the broken invariant violated, goals the search ended before not called unreached.
    const p = (name: string) => verdict.properties.find((x) => x.name === name);
    expect(p('no-cross-partition-data-leak')?.result).toBe('violated');
    expect(verdict.properties.filter((x) => x.result === 'unreached')).toEqual([]);
  });

  it('of a bounded search: what was not proved; --json adds the report files to the document', async () => {
    const dir = scratch();
    const r = await hvspec(['explore', '--scope', 'memory', '--max-states', '5', '--json'], dir);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout) as { exitStatus: number; coverage: { files: { markdown: string } } };
    expect(doc.exitStatus).toBe(3);
    expect(doc.coverage.files.markdown).toBe(join(REPORTS, 'coverage.md'));
    const md = readFileSync(join(dir, REPORTS, 'coverage.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# hvspec: ⚠️ bounded (exit status 3)');
    expect(md).toContain('- scope memory: the search stopped at the --max-states limit after 5 states; nothing is claimed about the states beyond');
  });

  it('--no-report: the verdict and the saved counterexample only, no report and no recorded run', async () => {
    const dir = scratch();
    const r = await hvspec([...FAULTY, '--no-report'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ no-cross-partition-data-leak');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    expect(readdirSync(join(dir, '.hvspec', 'failures'))).toHaveLength(1);
  });
});
