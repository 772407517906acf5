import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';

// In-process (the same main as the binary, without a Node start per call).
describe('hvspec explore (as a user runs it)', () => {
  it('completes every default scope, prints the state counts and exits 0', async () => {
    const r = await hvspec(['explore']);
    // stderr has the time of each scope and of the whole search, nothing else (no progress line when not a terminal).
    expect(r.stderr.split('\n').filter((l) => l !== '' && !/^( {2}[a-z-]+: [\d.]+ s, \d+ states\/s|10 scopes in [\d.]+ s)$/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hvspec explore · memory: /m);
    expect(r.stdout).toMatch(/^complete: every reachable state visited: 16163 states, 111627 transitions, depth 25 /m);
    expect(r.stdout).toMatch(/^complete: every reachable state visited: 34535 states, 162171 transitions, depth 29 /m);
    expect(r.stdout).toMatch(/^hvspec explore · dynamic-memory: .*\ncomplete: every reachable state visited: 3955 states, 16364 transitions, depth 20 /m);
    expect(r.stdout).toMatch(/^hvspec explore · dynamic-memory-access: .*\ncomplete: every reachable state visited: 1055 states, 5207 transitions, depth 15 /m);
    expect(r.stdout).toMatch(/^hvspec explore · vmbus: .*\ncomplete: every reachable state visited: 2000 states, 7478 transitions, depth 49 /m);
    expect(r.stdout).toMatch(/^hvspec explore · synic: .*\ncomplete: every reachable state visited: 1330 states, 4188 transitions, depth 19 /m);
    expect(r.stdout).toMatch(/^10 scopes: 60272 states · every scope complete, every property holds$/m);
    expect(r.stderr).toMatch(/^10 scopes in [\d.]+ s$/m);
    expect(r.stdout.match(/✓ no deadlocks/g)).toHaveLength(10);
    expect(r.stdout).not.toContain('✗');
  });

  it('prints the same report for the same search: its time goes to stderr', async () => {
    const a = await hvspec(['explore', '--scope', 'synic']);
    const b = await hvspec(['explore', '--scope', 'synic']);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).not.toMatch(/states\/s| s[,)]/);
    expect(a.stderr).toMatch(/^ {2}synic: [\d.]+ s, \d+ states\/s$/m);
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
    expect(doc.scopes).toHaveLength(10);
    expect(doc.scopes[0]).toMatchObject({ scope: 'memory', engine: 'explore', kind: 'bounded', reason: 'max-depth', depth: 4, exitStatus: 3 });
    expect(r.status).toBe(3);
  });

  it('a fault exits 1 with the shortest counterexample, saved; replay shows the same violation', async () => {
    const dir = scratch();
    const r = await hvspec(['explore', '--fault', 'finalize-skips-vp-teardown'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ finalized-partition-stops-running {2}violated after 5 steps \(shortest, by exhaustive search\)/);
    const files = readdirSync(join(dir, '.hvspec', 'failures'));
    expect(files).toHaveLength(1);
    const replay = await hvspec(['replay', join('.hvspec', 'failures', files[0]!)], dir);
    expect(replay.status).toBe(1);
    const block = (s: string) => s.slice(s.indexOf('✗')).split('\n\n')[0]!.trimEnd();
    expect(block(replay.stdout)).toBe(block(r.stdout));
    expect(r.stdout).toMatch(/^1 of 10 scopes: 30 states/m);
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
