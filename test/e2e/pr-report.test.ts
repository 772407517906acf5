/**
 * The reports as a pull request or a CI job summary shows them: the
 * Markdown report opens with the verdict, the counterexample and its
 * replay command, or says what a bounded run did not prove. The reports of
 * checks that hold (the npm run check sequence, merged by hvspec coverage)
 * are judged in test/e2e/check-coverage.test.ts, which runs that sequence.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess } from './cli.js';

const report = (cwd: string, f: string) => readFileSync(join(cwd, 'reports', 'coverage', f), 'utf8');

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

  it('a check whose goals were missed says bounded and what was not proved', async () => {
    const few = await hvspecInProcess(['check', '--seed', '1', '--runs', '1', '--depth', '2']);
    expect(few.status).toBe(3);
    const md = report(few.cwd, 'coverage.md');
    expect(md).toMatch(/^# hvspec: ⚠️ bounded \(exit status 3\)\n/);
    expect(md).toMatch(/Not proved:\n\n- sometimes [a-z-]+: never reached/);
  });
});
