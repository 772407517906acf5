/**
 * Stops as a user gives them: SIGINT (Ctrl-C) or SIGTERM (a CI timeout, a
 * process manager) to the real `hvspec` process. The whole command ends,
 * what it covered is reported as bounded (exit 3, or 1 when a violation was
 * already found), and a second signal exits at once.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './cli.js';
import { start } from './signals.js';

describe('SIGINT and SIGTERM end the whole command', () => {
  it('explore over the default scopes: SIGTERM after the first scope stops every scope, not only the current one, and exits 3', async () => {
    const run = start(['explore'], scratch());
    await run.printed(/^hvspec explore · memory/m);
    process.kill(run.pid, 'SIGTERM');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^hvspec: SIGTERM: stopping; the report so far follows/m);
    const summary = /^(\d+) of 15 scopes: \d+ states · .*$/m.exec(r.stdout);
    expect(summary, r.stdout.slice(-600)).not.toBeNull();
    expect(Number(summary![1])).toBeLessThan(10);
    expect(summary![0]).toMatch(/stopped by SIGTERM: not searched: [\w-]+/);
  });

  it('explore --json: SIGINT gives one document marked as stopped, naming the scopes not searched', async () => {
    // No report: the stop's report is the first test's (explore) and the third's (check); here the JSON document is judged.
    const run = start(['explore', '--json', '--no-report'], scratch());
    await run.catching('SIGINT');
    process.kill(run.pid, 'SIGINT');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as { stoppedBy: string; notSearched: string[]; scopes: { scope: string; kind: string }[]; exitStatus: number };
    expect(doc).toMatchObject({ stoppedBy: 'SIGINT', exitStatus: 3 });
    expect(doc.scopes.length + doc.notSearched.length).toBe(15);
    expect(doc.notSearched.length).toBeGreaterThan(0);
    for (const s of doc.scopes) expect(['complete', 'bounded']).toContain(s.kind);
  });

  it('check: SIGINT ends the random runs, prints the runs made as bounded, writes the reports and exits 3', async () => {
    const cwd = scratch();
    const run = start(['check', '--runs', '20000'], cwd);
    await run.catching('SIGINT');
    process.kill(run.pid, 'SIGINT');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(3);
    const made = /^bounded: stopped by SIGINT after (\d+) of 20000 runs/m.exec(r.stdout);
    expect(made, r.stdout.slice(0, 400)).not.toBeNull();
    expect(Number(made![1])).toBeLessThan(20000);
    expect(r.stdout).toMatch(/^coverage \(random\) · report: reports\/coverage\/index\.html$/m);
    // The reports are of the runs made, and say so.
    expect(readFileSync(join(cwd, 'reports', 'coverage', 'index.html'), 'utf8')).toContain(`bounded: stopped by SIGINT after ${made![1]} of 20000 runs`);
  });

  it('check --json: SIGTERM gives one document of kind bounded with the runs made', async () => {
    const run = start(['check', '--runs', '20000', '--json', '--no-report'], scratch());
    await run.catching('SIGTERM');
    process.kill(run.pid, 'SIGTERM');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as { kind: string; reason: string; stoppedBy: string; runs: number; runsAsked: number; exitStatus: number };
    expect(doc).toMatchObject({ kind: 'bounded', reason: 'stopped', stoppedBy: 'SIGTERM', runsAsked: 20000, exitStatus: 3 });
    expect(doc.runs).toBeLessThan(20000);
  });

  it('check --engine all: a stop after the random engine found a violation still exits 1, and the explorer is cut short', async () => {
    // A fault the random engine finds in its first run, and that no scope before dynamic-memory can show: the stop comes during the search.
    const run = start(['check', '--engine', 'all', '--fault', 'host-reclaims-without-response'], scratch());
    await run.printed(/^✗ hypervisor-never-reclaims-without-guest-consent/m);
    process.kill(run.pid, 'SIGINT');
    const r = await run.done;
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^hvspec: SIGINT: stopping/m);
    expect(r.stdout).toMatch(/stopped by SIGINT: not searched: [\w-]+|it was interrupted \(SIGINT\)/);
  });

  it('a second signal exits at once, with 128 + its number, without a report', async () => {
    const run = start(['check', '--runs', '20000'], scratch());
    await run.catching('SIGTERM');
    process.kill(run.pid, 'SIGINT');
    process.kill(run.pid, 'SIGTERM');
    const r = await run.done;
    // Two signals sent at once may be handled in either order: the first asks to stop, the second ends the process.
    const [first, second] = r.status === 130 ? ['SIGTERM', 'SIGINT'] : ['SIGINT', 'SIGTERM'];
    expect(r.status).toBe(second === 'SIGINT' ? 130 : 143);
    expect(r.stderr).toMatch(new RegExp(`^hvspec: ${first}: stopping`, 'm'));
    expect(r.stdout).toBe('');
  });
});
