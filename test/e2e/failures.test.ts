/**
 * The failure store from the command line: `check --seed N --path P`
 * replays one run, saved failures are replayed whatever the seed (keyed by
 * content), and `failures list|clear` show and remove hvspec's own files.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import { QUARANTINE_LEDGER } from '../../src/check/quarantine-ledger.js';

const FAULT = ['--fault', 'skip-tlb-purge-on-vm-switch'];
const failuresOf = (dir: string) => join(dir, '.hvspec', 'failures');
const savedIn = (dir: string) => readdirSync(failuresOf(dir)).filter((n) => n.endsWith('.json'));

/** The folder `check FAULT --seed 7` leaves (exit 1: its failure saved, its reports written), made once. */
let seeded: Promise<string> | undefined;
const seedSeven = (): Promise<string> =>
  (seeded ??= (async () => {
    const dir = scratch();
    expect((await hvspec(['check', ...FAULT, '--seed', '7'], dir)).status).toBe(1);
    return dir;
  })());

/** Copies what `check FAULT --seed 7` leaves into `dir` (a fresh folder by default): the same files that running it there writes. */
async function afterSeedSeven(dir = scratch()): Promise<string> {
  cpSync(await seedSeven(), dir, { recursive: true });
  return dir;
}

/** Exit 2, nothing on stdout, one line on stderr matching `why`. */
function usageError(r: { status: number; stdout: string; stderr: string }, why: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(why);
}

describe('hvspec check --seed N --path P', () => {
  it('replays the one run the counterexample names: the same violation, from a single generated run', async () => {
    const first = await hvspec(['check', '--json', ...FAULT, '--seed', '7']);
    expect(first.status).toBe(1);
    const found = JSON.parse(first.stdout) as { counterexample: { property: string; ops: unknown[]; path: string } };
    expect(found.counterexample.path).toMatch(/^\d+(:\d+)*$/);
    // In a fresh folder (nothing saved to replay), the path alone leads to the same shrunk counterexample.
    const again = await hvspec(['check', '--json', ...FAULT, '--seed', '7', '--path', found.counterexample.path]);
    expect(again.status).toBe(1);
    const replayed = JSON.parse(again.stdout) as { runs: number; counterexample: typeof found.counterexample };
    expect(replayed.runs).toBe(1);
    expect(replayed.counterexample.property).toBe(found.counterexample.property);
    expect(replayed.counterexample.ops).toEqual(found.counterexample.ops);
    const text = await hvspec(['check', ...FAULT, '--seed', '7', '--path', found.counterexample.path]);
    expect(text.stdout.split('\n')[0]).toContain(`seed 7 · path "${found.counterexample.path}" (one run replayed)`);
  });

  it('does not replay saved failures first: only the run asked for', async () => {
    const dir = await afterSeedSeven();
    // Run 0 with no shrinking on the correct system: the saved failure does not stand in for it.
    const r = await hvspec(['check', ...FAULT, '--seed', '7', '--path', '0'], dir);
    expect(r.stderr).not.toMatch(/replayed/);
    expect(r.stdout).not.toMatch(/saved failure/);
  });

  const cases: [string, string[], RegExp][] = [
    ['letters', ['--path', 'a:b'], /^hvspec: --path must be whole numbers separated by colons, as a counterexample prints it \(such as 112:6:0\), got "a:b"$/],
    ['an empty step', ['--path', '1::2'], /--path must be whole numbers separated by colons/],
    ['a trailing colon', ['--path', '3:'], /--path must be whole numbers separated by colons/],
    ['a negative number', ['--path', '-1'], /--path must be whole numbers separated by colons, as a counterexample prints it \(such as 112:6:0\), got -1$/],
    ['a path too long', ['--path', Array.from({ length: 6000 }, () => '1').join(':')], /--path must be at most 10000 characters/],
    ['no value', ['--path'], /check: --path needs a value/],
    ['the explorer', ['--engine', 'explore', '--path', '1:2'], /--path replays a run of the random engine; it cannot be used with --engine explore or all/],
    ['both engines', ['--engine', 'all', '--path', '1:2'], /--path replays a run of the random engine/],
    ['a scenario', ['--scenario', 'dm-timers', '--path', '1:2'], /check: --path cannot be used with --scenario/],
    // Well formed, but no run of the seed's generator is there: bad input, not a run that proves nothing.
    ['a shrink step below a run that passes', ['--path', '0:99999'], /^hvspec: check: --path "0:99999" leads to no run of seed 1 \(a path replays only with the seed, config, faults, --runs and --depth that printed it\)$/],
    ['a shrink step that does not exist', [...FAULT, '--seed', '7', '--path', '0:99999:5'], /check: --path "0:99999:5" leads to no run of seed 7/],
  ];
  for (const [what, args, why] of cases)
    it(`a malformed path or a path where it does not apply is exit 2 with one line: ${what}`, async () => {
      const dir = scratch();
      usageError(await hvspec(['check', ...args], dir), why);
      expect(readdirSync(dir)).toEqual([]);
    });
});

