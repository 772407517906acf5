import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, hvspec, hvspecInProcess as inProcess, scratch } from './cli.js';


/** Exit 2, nothing on stdout, and exactly one line on stderr matching `why`. */
function expectUsageError(r: ReturnType<typeof hvspec>, why: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(why);
  expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  expect(r.status).toBe(2);
}

describe('--help on every command', () => {
  for (const command of ['check', 'explore', 'replay', 'failures', 'faults', 'coverage', 'bench'])
    for (const flag of ['--help', '-h'])
      it(`${command} ${flag} prints the command's usage on stdout, exits 0 and runs nothing`, async () => {
        const dir = scratch();
        const r = await inProcess([command, flag], dir);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^usage: hvspec ${command} `));
        expect(r.stdout).toMatch(/exit status: 0 every property holds/);
        // Nothing ran: no coverage report, no saved failure.
        expect(readdirSync(dir)).toEqual([]);
      });

  it('help wins over other flags, even bad ones', async () => {
    const r = await inProcess(['check', '--seed', 'abc', '--colour', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: hvspec check /);
  });

  it('hvspec help COMMAND prints that command\'s usage', async () => {
    const r = await inProcess(['help', 'explore']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: hvspec explore .*--max-states N/);
  });
});

describe('a flag without its value is one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--seed', '--runs', '1'], /^hvspec: check: --seed needs a value$/],
    [['check', '--engine', '--json'], /^hvspec: check: --engine needs a value$/],
    [['check', '--fault', '--seed', '1'], /^hvspec: check: --fault needs a value$/],
    [['check', '--config', '--json'], /^hvspec: check: --config needs a value$/],
    [['check', '--scenario', '--json'], /^hvspec: check: --scenario needs a value$/],
    [['check', '--runs', '--depth', '3'], /^hvspec: check: --runs needs a value$/],
    [['check', '--depth'], /^hvspec: check: --depth needs a value$/],
    [['explore', '--max-states', '--depth', '2'], /^hvspec: explore: --max-states needs a value$/],
    [['coverage', '--out', '--json'], /^hvspec: coverage: --out needs a value$/],
  ];
  for (const [args, why] of cases) it(args.join(' '), async () => expectUsageError(await inProcess(args), why));
});

describe('numeric flags name the bound they break, at both ends', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--seed', '-1'], /^hvspec: --seed must be a whole number from 0 to 4294967295, got -1$/],
    [['explore', '--max-states', '-1'], /^hvspec: --max-states must be a whole number from 1 to 100000000, got -1$/],
    [['check', '--runs', '-5'], /^hvspec: --runs must be auto or a whole number from 1 to 100000, got -5$/],
    [['check', '--seed', '99999999999999999999'], /^hvspec: --seed must be at most 4294967295, got 99999999999999999999$/],
    // fast-check seeds are 32-bit: 4294967297 would silently run as seed 1.
    [['check', '--seed', '4294967297'], /^hvspec: --seed must be at most 4294967295, got 4294967297$/],
    [['check', '--seed', '4294967296'], /--seed must be at most 4294967295/],
    [['check', '--runs', '0'], /^hvspec: --runs must be at least 1, got 0$/],
    [['check', '--runs', '99999999999999999999'], /^hvspec: --runs must be at most 100000, got 99999999999999999999$/],
    [['check', '--depth', '0'], /^hvspec: --depth must be at least 1, got 0$/],
    [['check', '--depth', '9007199254740992'], /^hvspec: --depth must be at most 10000, got 9007199254740992$/],
    [['check', '--engine', 'explore', '--depth', '99999999999999999999'], /--depth must be at most 10000/],
    [['explore', '--max-states', '0'], /^hvspec: --max-states must be at least 1, got 0$/],
    [['explore', '--max-states', '99999999999999999999'], /^hvspec: --max-states must be at most 100000000, got 99999999999999999999$/],
    [['explore', '--depth', '0'], /^hvspec: --depth must be at least 1, got 0$/],
  ];
  for (const [args, why] of cases) it(args.join(' '), async () => expectUsageError(await inProcess(args), why));

  it('the largest seed is accepted', async () => {
    const r = await inProcess(['check', '--seed', '4294967295', '--runs', '1', '--json']);
    expect(JSON.parse(r.stdout).seed).toBe(4294967295);
  });
});

describe('check --scenario rejects the flags a scenario does not use', () => {
  const cases: [string, string[]][] = [
    ['fault', ['--fault', 'nope']],
    ['seed', ['--seed', 'abc']],
    ['config', ['--config', '/nonexistent']],
    ['engine', ['--engine', 'foo']],
    ['runs', ['--runs', '5']],
    ['depth', ['--depth', '5']],
  ];
  for (const [flag, extra] of cases)
    it(`--${flag}`, async () => {
      const dir = scratch();
      expectUsageError(await inProcess(['check', '--scenario', 'seed-figure-9', ...extra], dir), new RegExp(`^hvspec: check: --${flag} cannot be used with --scenario$`));
      expect(readdirSync(dir)).toEqual([]);
    });

  it('--json still applies', async () => {
    const r = await inProcess(['check', '--scenario', 'seed-figure-9', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).exitStatus).toBe(0);
  });
});

describe('filesystem errors are one line and exit 2, never a stack trace and exit 1', () => {
  it('check when reports is a file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'reports'), '');
    const r = hvspec(['check', '--runs', '2'], dir);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^hvspec: cannot write reports[/\\]coverage: not a directory \(ENOTDIR\)$/m);
    // The verdict comes first, whole.
    expect(r.stdout).toMatch(/^hvspec check · random engine · seed 1 ·/);
    expect(r.status).toBe(2);
  });

  it('check --fault when .hvspec is a file: the counterexample (or the JSON verdict) is printed, then the one line', async () => {
    const dir = scratch();
    writeFileSync(join(dir, '.hvspec'), '');
    for (const json of [[], ['--json']]) {
      const r = await inProcess(['check', '--fault', 'map-skips-scrub', ...json], dir);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(/^hvspec: cannot write \.hvspec[/\\]failures: not a directory \(ENOTDIR\)$/);
      expect(r.status).toBe(2);
      if (json.length) {
        const doc = JSON.parse(r.stdout) as { kind: string; file?: string; exitStatus: number; writeFailure: string };
        expect([doc.kind, doc.file, doc.exitStatus]).toEqual(['violated', undefined, 1]);
        expect(`hvspec: ${doc.writeFailure}`).toBe(r.stderr.trim());
      } else {
        expect(r.stdout).toMatch(/✗ no-cross-partition-data-leak {2}violated after \d+ steps/);
        expect(r.stdout).not.toMatch(/replay:/);
      }
      expect(existsSync(join(dir, 'reports'))).toBe(false);
    }
  });

  it('coverage --out an existing file', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'afile'), '');
    expectUsageError(await inProcess(['coverage', '--out', 'afile'], dir), /^hvspec: coverage: --out afile is not a directory$/);
  });

  it('coverage --out a path through a file', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'afile'), '');
    expectUsageError(await inProcess(['coverage', '--out', 'afile/sub'], dir), /^hvspec: cannot read afile\/sub: not a directory \(ENOTDIR\)$/);
  });

  it("coverage --out ''", async () => expectUsageError(await inProcess(['coverage', '--out', '']), /^hvspec: coverage: --out needs a directory$/));
});

describe('a closed pipe', () => {
  it('hvspec faults | head -1 prints one line and ends quietly, with no stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" faults | head -1`], { encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^unmap-keeps-slat-entry/);
    expect(r.stderr).toBe('');
  });
});
