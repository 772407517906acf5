/**
 * A check split across a CI matrix and merged back: two shards of one
 * check, in folders of their own as two jobs would have them, and
 * `hvspec merge` over their reports folders.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

// Found by shard 1's runs (seed 1), missed by shard 2's few (seed 2): the merge has one violated run and one that is not.
const FAULT = 'unmap-keeps-slat-entry';

describe('hvspec check --shard K/N, then hvspec merge', () => {
  const jobs = [scratch(), scratch()];
  const here = scratch();
  const reports = jobs.map((j) => join(j, 'reports', 'coverage'));

  it('each shard runs its share of the runs from its own seed, and merge reports both with the worse status', async () => {
    // One after the other: a run in process works in its own folder, and the process has one working directory.
    const runs = [];
    for (const k of [1, 2]) runs.push(await hvspecInProcess(['check', '--shard', `${k}/2`, '--runs', '9', '--fault', FAULT], jobs[k - 1]));
    expect(runs[0]!.stdout).toMatch(/^hvspec check · random engine · seed 1 \(shard 1\/2\) · 5 runs /);
    // Shard 2 of seed 1 runs seed 2, and its counterexample names that seed.
    expect(runs[1]!.stdout).toMatch(/^hvspec check · random engine · seed 2 \(shard 2\/2\) · 4 runs /);
    const statuses = runs.map((r) => r.status);
    expect(statuses[0]).toBe(1);
    expect(statuses[1]).not.toBe(1);

    const m = await hvspecInProcess(['merge', ...reports, '--out', 'merged', '--json'], here);
    const doc = JSON.parse(m.stdout) as { runs: { command: string; exitStatus: number }[]; exitStatus: number };
    expect(m.status).toBe(1);
    expect(doc.exitStatus).toBe(1);
    expect(doc.runs.map((r) => r.command).sort()).toEqual([1, 2].map((k) => `hvspec check --shard ${k}/2 --runs 9 --fault ${FAULT}`));
    expect(doc.runs.map((r) => r.exitStatus).sort()).toEqual([...statuses].sort());
    // The merged coverage adds up the shards' steps.
    type Steps = { random: { steps: number } };
    const merged = JSON.parse(readFileSync(join(here, 'merged', 'coverage.json'), 'utf8')) as { coverage: { steps: Steps } };
    const ran = (dir: string) => (JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { coverage: { steps: Steps } }).coverage.steps.random.steps;
    expect(merged.coverage.steps.random.steps).toBe(ran(reports[0]!) + ran(reports[1]!));
    expect(readFileSync(join(here, 'merged', 'coverage.md'), 'utf8')).toContain('--shard 2/2');

    // Merging the same folders again records nothing twice; the text names each run with its verdict.
    const again = await hvspecInProcess(['merge', ...reports, '--out', 'merged'], here);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/^hvspec merge · 2 runs from 2 folders into merged$/m);
    expect(again.stdout).toMatch(/^ {2}✗ hvspec check --shard 1\/2 .* violated: /m);
    expect(again.stdout).toMatch(/^ {2}[✓?] hvspec check --shard 2\/2 /m);
    expect(again.stdout).toMatch(/^merged: a run found a violation \(exit 1\)$/m);
    expect(readdirSync(join(here, 'merged', 'runs')).filter((f) => !f.endsWith('.verdict.json'))).toHaveLength(2);
  });

  it('a folder that is not a check\'s reports, or a run file that is not hvspec\'s, is one line, exit 2, and nothing is written', async () => {
    const none = await hvspecInProcess(['merge', jobs[0]!, '--out', 'none'], here);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^hvspec: merge: ".*" records no run \(no runs\/\*\.json in it\): give the reports folder a check wrote\n$/);
    const bad = scratch();
    const broken = resolve(bad, 'reports');
    await hvspecInProcess(['check', '--runs', '2', '--engine', 'random'], bad);
    writeFileSync(join(broken, 'coverage', 'runs', 'edited.json'), '{"version": 2}');
    const r = await hvspecInProcess(['merge', reports[0]!, join(broken, 'coverage'), '--out', 'out'], here);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hvspec: merge: ".*edited\.json" is not an hvspec coverage run file\n$/);
    expect(existsSync(join(here, 'out'))).toBe(false);
    const same = await hvspecInProcess(['merge', reports[0]!, '--out', reports[0]!], here);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('is also the output folder');
    const shard = await hvspecInProcess(['check', '--shard', '3/2'], here);
    expect(shard.stderr).toBe('hvspec: --shard must be K/N with 1 ≤ K ≤ N ≤ 1024 (such as 3/8), got "3/2"\n');
    expect(shard.status).toBe(2);
  });
});

describe('the example workflow (examples/ci/shards.yml)', () => {
  it('runs an 8-way matrix of shards of one check and a merge job over their reports', () => {
    const yml = readFileSync(resolve(import.meta.dirname, '../../examples/ci/shards.yml'), 'utf8');
    expect(yml).toContain('shard: [1, 2, 3, 4, 5, 6, 7, 8]');
    expect(yml).toMatch(/npx hvspec check --shard \$\{\{ matrix\.shard \}\}\/8 --runs \d+/);
    expect(yml).toMatch(/needs: \[shard, swarm\]\n\s+if: always\(\)/);
    expect(yml).toContain('npx hvspec merge swarm/*/reports/coverage --out merged-swarm || [ $? -eq 3 ]');
    expect(yml).toContain('npx hvspec merge shards/*/reports/coverage --out merged');
    expect(yml).toContain('npx hvspec explore --swarm ${{ matrix.member }}/8 --quiet || [ $? -eq 3 ]');
  });
});
