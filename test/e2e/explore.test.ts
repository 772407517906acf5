import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import { exploreJobs, runExploreJobs, EXPLORE_MAX_STATES } from '../../src/cli/commands/explore.js';
import { EXPLORE_SCOPES } from '../../src/check/explore-config.js';
import { DEFAULT_SCOPES_STATES, SCOPE_PINS, pinMismatches } from '../../bench/default-scopes.js';

/** The default scopes whose whole search is left to the bench (75637 of the 89957 states). */
const LARGE_SCOPES = ['memory', 'intercepts-two-vps', 'hostile-guest', 'hypervisor-swap'];

// In-process (the same main as the binary, without a Node start per call).
describe('hvspec explore (as a user runs it)', () => {
  // The whole default search (89957 states) takes seconds: `npm run bench` runs it and checks its pinned figures (bench/default-scopes.ts).
  it('completes every small default scope in one multi-scope run, prints the state counts and exits 0', async () => {
    const jobs = exploreJobs(undefined, undefined, [], { maxStates: EXPLORE_MAX_STATES }).filter((j) => !LARGE_SCOPES.includes(j.name));
    expect(jobs.map((j) => j.name)).toEqual(EXPLORE_SCOPES.map((s) => s.name).filter((n) => !LARGE_SCOPES.includes(n)));
    const out: string[] = [];
    const err: string[] = [];
    const r = await runExploreJobs({ out: (...l) => out.push(...l), err: (...l) => err.push(...l), progress: () => {} }, jobs, false);
    const stdout = out.join('\n') + '\n';
    // stderr has the time of each scope and of the whole search, nothing else.
    expect(err.filter((l) => l !== '' && !new RegExp(`^( {2}[a-z-]+: [\\d.]+ s, \\d+ states/s|${jobs.length} scopes in [\\d.]+ s)$`).test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(stdout).toMatch(/^hvspec explore · dynamic-memory: .*\ncomplete: every reachable state visited: 3088 states, 11704 transitions, depth 22 /m);
    expect(stdout).toMatch(/^hvspec explore · dynamic-memory-access: .*\ncomplete: every reachable state visited: 1055 states, 5207 transitions, depth 15 /m);
    expect(stdout).toMatch(/^hvspec explore · vmbus: .*\ncomplete: every reachable state visited: 3993 states, 14552 transitions, depth 53 /m);
    expect(stdout).toMatch(/^hvspec explore · synic: .*\ncomplete: every reachable state visited: 1926 states, 6056 transitions, depth 19 /m);
    expect(stdout).toMatch(/^hvspec explore · tagged-tlb: .*\ncomplete: every reachable state visited: 1860 states, 7839 transitions, depth 17 /m);
    // The large scopes' states (7788 + 34535 + 14337 + 18977) and the whole search's are pinned in the bench.
    expect(DEFAULT_SCOPES_STATES - SCOPE_PINS['memory']!.states - SCOPE_PINS['intercepts-two-vps']!.states - SCOPE_PINS['hostile-guest']!.states - SCOPE_PINS['hypervisor-swap']!.states).toBe(14320);
    expect(stdout).toMatch(new RegExp(`^${jobs.length} scopes: 14320 states · every scope complete, every property holds$`, 'm'));
    expect(stdout.match(/✓ no deadlocks/g)).toHaveLength(jobs.length);
    expect(stdout).not.toContain('✗');
    // The bench's check of the whole search reads this same report.
    expect(pinMismatches(r.status, stdout)).toEqual([`no line "15 scopes: 89957 states · every scope complete, every property holds"`, ...LARGE_SCOPES.map((n) => `${n}: expected "complete: every reachable state visited: ${SCOPE_PINS[n]!.states} states, ${SCOPE_PINS[n]!.transitions} transitions, depth ${SCOPE_PINS[n]!.depth}", got "no report"`), '"✓ no deadlocks" in 11 of 15 scopes']);
  });

  it('--workers takes 1 to 255 and applies to the breadth-first search (threads start on a level of 4096 states: none here)', async () => {
    const r = await hvspec(['explore', '--scope', 'synic', '--workers', '2', '--no-report']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^complete: every reachable state visited: 1926 states, 6056 transitions, depth 19 /m);
    expect(r.stderr).toMatch(/^ {2}synic: [\d.]+ s, \d+ states\/s$/m);
    expect((await hvspec(['explore', '--workers', '0'])).stderr).toMatch(/^hvspec: --workers must be at least 1, got 0$/m);
    const swarm = await hvspec(['explore', '--swarm', '1/2', '--workers', '2']);
    expect([swarm.status, swarm.stderr.trim()]).toEqual([2, 'hvspec: explore: --workers splits the breadth-first search; a --swarm member is one depth-first search']);
  });

  it('prints the same report for the same search: its time goes to stderr', async () => {
    const a = await hvspec(['explore', '--scope', 'intercepts-exception']);
    const b = await hvspec(['explore', '--scope', 'intercepts-exception']);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).not.toMatch(/states\/s| s[,)]/);
    expect(a.stderr).toMatch(/^ {2}intercepts-exception: [\d.]+ s, \d+ states\/s$/m);
  });

  it('--max-states 1000 exits 3 and says the search was bounded', async () => {
    const r = await hvspec(['explore', '--scope', 'memory', '--max-states', '1000']);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^bounded: the search stopped because the --max-states limit was reached, after 1000 states/m);
    expect(r.stdout).not.toMatch(/^complete/m);
  });

  it('--json prints one JSON document with the exit status', async () => {
    const r = await hvspec(['explore', '--json', '--depth', '4']);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ engine: 'explore', exitStatus: 3 });
    expect(doc.scopes).toHaveLength(15);
    expect(doc.scopes[0]).toMatchObject({ scope: 'memory', engine: 'explore', kind: 'bounded', reason: 'max-depth', depth: 4, exitStatus: 3 });
    expect(r.status).toBe(3);
  });

  it('a fault exits 1 with the shortest counterexample, saved; replay shows the same violation', async () => {
    const dir = scratch();
    const r = await hvspec(['explore', '--fault', 'finalize-skips-vp-teardown'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ finalized-partition-has-no-live-vp {2}violated after 4 steps \(shortest, by exhaustive search\)/);
    const files = readdirSync(join(dir, '.hvspec', 'failures'));
    expect(files).toHaveLength(1);
    const replay = await hvspec(['replay', join('.hvspec', 'failures', files[0]!)], dir);
    expect(replay.status).toBe(1);
    const block = (s: string) => s.slice(s.indexOf('✗')).split('\n\n')[0]!.trimEnd();
    expect(block(replay.stdout)).toBe(block(r.stdout));
    expect(r.stdout).toMatch(/^1 of 15 scopes: 15 states/m);
  });

  it('check --engine explore finds a fault; a bad flag is a one-line usage error', async () => {
    const r = await hvspec(['check', '--engine', 'explore', '--fault', 'delete-ignores-pool']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ deleted-partition-holds-nothing {2}violated after 3 steps \(shortest, by exhaustive search\)/);
    const bad = await hvspec(['explore', '--max-states', 'lots']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--max-states must be a whole number');
    expect((await hvspec(['check', '--engine', 'smart'])).status).toBe(2);
    expect((await hvspec(['explore', '--scope', 'everything'])).status).toBe(2);
  });

  it('check --engine all --json runs both engines into one document, with the worse exit status', async () => {
    const r = await hvspec(['check', '--engine', 'all', '--json', '--runs', '10', '--depth', '3']);
    const doc = JSON.parse(r.stdout);
    expect(doc.engine).toBe('all');
    expect(doc.random.engine).toBe('random');
    expect(doc.explore.scopes[0]).toMatchObject({ scope: 'memory', engine: 'explore', kind: 'bounded', reason: 'max-depth' });
    expect(doc.exitStatus).toBe(3);
    expect(r.status).toBe(3);
  });
});
