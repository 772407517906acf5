/**
 * The reports as a pull request or a CI job summary shows them: the
 * Markdown report opens with the verdict, the counterexample and its
 * replay command; the HTML page never shows a goal as unreached that the
 * run reached or called not applicable, and its header lists every run.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

const report = (cwd: string, f: string) => readFileSync(join(cwd, 'reports', 'coverage', f), 'utf8');
const DM_CONFIG = resolve(import.meta.dirname, '../../examples/dynamic-memory.json');
const TAGGED_CONFIG = resolve(import.meta.dirname, '../../examples/tagged-tlb.json');

/** The Properties table of a page: each row's property name and result. */
const propertyRows = (html: string) => [...html.matchAll(/<tr><td class="mono">([^<]+)<\/td><td>(always|sometimes)<\/td><td><span class="res [^"]+">([^<]+)<\/span>/g)].map((m) => ({ name: m[1]!, kind: m[2]!, result: m[3]! }));

/** Runs `args` in SHARED once; later calls get the same result (each test reads a run's own reports right after it). */
function once(args: string[]) {
  let run: ReturnType<typeof hvspecInProcess> | undefined;
  return () => (run ??= hvspecInProcess(args, SHARED));
}

/** The working directory of the npm run check sequence (its first two checks are also read on their own), which `hvspec coverage` then merges. */
const SHARED = scratch();
const SEQUENCE = [
  ['check', '--runs', '200'],
  ['check', '--config', DM_CONFIG, '--depth', '80'],
  ['check', '--config', TAGGED_CONFIG],
  ['check', '--scenario', 'seed-figure-9'],
  ['check', '--scenario', 'dm-timers'],
  ['check', '--scenario', 'synthetic-io'],
];
const holds = once(SEQUENCE[0]!);
const dmHolds = once(SEQUENCE[1]!);

describe('reports for pull requests and CI', () => {
  it('the Markdown report of a failing check opens with the verdict, the counterexample and the replay command', async () => {
    const r = await hvspecInProcess(['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', '2', '--runs', '60']);
    expect(r.status).toBe(1);
    const md = report(r.cwd, 'coverage.md');
    const [verdict, coverage] = md.split('## State coverage');
    expect(md.startsWith('# hvspec: ❌ violated (exit status 1)\n')).toBe(true);
    expect(verdict).toContain('| `hvspec check --fault skip-tlb-purge-on-vm-switch --seed 2 --runs 60` | ❌ violated | 1 |');
    // The counterexample's first lines, as the terminal printed them, in a code block.
    const first = r.stdout.split('\n').find((l) => l.startsWith('✗ '))!;
    expect(first).toMatch(/^✗ tlb-purged-on-vm-switch {2}violated after \d+ steps/);
    expect(verdict).toContain('```text\n' + first + '\n');
    expect(verdict).toMatch(/ {2}1\. createPartition /);
    const replay = /Replay: `(hvspec replay \.hvspec\/failures\/[0-9a-f]+\.json)`/.exec(verdict!);
    expect(replay).not.toBeNull();
    expect(r.stdout).toContain(`replay: ${replay![1]}`);
    expect(coverage).toContain('```mermaid');
    expect(md).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it("the Markdown report of a failing explore quotes the explorer's counterexample and its replay command; coverage.json holds the verdict", async () => {
    const r = await hvspecInProcess(['check', '--engine', 'explore', '--fault', 'skip-tlb-purge-on-vm-switch']);
    expect(r.status).toBe(1);
    const md = report(r.cwd, 'coverage.md');
    const [verdict] = md.split('## State coverage');
    expect(md.startsWith('# hvspec: ❌ violated (exit status 1)\n')).toBe(true);
    expect(verdict).toContain('| `hvspec check --engine explore --fault skip-tlb-purge-on-vm-switch` | ❌ violated | 1 |');
    expect(verdict).toMatch(/\*\*❌ violated\*\* · exit status 1 · tlb-purged-on-vm-switch violated \(found by the explorer\): lp0 runs p2 but its TLB still holds/);
    const first = r.stdout.split('\n').find((l) => l.startsWith('✗ '))!;
    expect(first).toMatch(/^✗ tlb-purged-on-vm-switch {2}violated after \d+ steps \(shortest, by exhaustive search\)$/);
    expect(verdict).toContain('```text\n' + first + '\n');
    const replay = /Replay: `(hvspec replay \.hvspec\/failures\/[0-9a-f]+\.json)`/.exec(verdict!);
    expect(replay).not.toBeNull();
    expect(r.stdout).toContain(`replay: ${replay![1]}`);
    // The JSON report holds the same verdict: command, verdict, exit status and the counterexample with its replay command.
    const json = JSON.parse(report(r.cwd, 'coverage.json')) as { runs: { command: string; verdict: string; exitStatus: number; counterexample?: { property: string; replay: string } }[] };
    expect(json.runs).toHaveLength(1);
    expect(json.runs[0]).toMatchObject({ command: 'hvspec check --engine explore --fault skip-tlb-purge-on-vm-switch', verdict: 'violated', exitStatus: 1, counterexample: { property: 'tlb-purged-on-vm-switch', replay: replay![1] } });
  });

  it('a check that holds says so with exit status 0, and one whose goals were missed says bounded and what was not proved', async () => {
    const ok = await holds();
    expect(ok.status).toBe(0);
    expect(report(ok.cwd, 'coverage.md')).toMatch(/^# hvspec: ✅ holds \(exit status 0\)\n[\s\S]*all \d+ invariants hold over 200 runs/);
    const few = await hvspecInProcess(['check', '--seed', '1', '--runs', '1', '--depth', '2']);
    expect(few.status).toBe(3);
    const md = report(few.cwd, 'coverage.md');
    expect(md).toMatch(/^# hvspec: ⚠️ bounded \(exit status 3\)\n/);
    expect(md).toMatch(/Not proved:\n\n- sometimes [a-z-]+: never reached/);
  });

  it('the HTML report of a check on the Dynamic Memory example shows no goal unreached that the run reached or called not applicable', async () => {
    const r = await dmHolds();
    expect(r.status).toBe(0);
    const rows = propertyRows(report(r.cwd, 'index.html'));
    const goals = rows.filter((p) => p.kind === 'sometimes');
    expect(goals.length).toBeGreaterThan(0);
    // The terminal lists the goals that apply to this host; every one of them was reached.
    const reached = new Set([...r.stdout.matchAll(/✓ sometimes (\S+) +reached/g)].map((m) => m[1]!));
    expect(reached.size).toBeGreaterThan(0);
    for (const g of goals) expect(g.result, g.name).toBe(reached.has(g.name) ? 'reached' : 'not applicable');
    expect(goals.filter((g) => g.result === 'not applicable').length).toBeGreaterThan(0);
    expect(rows.some((p) => p.result === 'unreached')).toBe(false);
  });

  it('after the npm run check sequence, hvspec coverage lists every run in the HTML header and coverage.json, and shows each goal as the run that owns it found it', async () => {
    const cwd = SHARED;
    const sequence = SEQUENCE;
    // The first two ran (once) in SHARED for the tests above; the rest of the sequence runs after them there.
    for (const [args, run] of [[sequence[0]!, await holds()], [sequence[1]!, await dmHolds()]] as const) expect(run.status, args.join(' ')).toBe(0);
    for (const args of sequence.slice(2)) expect((await hvspecInProcess(args, cwd)).status, args.join(' ')).toBe(0);
    expect((await hvspecInProcess(['coverage'], cwd)).status).toBe(0);
    const html = report(cwd, 'index.html');
    const commands = sequence.map((a) => `hvspec ${a.join(' ')}`).sort();
    const runs = [...html.matchAll(/<li data-run>.*?<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
    expect(runs.sort()).toEqual(commands);
    const rows = propertyRows(html);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((p) => p.result === 'unreached' || p.result === 'not applicable')).toEqual([]);
    const md = report(cwd, 'coverage.md');
    expect(md.startsWith('# hvspec: ✅ holds (exit status 0)\n')).toBe(true);
    const json = JSON.parse(report(cwd, 'coverage.json')) as { runs: { command: string; verdict: string; exitStatus: number }[] };
    expect(json.runs.map((r) => r.command).sort()).toEqual(commands);
    expect(json.runs.every((r) => r.verdict === 'holds' && r.exitStatus === 0)).toBe(true);
  });
});
