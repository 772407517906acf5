/**
 * Every example of examples/ run as a user runs it: copied into the project
 * the packed package is installed in (test/setup/packed.ts), with `hvspec`
 * from node_modules/.bin and `vitest` from the project. Each run's exit
 * status and counterexample are checked, and so is the counterexample each
 * example's README shows. The runs are small (a few dozen random runs, tiny
 * explorations) and start at once, side by side.
 */
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const { project } = inject('packed');

/** What one command printed, and its exit status. */
interface Ran {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The scripts `npx hvspec` and `npx vitest` run in the project. */
const BINS = { hvspec: 'node_modules/hvspec/bin/hvspec.mjs', vitest: 'node_modules/vitest/vitest.mjs' };

/** Runs `bin args` with Node in the example folder `example` of the project (plain Node: no loader of the test runner). */
function run(example: string, bin: keyof typeof BINS, args: string[]): Promise<Ran> {
  const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', NODE_OPTIONS: '', CI: '1' };
  return new Promise((done) => {
    execFile(process.execPath, [join(project, BINS[bin]), ...args], { cwd: join(project, 'examples', example), env, encoding: 'utf8' }, (e, stdout, stderr) => {
      done({ status: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The fenced blocks of a Markdown text, each as its lines. */
function fencedBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let open: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      if (open) blocks.push(open);
      open = open ? undefined : [];
    } else open?.push(line);
  }
  return blocks;
}

/** The lines of the first fenced block of an example's README that shows a counterexample (a line starting with `✗`). */
function readmeCounterexample(example: string): string[] {
  const block = fencedBlocks(readFileSync(join(ROOT, 'examples', example, 'README.md'), 'utf8')).find((b) => b.some((l) => l.startsWith('✗ ')));
  if (!block) throw new Error(`examples/${example}/README.md shows no counterexample`);
  return block;
}

/** Each README line is the start of a line the run printed (a line cut short with … up to the cut). */
function expectPrinted(readme: readonly string[], stdout: string): void {
  const lines = stdout.split('\n');
  for (const l of readme) expect(lines.some((o) => o.startsWith(l.split('…')[0]!.trimEnd())), `printed: ${l}\n---\n${stdout}`).toBe(true);
}

const EXAMPLES = ['greedy-balancer', 'starving-scheduler', 'own-property-and-fault', 'mutex-model', 'vitest-prop'];
const runs: Record<string, Ran> = {};

beforeAll(async () => {
  for (const e of EXAMPLES) cpSync(join(ROOT, 'examples', e), join(project, 'examples', e), { recursive: true, filter: (src) => !/[\\/](\.hvspec|reports|node_modules)$/.test(src) });
  const commands: Record<string, [string, keyof typeof BINS, string[]]> = {
    greedy: ['greedy-balancer', 'hvspec', ['check', '--runs', '40', '--depth', '20']],
    starving: ['starving-scheduler', 'hvspec', ['explore']],
    ownHolds: ['own-property-and-fault', 'hvspec', ['check', '--runs', '20', '--depth', '12', '--json']],
    ownFault: ['own-property-and-fault', 'hvspec', ['check', '--runs', '40', '--depth', '20', '--fault', 'deposit-takes-one-more']],
    mutexRacy: ['mutex-model', 'hvspec', ['check', '--engine', 'all', '--runs', '50', '--depth', '12']],
    mutexAtomic: ['mutex-model', 'hvspec', ['explore', '--config', 'atomic.config.ts']],
    vitest: ['vitest-prop', 'vitest', ['run']],
  };
  const done = await Promise.all(Object.entries(commands).map(async ([k, [dir, bin, args]]) => [k, await run(dir, bin, args)] as const));
  for (const [k, r] of done) runs[k] = r;
}, 120_000);

describe('the examples, against the packed package', () => {
  it('greedy-balancer: the balancer policy of the config is caught by visible-memory-within-min-max (exit 1), as its README shows', () => {
    const r = runs['greedy']!;
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('✗ visible-memory-within-min-max');
    expectPrinted(readmeCounterexample('greedy-balancer'), r.stdout);
  });

  it('starving-scheduler: the cache-affine scheduler policy starves p1 and the config’s bounded-liveness property catches it, as its README shows', () => {
    const r = runs['starving']!;
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('✗ ready-vp-gets-a-processor  violated after 7 steps (shortest, by exhaustive search)');
    expectPrinted(readmeCounterexample('starving-scheduler'), r.stdout);
  });

  it('own-property-and-fault: the config’s property holds and is checked; its fault breaks it (exit 1), as its README shows', () => {
    const holds = runs['ownHolds']!;
    // Every invariant holds, the config's own included; 3: runs this short leave a few goals unreached.
    expect(holds.status, holds.stderr).toBe(3);
    const doc = JSON.parse(holds.stdout) as { kind: string; invariants: { name: string; status: string }[] };
    expect(doc.kind).toBe('unreached');
    expect(doc.invariants.find((i) => i.name === 'deposit-moves-pages-asked')?.status).toBe('holds');
    expect(doc.invariants.every((i) => i.status === 'holds')).toBe(true);
    const r = runs['ownFault']!;
    expect(r.status, r.stderr).toBe(1);
    expectPrinted(readmeCounterexample('own-property-and-fault'), r.stdout);
  });

  it('mutex-model: hvspec check and explore run the config’s own model; the racy lock is caught by both engines, the atomic one holds', () => {
    const racy = runs['mutexRacy']!;
    expect(racy.status, racy.stderr).toBe(1);
    expect(racy.stdout).toContain('hvspec check · random engine · seed 1');
    expect(racy.stdout).toMatch(/✗ mutual-exclusion {2}violated after 6 steps \(shrunk \d+ times?\)/);
    expect(racy.stdout).toContain('✗ mutual-exclusion  violated after 6 steps (shortest, by exhaustive search)');
    expectPrinted(readmeCounterexample('mutex-model'), racy.stdout);
    const atomic = runs['mutexAtomic']!;
    expect(atomic.status, atomic.stdout + atomic.stderr).toBe(0);
    expect(atomic.stdout).toContain('hvspec explore · the model of atomic.config.ts · 6 states');
    expect(atomic.stdout).toContain('✓ 2 claims and 1 bounded-liveness property hold on every reachable state');
  });

  it('vitest-prop: test.prop with ops(config) runs claims of one’s own; the file with a fault fails with the seed, the path and the steps that ran', () => {
    const r = runs['vitest']!;
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/Tests +1 failed \| 2 passed \(3\)/);
    expect(out).toMatch(/\{ seed: 1, path: "[\d:]+", endOnFailure: true \}/);
    expect(out).toMatch(/Counterexample: \[\d+ ops?, \d+ ran:\n {2}1\. /);
    expect(out).toContain('✗ no-cross-partition-data-leak  violated after');
  });
});