describe('saved failures are replayed first whatever the seed, keyed by content', () => {
  it("a failure saved by one seed is replayed by another; the run's own result is reported when it finds one", async () => {
    const dir = await afterSeedSeven();
    const three = await hvspec(['check', ...FAULT, '--seed', '2', '--runs', '60'], dir);
    expect(three.stderr).toMatch(/replayed \.hvspec\/failures\/\w+\.json: it still fails/);
    // Seed 2 finds its own violation: the report is byte for byte what a fresh folder prints.
    const fresh = await hvspec(['check', ...FAULT, '--seed', '2', '--runs', '60']);
    expect(fresh.status).toBe(1);
    expect(three.stdout).toBe(fresh.stdout);
  });

  it('when the run misses it, the saved failure is the result, said so, exit 1; the same inputs print the same bytes', async () => {
    const dir = await afterSeedSeven();
    const args = ['check', ...FAULT, '--seed', '5', '--runs', '1', '--depth', '1'];
    // On its own, this run is too short to find anything.
    const alone = await hvspec(args);
    expect(alone.status).not.toBe(1);
    const a = await hvspec(args, dir);
    expect(a.status).toBe(1);
    const lines = a.stdout.split('\n');
    expect(lines[0]).toMatch(/^hvspec check · random engine · seed 5 · 1 runs of up to 1 ops/);
    expect(lines[1]).toBe('these runs found no violation; a saved failure, replayed first, still fails:');
    expect(lines[2]).toMatch(/^✗ tlb-purged-on-vm-switch {2}violated after \d+ steps/);
    // The counterexample keeps the seed that found it, and names its file.
    expect(lines[3]).toMatch(/^ {2}seed 7 · path "[\d:]+" · replay: hvspec replay \.hvspec\/failures\/\w+\.json/);
    const b = await hvspec(args, dir);
    expect(b.stdout).toBe(a.stdout);
    const doc = JSON.parse((await hvspec([...args, '--json'], dir)).stdout) as Record<string, unknown> & { counterexample: { seed: number }; invariants: { name: string; status: string }[] };
    expect(doc.seed).toBe(5);
    expect(doc.runs).toBe(1);
    expect(doc.savedFailure).toMatch(/^\.hvspec\/failures\/\w+\.json$/);
    expect(doc.counterexample.seed).toBe(7);
    expect(doc.invariants.filter((i) => i.status === 'violated').map((i) => i.name)).toContain('tlb-purged-on-vm-switch');
    expect(doc.exitStatus).toBe(1);
  });

  it('another config, other faults or another balancer policy: not replayed', async () => {
    const dir = await afterSeedSeven();
    const [saved] = savedIn(dir);
    const trace = JSON.parse(readFileSync(join(failuresOf(dir), saved!), 'utf8')) as Record<string, unknown>;
    // The same failure recorded under another balancer policy is not this content.
    writeFileSync(join(failuresOf(dir), saved!), JSON.stringify({ ...trace, balancer: '0123456789abcdef' }));
    const other = await hvspec(['check', ...FAULT, '--seed', '5', '--runs', '1', '--depth', '1'], dir);
    expect(other.stderr).not.toMatch(/replayed/);
    expect(other.status).not.toBe(1);
    const noFault = await hvspec(['check', '--seed', '5', '--runs', '1', '--depth', '1'], dir);
    expect(noFault.stderr).not.toMatch(/replayed/);
  });
});

