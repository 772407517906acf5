/**
 * `hvspec check --continue`: with two faults that break different
 * properties, the check reports both, each with a counterexample of its
 * own, saves both, and the reports list both; bad values are refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hvspecInProcess } from './cli.js';

const FAULTS = ['--fault', 'skip-tlb-purge-on-vm-switch', '--fault', 'map-skips-scrub'];
// A seed whose 30 short runs break both properties (found by trying seeds; the check itself is deterministic).
const SMALL = ['--engine', 'random', '--seed', '10', '--runs', '30', '--depth', '20'];

describe('hvspec check --continue', () => {
  it('reports, saves and lists both violated properties of two composed faults (exit status 1)', async () => {
    const r = await hvspecInProcess(['check', ...FAULTS, ...SMALL, '--continue'], undefined);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('2 distinct properties violated, each with its own shrunk counterexample:');
    expect(r.stdout).toMatch(/^✗ tlb-purged-on-vm-switch {2}violated after \d+ steps/m);
    expect(r.stdout).toMatch(/^✗ no-cross-partition-data-leak {2}violated after \d+ steps/m);
    const saved = readdirSync(join(r.cwd, '.hvspec/failures')).filter((f) => f.endsWith('.json'));
    expect(saved).toHaveLength(2);
    const props = saved.map((f) => (JSON.parse(readFileSync(join(r.cwd, '.hvspec/failures', f), 'utf8')) as { property: string }).property).sort();
    expect(props).toEqual(['no-cross-partition-data-leak', 'tlb-purged-on-vm-switch']);
    const dir = join(r.cwd, 'reports/coverage');
    const md = readFileSync(join(dir, 'coverage.md'), 'utf8');
    expect(md).toContain('#### `tlb-purged-on-vm-switch`');
    expect(md).toContain('#### `no-cross-partition-data-leak`');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const p of props) expect(html).toMatch(new RegExp(`${p} · skip-tlb-purge-on-vm-switch, map-skips-scrub · \\d+ ops`));
    const json = JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { runs: { counterexample: { property: string }; further: { property: string }[] }[]; coverage: { machines: { machine: string; pairs: unknown[]; headline: { pairs: { total: number } } }[] } };
    expect([json.runs[0]!.counterexample.property, ...json.runs[0]!.further.map((f) => f.property)].sort()).toEqual(props);
    // Transition pairs for every machine, next to states and transitions.
    for (const m of json.coverage.machines) expect(m.pairs.length).toBe(m.headline.pairs.total);
  });

  it('--json carries the further counterexamples and their files; without --continue only the first', async () => {
    const on = await hvspecInProcess(['check', ...FAULTS, ...SMALL, '--max-violations', '2', '--json', '--no-report']);
    const doc = JSON.parse(on.stdout) as { kind: string; further: { property: string }[]; furtherFiles: string[]; exitStatus: number };
    expect([doc.kind, doc.exitStatus, doc.further.length, doc.furtherFiles.length]).toEqual(['violated', 1, 1, 1]);
    const off = await hvspecInProcess(['check', ...FAULTS, ...SMALL, '--json', '--no-report']);
    const first = JSON.parse(off.stdout) as Record<string, unknown>;
    expect([first.kind, 'further' in first, 'furtherFiles' in first]).toEqual(['violated', false, false]);
  });

  it('hvspec explore --max-violations 2: each property with its shortest counterexample, both saved', async () => {
    const r = await hvspecInProcess(['explore', '--scope', 'memory', ...FAULTS, '--max-violations', '2', '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { scopes: { kind: string; counterexample: { property: string; ops: unknown[] }; further: { property: string; ops: unknown[] }[]; file: string; furtherFiles: string[] }[] };
    const s = doc.scopes[0]!;
    expect([s.kind, s.counterexample.property, s.counterexample.ops.length, s.further.map((f) => [f.property, f.ops.length])]).toEqual(['violated', 'no-cross-partition-data-leak', 4, [['tlb-purged-on-vm-switch', 11]]]);
    expect(readdirSync(join(r.cwd, '.hvspec/failures')).sort()).toEqual([s.file, ...s.furtherFiles].map((f) => f.replace('.hvspec/failures/', '')).sort());
  });

  it('refuses a bad --max-violations and --continue with a scenario (exit status 2)', async () => {
    const bad = await hvspecInProcess(['check', '--max-violations', '0']);
    expect([bad.status, bad.stderr.trim()]).toEqual([2, 'hvspec: --max-violations must be at least 1, got 0']);
    const sc = await hvspecInProcess(['check', '--scenario', 'seed-figure-9', '--continue']);
    expect([sc.status, sc.stderr.trim()]).toEqual([2, 'hvspec: check: --continue cannot be used with --scenario']);
  });
});
