/**
 * `hvspec explore --swarm K/N` as a member of a CI matrix runs it: a
 * diversified depth-first search whose result is bounded or a
 * counterexample that replays.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

describe('hvspec explore --swarm K/N', () => {
  it('finds a planted fault depth-first, says the counterexample is not a shortest one, and saves it for replay', async () => {
    const dir = scratch();
    const r = await hvspecInProcess(['explore', '--swarm', '2/4', '--scope', 'memory', '--fault', 'map-skips-scrub', '--table-bits', '20', '--depth', '60', '--no-report'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^hvspec explore --swarm 2\/4 · memory: /);
    expect(r.stdout).toMatch(/^✗ no-cross-partition-data-leak {2}violated after \d+ steps \(found depth-first by a swarm member: not a shortest one\)$/m);
    const file = /replay: hvspec replay (\S+)/.exec(r.stdout)![1]!;
    const replay = await hvspecInProcess(['replay', file], dir);
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain('no-cross-partition-data-leak');
  });

  it('without a violation the member is bounded (exit 3), in text and JSON, and names its table and depth', async () => {
    const r = await hvspecInProcess(['explore', '--swarm', '1/2', '--scope', 'hypercall-gate', '--table-bits', '16'], scratch());
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^bounded: the member stopped because the table took no further state as new, after \d+ states taken as new, \d+ transitions, depth \d+ of at most 500; table 0\.0 MiB/m);
    expect(r.stdout).toMatch(/^swarm member 1\/2 · 1 scope · bounded: /m);
    const j = await hvspecInProcess(['explore', '--swarm', '2/2', '--scope', 'hypercall-gate', '--table-bits', '16', '--json'], scratch());
    const doc = JSON.parse(j.stdout) as { engine: string; member: string; scopes: { kind: string; reason: string; states: number }[]; exitStatus: number };
    expect(doc).toMatchObject({ engine: 'swarm', member: '2/2', exitStatus: 3, scopes: [{ kind: 'bounded', reason: 'searched' }] });
    expect(doc.scopes[0]!.states).toBeGreaterThan(0);
  });

  it('a malformed member, a table size without --swarm, or --continue with it is one line, exit 2', async () => {
    for (const [args, line] of [
      [['--swarm', '0/2'], 'hvspec: --swarm must be K/N with 1 ≤ K ≤ N ≤ 1024 (such as 3/8), got "0/2"'],
      [['--table-bits', '20'], 'hvspec: explore: --table-bits sizes the table of a --swarm member'],
      [['--swarm', '1/2', '--table-bits', '40'], 'hvspec: --table-bits must be at most 32, got 40'],
      [['--swarm', '1/2', '--continue'], 'hvspec: explore: --continue and --max-violations apply to the breadth-first search; a --swarm member stops at its first violation'],
    ] as const) {
      const r = await hvspecInProcess(['explore', ...args], scratch());
      expect([r.status, r.stderr]).toEqual([2, `${line}\n`]);
    }
  });

  it('each member records its coverage and verdict, and hvspec merge adds the members up: bounded, or violated when one found a violation', async () => {
    const members = [scratch(), scratch(), scratch()];
    const here = scratch();
    const flags = ['--scope', 'hypercall-gate', '--table-bits', '16'];
    const runs = [];
    for (const k of [1, 2]) runs.push(await hvspecInProcess(['explore', '--swarm', `${k}/2`, ...flags], members[k - 1]));
    expect(runs.map((r) => r.status)).toEqual([3, 3]);
    // A member's report says it proves nothing, and names the engine that visited the states.
    const md = readFileSync(join(members[0]!, 'reports', 'coverage', 'coverage.md'), 'utf8');
    expect(md).toContain('swarm member 1/2: 1 scope searched depth-first');
    expect(md).toContain('a bit-state search proves nothing');
    const reports = members.slice(0, 2).map((m) => join(m, 'reports', 'coverage'));
    const m = await hvspecInProcess(['merge', ...reports, '--out', 'merged', '--json'], here);
    const doc = JSON.parse(m.stdout) as { runs: { command: string; exitStatus: number }[]; exitStatus: number };
    expect([m.status, doc.exitStatus]).toEqual([3, 3]);
    expect(doc.runs.map((r) => r.command).sort()).toEqual([1, 2].map((k) => `hvspec explore --swarm ${k}/2 ${flags.join(' ')}`));
    // The merged coverage adds up the members' steps.
    type Steps = { explore: { steps: number } };
    const steps = (dir: string) => (JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { coverage: { steps: Steps } }).coverage.steps.explore.steps;
    expect(steps(reports[0]!)).toBeGreaterThan(0);
    expect(steps(join(here, 'merged'))).toBe(steps(reports[0]!) + steps(reports[1]!));
    // A member that finds a violation makes the merge violated.
    const found = await hvspecInProcess(['explore', '--swarm', '3/3', '--scope', 'hypercall-gate', '--fault', 'child-may-map-gpa-pages', '--table-bits', '16'], members[2]);
    expect(found.status).toBe(1);
    const all = await hvspecInProcess(['merge', ...reports, join(members[2]!, 'reports', 'coverage'), '--out', 'all'], here);
    expect(all.status).toBe(1);
    expect(all.stdout).toMatch(/^ {2}✗ hvspec explore --swarm 3\/3 .* · child-cannot-call-parent-only-hypercalls violated \(found depth-first by swarm member 3\/3: not a shortest counterexample\): /m);
    expect(all.stdout).toMatch(/^merged: a run found a violation \(exit 1\)$/m);
  });
});
