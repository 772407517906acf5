import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';

// In-process (the same main as the binary, without a Node start per call); the binary itself is run by the coverage, stop and flag tests.
describe('hvspec check (as a user runs it)', () => {
  // The default configuration and the Dynamic Memory example are checked as `npm run check` runs them: check-coverage.test.ts.

  it('--json prints one JSON document and nothing else on stdout', async () => {
    const r = await hvspec(['check', '--json', '--runs', '30']);
    const doc = JSON.parse(r.stdout);
    expect(doc.engine).toBe('random');
    expect(doc.runs).toBe(30);
    expect(r.status).toBe(doc.exitStatus);
  });

  it('--max-seconds: a violation found within the budget exits 1 with the shrunk counterexample (the library test compares it with an unbudgeted one)', async () => {
    const budgeted = await hvspec(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '7', '--max-seconds', '600']);
    expect(budgeted.status).toBe(1);
    expect(budgeted.stdout).toMatch(/as many runs as fit in 600 s, of up to 40 ops/);
    expect(budgeted.stdout).toMatch(/✗ tlb-purged-on-vm-switch {2}violated after \d+ steps \(shrunk \d+ times\)/);
  });

  it('--max-seconds with --runs N: at most N runs, and the document names the budget and the runs made', async () => {
    const r = await hvspec(['check', '--json', '--runs', '12', '--max-seconds', '600']);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ runs: 12, maxSeconds: 600, runsAsked: 12 });
    expect(doc.budgetSpent).toBeUndefined();
    expect(r.status).toBe(doc.exitStatus);
  });

  it('a fault exits 1 with the counterexample; replay shows the same violation; the same seed gives the same bytes', async () => {
    const dir = scratch();
    const first = await hvspec(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '7'], dir);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/✗ tlb-purged-on-vm-switch {2}violated after \d+ steps \(shrunk \d+ times\)/);
    const files = readdirSync(join(dir, '.hvspec', 'failures'));
    expect(files).toHaveLength(1);
    const replay = await hvspec(['replay', join('.hvspec', 'failures', files[0]!)], dir);
    expect(replay.status).toBe(1);
    const block = (s: string) => s.slice(s.indexOf('✗'));
    expect(block(replay.stdout)).toBe(block(first.stdout));
    // A second run replays the saved trace first and prints exactly the same report.
    const second = await hvspec(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '7'], dir);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/replayed .* it still fails/);
    // In a fresh directory the same seed gives byte-identical output too.
    expect((await hvspec(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '7'])).stdout).toBe(first.stdout);
  });

  // The README's sample counterexample (check --fault skip-tlb-purge-on-vm-switch) is checked with that fault: every-fault.test.ts.

  it('--no-report prints the verdict and saves the counterexample, and writes no report and records no run', async () => {
    const dir = scratch();
    const r = await hvspec(['check', '--json', '--no-report', '--fault', 'map-skips-scrub', '--runs', '20'], dir);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { file: string };
    expect(doc).toMatchObject({ kind: 'violated', exitStatus: 1 });
    expect(doc).not.toHaveProperty('coverage');
    expect(readdirSync(join(dir, '.hvspec', 'failures'))).toEqual([doc.file.split('/').pop()]);
    expect(readdirSync(dir)).toEqual(['.hvspec']);
  });

  it('--json: the same seed gives the same document, also when a saved failure is replayed first', async () => {
    const dir = scratch();
    const args = ['check', '--json', '--fault', 'map-skips-scrub'];
    const first = await hvspec(args, dir);
    expect(first.status).toBe(1);
    const second = await hvspec(args, dir);
    expect(second.stderr).toMatch(/replayed .* it still fails/);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).runs).toBeGreaterThan(0);
    // A run too short to find it itself still reports the saved failure.
    const short = await hvspec(['check', '--json', '--fault', 'map-skips-scrub', '--runs', '1', '--depth', '1'], dir);
    expect(short.status).toBe(1);
    expect(JSON.parse(short.stdout).counterexample.property).toBe(JSON.parse(first.stdout).counterexample.property);
  });

  it('faults lists every fault with the properties it breaks', async () => {
    const r = await hvspec(['faults', '--json']);
    const list = JSON.parse(r.stdout) as { name: string; breaks: string[] }[];
    expect(list.length).toBeGreaterThanOrEqual(10);
    for (const f of list) expect(f.breaks.length).toBeGreaterThan(0);
  });
});

describe('bad input exits 2 with a one-line reason', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ frames: -3 }));
  writeFileSync(join(dir, 'broken.json'), '{ "frames": ');
  writeFileSync(join(dir, 'crowded.json'), JSON.stringify({ frames: 2, hypervisorFrames: 0, rootFrames: 0, partitions: [1, 2, 3].map((i) => ({ id: `p${i}`, vps: 1, gpaPages: 1 })) }));
  writeFileSync(join(dir, 'trace.json'), '{"format":"hvspec-trace","version":1,"engine":"random","property":"x","message":"y","config":{},"faults":[],"ops":[{"type":"dispatchVp","lp":0,"pid":"p1"}]}');
  writeFileSync(join(dir, 'garbage.json'), 'not json at all');
  const cases: [string, string[], RegExp][] = [
    ['an unknown fault', ['check', '--fault', 'no-such-fault'], /unknown fault "no-such-fault"/],
    ['a missing config', ['check', '--config', 'missing.json'], /cannot read config missing.json: ENOENT/],
    ['a malformed config', ['check', '--config', 'broken.json'], /config broken.json is not JSON/],
    ['negative sizes', ['check', '--config', 'bad.json'], /frames must be at least 1, got -3/],
    ['more partitions than frames', ['check', '--config', 'crowded.json'], /more partitions \(3\) than frames \(2\)/],
    ['a corrupted trace', ['replay', 'garbage.json'], /trace garbage.json: not JSON/],
    ['a malformed op in a trace', ['replay', 'trace.json'], /op 1: dispatchVp needs "vp"/],
    ['an unknown flag', ['check', '--colour'], /unknown option '--colour'/],
    ['a bad number', ['check', '--runs', 'many'], /--runs must be auto or a whole number/],
    ['a bad budget', ['check', '--max-seconds', '0'], /--max-seconds must be more than 0/],
    ['a budget that is not a number', ['check', '--max-seconds', '5s'], /--max-seconds must be a number of seconds such as 5 or 0.5, got "5s"/],
    ['a budget for the explorer', ['check', '--engine', 'explore', '--max-seconds', '5'], /--max-seconds budgets the random engine; it cannot be used with --engine explore/],
    ['auto runs of one replayed run', ['check', '--runs', 'auto', '--path', '1:2'], /--runs auto cannot be used with --path/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [what, args, why] of cases)
    it(what, async () => {
      const r = await hvspec(args, dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    });
  it('leaves nothing half-written behind', async () => {
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'broken.json', 'crowded.json', 'garbage.json', 'trace.json']);
    expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{"frames":-3}');
  });
});