describe('hvspec failures list|clear', () => {
  it('list shows each saved failure (file, property, faults, config, ops), the unusable ones and the quarantine; --json the same as data', async () => {
    const dir = scratch();
    const empty = await hvspec(['failures', 'list'], dir);
    expect(empty).toMatchObject({ status: 0, stdout: 'no saved failures in .hvspec/failures\n' });
    expect(readdirSync(dir)).toEqual([]);
    await afterSeedSeven(dir);
    expect((await hvspec(['check', '--fault', 'map-skips-scrub'], dir)).status).toBe(1);
    writeFileSync(join(failuresOf(dir), 'broken.json'), '{');
    const before = readdirSync(failuresOf(dir)).sort();
    const r = await hvspec(['failures', 'list'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 saved failures in \.hvspec\/failures/);
    expect(r.stdout).toMatch(/✗ tlb-purged-on-vm-switch · \d+ ops · faults: skip-tlb-purge-on-vm-switch/);
    expect(r.stdout).toMatch(/✗ no-cross-partition-data-leak · \d+ ops · faults: map-skips-scrub/);
    expect(r.stdout).toMatch(/config: 3 child partitions \(p1, p2, p3\), 2 LPs, 384 frames · found by random seed 7 · path "[\d:]+"/);
    expect(r.stdout).toMatch(/not usable: \.hvspec\/failures\/broken\.json \(not JSON/);
    // Listing moves nothing.
    expect(readdirSync(failuresOf(dir)).sort()).toEqual(before);
    const doc = JSON.parse((await hvspec(['failures', 'list', '--json'], dir)).stdout) as {
      dir: string;
      failures: { file: string; property: string; faults: string[]; config: string; ops: number; seed: number }[];
      unusable: { file: string }[];
    };
    expect(doc.dir).toBe('.hvspec/failures');
    expect(doc.failures).toHaveLength(2);
    for (const f of doc.failures) {
      const saved = JSON.parse(readFileSync(join(dir, f.file), 'utf8')) as { property: string; faults: string[]; ops: unknown[] };
      expect(f).toMatchObject({ property: saved.property, faults: saved.faults, ops: saved.ops.length });
      expect(f.config).toMatch(/child partitions/);
    }
    expect(doc.unusable.map((u) => u.file)).toEqual(['.hvspec/failures/broken.json']);
  });

  it("clear removes only hvspec's own files: the saved failures and what hvspec moved into quarantine", async () => {
    const dir = await afterSeedSeven();
    const store = failuresOf(dir);
    // Files that are not hvspec's: a note, a JSON file of the user's, a link to a saved failure elsewhere, and one in quarantine.
    writeFileSync(join(store, 'notes.txt'), 'mine');
    writeFileSync(join(store, 'mine.json'), '{"not":"a trace"}');
    const outside = scratch();
    writeFileSync(join(outside, 'kept.json'), readFileSync(join(store, savedIn(dir).find((n) => n !== 'mine.json')!)));
    symlinkSync(join(outside, 'kept.json'), join(store, 'link.json'));
    mkdirSync(join(store, 'quarantine'));
    writeFileSync(join(store, 'quarantine', 'user.json'), 'put here by hand');
    // A poisoned saved failure, which the next check moves into quarantine (and records as moved).
    writeFileSync(join(store, 'poisoned.json'), '{"format":"hvspec-trace"');
    await hvspec(['check', ...FAULT, '--seed', '7', '--runs', '1'], dir);
    // mine.json is not a trace either: the check set it aside too; hvspec moved both, so they are hvspec's to clear.
    expect(readdirSync(join(store, 'quarantine')).sort()).toEqual([QUARANTINE_LEDGER, 'mine.json', 'poisoned.json', 'user.json']);
    const r = await hvspec(['failures', 'clear'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^removed 1 saved failure and 2 quarantined files from \.hvspec\/failures\n/);
    expect(r.stdout).toMatch(/kept 3 files hvspec did not write: .*link\.json.*notes\.txt.*quarantine\/user\.json/);
    expect(readdirSync(store).sort()).toEqual(['link.json', 'notes.txt', 'quarantine']);
    expect(readdirSync(join(store, 'quarantine'))).toEqual(['user.json']);
    expect(readFileSync(join(outside, 'kept.json'), 'utf8')).toMatch(/hvspec-trace/);
    expect((await hvspec(['failures', 'list'], dir)).stdout).toMatch(/^no saved failures/);
    // A second clear has nothing of hvspec's left to remove.
    expect((await hvspec(['failures', 'clear', '--json'], dir)).stdout).toMatch(/"removed": \[\]/);
  });

  it('clear removes nothing through a link that leads out of the working directory (exit 2, one line)', async () => {
    const dir = await afterSeedSeven();
    const outside = scratch();
    for (const n of savedIn(dir)) writeFileSync(join(outside, n), readFileSync(join(failuresOf(dir), n)));
    rmSync(failuresOf(dir), { recursive: true });
    symlinkSync(outside, failuresOf(dir));
    usageError(await hvspec(['failures', 'clear'], dir), /^hvspec: cannot write \.hvspec\/failures: \.hvspec\/failures is a symbolic link to .+, outside \.; refused$/);
    expect(readdirSync(outside)).toHaveLength(1);
  });

  it('clear in a folder without saved failures removes nothing and creates nothing', async () => {
    const dir = scratch();
    const r = await hvspec(['failures', 'clear'], dir);
    expect(r).toMatchObject({ status: 0, stdout: 'removed 0 saved failures and 0 quarantined files from .hvspec/failures\n' });
    expect(existsSync(join(dir, '.hvspec'))).toBe(false);
  });

  const bad: [string, string[], RegExp][] = [
    ['no subcommand', ['failures'], /^hvspec: failures needs a subcommand: list or clear$/],
    ['an unknown subcommand', ['failures', 'purge'], /^hvspec: failures: unknown subcommand "purge" \(try: list, clear\)$/],
    ['two subcommands', ['failures', 'list', 'clear'], /failures takes one subcommand \(list or clear\), got 2/],
    ['an unknown flag', ['failures', 'list', '--all'], /failures: unknown option '--all'/],
    ['a value for a switch', ['failures', 'list', '--json=yes'], /failures: --json does not take a value/],
  ];
  for (const [what, args, why] of bad)
    it(`bad usage is exit 2 with one line: ${what}`, async () => {
      const dir = scratch();
      usageError(await hvspec(args, dir), why);
      expect(readdirSync(dir)).toEqual([]);
    });
});
