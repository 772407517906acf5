/**
 * A config module whose `model` is a model of its own: `hvspec check` and
 * `hvspec explore` run the engines on it (in process, on the sources), and
 * the flags that belong to hvspec's System are refused with one line.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

/** A counter that may not pass 3, and a bug: it goes from 2 to 4. */
const CONFIG = `
import { keyIdentity } from ${JSON.stringify(resolve(import.meta.dirname, '../../src/engine/key-identity.ts'))};
export default {
  model: {
    initial: () => 0,
    actions: (n: number) => (n < 4 ? ['inc'] : []),
    next: (n: number) => (n < 4 ? { state: n === 2 ? 4 : n + 1, outcome: undefined } : undefined),
    properties: [{ kind: 'always', name: 'at-most-three', description: 'n stays at most 3', check: (n: number) => (n <= 3 ? null : 'n is ' + n) }],
    describe: (op: string) => op,
    identity: keyIdentity((n: number) => String(n)),
    isFinal: (n: number) => n === 4,
  },
};
`;

describe('a config module with a model of its own', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'hvspec.config.ts'), CONFIG);

  it('hvspec check runs the random engine on it and prints its counterexample (exit 1)', async () => {
    const r = await hvspecInProcess(['check', '--runs', '5', '--depth', '6'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('hvspec check · random engine · seed 1');
    expect(r.stdout).toContain('✗ at-most-three  violated after 3 steps');
    expect(r.stdout).toContain('  3. inc  ✗ n is 4');
    // Its report: the verdict, the counterexample and the one run that replays it, then each claim (no machine coverage: the Model names none).
    expect(r.stderr).toContain('report: reports/coverage/index.html');
    const md = readFileSync(join(dir, 'reports', 'coverage', 'coverage.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# hvspec: ❌ violated (exit status 1)');
    expect(md).toContain('at-most-three violated: n is 4');
    expect(md).toContain('  3. inc  ✗ n is 4');
    expect(md).toMatch(/^Replay: `hvspec check --seed 1 --path [\d:]+`$/m);
    expect(md).toContain('| at-most-three | always | violated | n is 4 (after 3 steps) |');
    expect(md).toContain('there is no state or transition coverage');
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'coverage', 'coverage.json'), 'utf8')) as { properties: { name: string; result: string }[] };
    expect(json.properties).toEqual([expect.objectContaining({ name: 'at-most-three', result: 'violated' })]);
    expect(readFileSync(join(dir, 'reports', 'coverage', 'index.html'), 'utf8')).toContain('at-most-three');
  });

  it('hvspec explore and check --engine explore give the shortest run, as JSON too', async () => {
    const r = await hvspecInProcess(['explore', '--json'], dir);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { kind: string; counterexample: { property: string; steps: string[] } };
    expect(doc.kind).toBe('violated');
    expect(doc.counterexample).toMatchObject({ property: 'at-most-three', steps: ['inc', 'inc', 'inc'] });
    const c = await hvspecInProcess(['check', '--engine', 'explore'], dir);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('✗ at-most-three  violated after 3 steps (shortest, by exhaustive search)');
  });

  it('--no-report writes no report; a model whose claims hold gets a report that says so', async () => {
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    const quiet = await hvspecInProcess(['explore', '--no-report'], dir);
    expect(quiet.status).toBe(1);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    const held = scratch();
    writeFileSync(join(held, 'hvspec.config.ts'), CONFIG.replace('n === 2 ? 4 : n + 1', 'n + 1').replace('n < 4 ?', 'n < 3 ?').replace('n < 4 ?', 'n < 3 ?').replace('n === 4', 'n === 3'));
    const r = await hvspecInProcess(['explore'], held);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(join(held, 'reports', 'coverage', 'coverage.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# hvspec: ✅ holds (exit status 0)');
    expect(md).toContain('every claim holds over 4 states and 3 transitions explored to depth 3');
    expect(md).toContain('| at-most-three | always | holds | explorer, every reachable state (4 states) |');
  });

  it("refuses --fault and --scope, which belong to hvspec's System, with one line (exit 2)", async () => {
    for (const args of [['check', '--fault', 'map-skips-scrub'], ['explore', '--scope', 'memory']]) {
      const r = await hvspecInProcess(args, dir);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--(fault|scope) .*applies to hvspec's System; hvspec\.config\.ts gives a model of its own|--fault switches on a fault of hvspec's System; hvspec\.config\.ts gives a model of its own/);
    }
  });
});
