/**
 * Every example of examples/ run as a user runs it, against the packed
 * package: copied into the project it is installed in (test/setup/packed.ts).
 * `vitest run` is started there as its own process; the `hvspec` commands
 * run the installed package's CLI (node_modules/hvspec, the code its bin
 * runs; package.test.ts runs the bin itself) in this process with the
 * example's folder as the working directory, so that Node and the package
 * load once. Each run's exit status and counterexample are checked, and so
 * is the counterexample each example's README shows. The runs are small.
 */
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const { project } = inject('packed');

/** What one command printed, and its exit status. */
interface Ran {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI's entry, as the installed package's bin imports it. */
type Main = (argv: string[], io: { out(...l: string[]): void; err(...l: string[]): void; progress(l: string): void }) => Promise<number>;

/** Runs `hvspec args` with the installed package's CLI in the example folder `example` (this process; one command at a time). */
async function hvspec(example: string, args: string[]): Promise<Ran> {
  const { main } = (await import(pathToFileURL(join(project, 'node_modules', 'hvspec', 'dist', 'src', 'cli', 'main.js')).href)) as { main: Main };
  const out: string[] = [];
  const err: string[] = [];
  const home = process.cwd();
  process.chdir(join(project, 'examples', example));
  try {
    const status = await main(args, { out: (...l) => out.push(...l), err: (...l) => err.push(...l), progress: () => {} });
    return { status, stdout: out.join('\n') + '\n', stderr: err.join('\n') };
  } finally {
    process.chdir(home);
  }
}

/** Runs the project's `vitest run` in the example folder `example`, as `npx vitest run` does (plain Node: no loader of this test runner). */
function vitest(example: string, args: string[]): Promise<Ran> {
  const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', NODE_OPTIONS: '', CI: '1' };
  return new Promise((done) => {
    execFile(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], { cwd: join(project, 'examples', example), env, encoding: 'utf8' }, (e, stdout, stderr) => {
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

/** The lines of the first fenced block of an example's README that shows a counterexample (a line with `✗ `, a property's name after it). */
function readmeCounterexample(example: string): string[] {
  const block = fencedBlocks(readFileSync(join(ROOT, 'examples', example, 'README.md'), 'utf8')).find((b) => b.some((l) => /(^|: )✗ [a-z]/.test(l)));
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
  // One worker: two small files need no more, and a second would load hvspec again.
  const vitestRun = vitest('vitest-prop', ['--maxWorkers=1', '--no-isolate']);
  runs['greedy'] = await hvspec('greedy-balancer', ['check', '--runs', '5', '--depth', '20']);
  runs['starving'] = await hvspec('starving-scheduler', ['explore']);
  runs['ownHolds'] = await hvspec('own-property-and-fault', ['check', '--runs', '20', '--depth', '12', '--json']);
  runs['ownFault'] = await hvspec('own-property-and-fault', ['check', '--runs', '40', '--depth', '20', '--fault', 'deposit-takes-one-more']);
  runs['mutexRacy'] = await hvspec('mutex-model', ['check', '--engine', 'all', '--runs', '50', '--depth', '12']);
  runs['mutexAtomic'] = await hvspec('mutex-model', ['explore', '--config', 'atomic.config.ts']);
  runs['vitest'] = await vitestRun;
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
    expect(out).toMatch(/Tests +1 failed \| 3 passed \(4\)/);
    expect(out).toMatch(/✓ claims\.test\.ts \(3 tests\)/);
    expect(out).toMatch(/× a partition never reads another’s data \(fails: the fault is on\)/);
    expectPrinted(readmeCounterexample('vitest-prop').filter((l) => l !== '…'), out);
  });
});
