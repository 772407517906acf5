import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as inProcess, scratch } from './cli.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { MAX_INPUT_BYTES } from '../../src/cli/read-input.js';
import { FLAG_BOUNDS } from '../../src/cli/usage.js';

/** Exit 2, nothing on stdout, one line on stderr without control characters, matching `why`. */
function expectOneLine(r: { status: number; stdout: string; stderr: string }, why: RegExp): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr.slice(0, 500)).toHaveLength(2);
  expect(lines[1]).toBe('');
  expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  expect(lines[0]).toMatch(why);
  expect(r.status).toBe(2);
}

/** A trace file's text on the default config. */
const trace = (fields: Record<string, unknown>): string =>
  JSON.stringify({ format: 'hvspec-trace', version: 1, engine: 'random', property: 'tlb-purged-on-vm-switch', message: 'm', config: DEFAULT_CONFIG, faults: [], ops: [], ...fields });

describe('hostile keys and names', () => {
  it.each(['constructor', '__proto__', 'toString'])('an instruction called %s in a trace is a bad instr, not a crash', async (instr) => {
    const dir = scratch();
    writeFileSync(join(dir, 't.json'), trace({ ops: [{ type: 'guestExecute', lp: 0, instr, arg: 0 }] }));
    expectOneLine(await inProcess(['replay', 't.json'], dir), new RegExp(`^hvspec: trace t\\.json: op 1: guestExecute: "instr" must be one of cpuid, rdmsr, wrmsr, in, out, exception, got "${instr}"$`));
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('an op type called %s is an unknown op type', async (type) => {
    const dir = scratch();
    writeFileSync(join(dir, 't.json'), trace({ ops: [{ type }] }));
    expectOneLine(await inProcess(['replay', 't.json'], dir), new RegExp(`^hvspec: trace t\\.json: op 1: unknown op type "${type}"$`));
  });

  it('a __proto__ key in a config, a trace or an op is an unknown field', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'c.json'), '{"__proto__": {"frames": 1}}');
    writeFileSync(join(dir, 't.json'), trace({ ops: [JSON.parse('{"type": "tick", "__proto__": {"pid": "p1"}}')] }));
    expectOneLine(await inProcess(['check', '--config', 'c.json'], dir), /^hvspec: config c\.json: unknown field "__proto__"$/);
    expectOneLine(await inProcess(['replay', 't.json'], dir), /^hvspec: trace t\.json: op 1: tick has no field "__proto__"$/);
  });

  it('a child partition called constructor runs (check and explore)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ partitions: [{ id: 'constructor', vps: 1, gpaPages: 4 }] }));
    const check = await inProcess(['check', '--config', 'c.json', '--runs', '3', '--depth', '20', '--json'], dir);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout).steps).toBeGreaterThan(0);
    const explore = await inProcess(['explore', '--config', 'c.json', '--max-states', '200', '--json'], dir);
    expect(explore.status).toBe(3);
    expect(JSON.parse(explore.stdout).states).toBe(200);
  });
});

describe('deep nesting', () => {
  const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
  it('a value nested 200000 deep in a trace is one line, not a stack overflow', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'msg.json'), trace({}).replace('"message":"m"', `"message":${deep(200_000)}`));
    writeFileSync(join(dir, 'op.json'), trace({}).replace('"ops":[]', `"ops":[${deep(200_000)}]`));
    expectOneLine(await inProcess(['replay', 'msg.json'], dir), /^hvspec: trace msg\.json: "message" must be a string, got \[{59}…$/);
    expectOneLine(await inProcess(['replay', 'op.json'], dir), /^hvspec: trace op\.json: op 1: an op must be an object, got \[{59}…$/);
  });

  it('and in a config', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'c.json'), `{"frames": ${deep(200_000)}}`);
    expectOneLine(await inProcess(['check', '--config', 'c.json'], dir), /^hvspec: config c\.json: frames must be an integer, got \[{59}…$/);
  });
});

describe('unbounded work from input', () => {
  it('a config read from /dev/zero, a directory or a FIFO is refused at once', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'd'));
    expectOneLine(await inProcess(['check', '--config', '/dev/zero'], dir), /^hvspec: cannot read config \/dev\/zero: not a regular file$/);
    expectOneLine(await inProcess(['check', '--config', 'd'], dir), /^hvspec: cannot read config d: not a regular file$/);
    expectOneLine(await inProcess(['replay', '/dev/zero'], dir), /^hvspec: cannot read trace \/dev\/zero: not a regular file$/);
    if (spawnSync('mkfifo', [join(dir, 'fifo')]).status === 0) expectOneLine(await inProcess(['check', '--config', 'fifo'], dir), /^hvspec: cannot read config fifo: not a regular file$/);
  });

  it('a file over 16 MiB is refused without being read', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'big.json'), '');
    truncateSync(join(dir, 'big.json'), MAX_INPUT_BYTES + 1);
    expectOneLine(await inProcess(['check', '--config', 'big.json'], dir), /^hvspec: cannot read config big\.json: 16777217 bytes, more than the 16777216 \(16 MiB\) hvspec reads$/);
    expectOneLine(await inProcess(['replay', 'big.json'], dir), /^hvspec: cannot read trace big\.json: 16777217 bytes/);
  });

  it('every numeric flag has a documented maximum, in --help and the README, and is refused above it', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [flag, { min, max }] of Object.entries(FLAG_BOUNDS)) {
      const command = flag === 'max-states' || flag === 'table-bits' || flag === 'workers' ? 'explore' : 'check';
      const help = (await inProcess([command, '--help'])).stdout;
      expect(help, flag).toMatch(new RegExp(`--${flag} N .*${min} to ${max}`));
      expect(readme, flag).toContain(`| \`--${flag} N\` | ${min} to ${max} |`);
      expectOneLine(await inProcess([command, `--${flag}`, String(max + 1)]), new RegExp(`^hvspec: --${flag} must be at most ${max}, got ${max + 1}$`));
    }
  });

  it('an error quotes at most a short, escaped excerpt of a 14 MB value', async () => {
    const dir = scratch();
    const hostile = `\u001b[2J\u001b]0;owned\u0007\n\u0000${'A'.repeat(7_000_000)}`;
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ partitions: hostile, frames: hostile }));
    const r = await inProcess(['check', '--config', 'c.json'], dir);
    expectOneLine(r, /^hvspec: config c\.json: frames must be an integer, got "\\u001b\[2J\\u001b\]0;owned\\u0007\\n\\u0000A+…; partitions must be a list, got "\\u001b/);
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('flag values, file names and unknown flags are escaped too', async () => {
    expectOneLine(await inProcess(['check', '--seed', '1\u001b[2J\n2']), /^hvspec: --seed must be a whole number from 0 to 4294967295, got "1\\u001b\[2J\\n2"$/);
    expectOneLine(await inProcess(['check', '--config', 'no\u001b[2Jsuch\n.json']), /^hvspec: cannot read config no\\u001b\[2Jsuch\\n\.json: ENOENT$/);
    expectOneLine(await inProcess(['check', `--x${'\u001b'.repeat(10_000)}`]), /^hvspec: check: unknown option '--x(\\u001b)+/);
    expectOneLine(await inProcess(['check', '--engine', 'x'.repeat(1_000_000)]), /^hvspec: --engine must be random, explore or all, got "x+…$/);
  });
});

describe('a single-valued flag given twice is an error, not the last value', () => {
  const cases: [string[], string][] = [
    [['check', '--seed', '1', '--seed', '2'], 'check: --seed is given 2 times; it takes one value'],
    [['check', '--runs=1', '--runs', '2'], 'check: --runs is given 2 times; it takes one value'],
    [['check', '--json', '--json'], 'check: --json is given 2 times; it takes one value'],
    [['explore', '--scope', 'memory', '--scope', 'synic'], 'explore: --scope is given 2 times; it takes one value'],
    [['coverage', '--out', 'a', '--out', 'b', '--out', 'c'], 'coverage: --out is given 3 times; it takes one value'],
  ];
  for (const [args, line] of cases)
    it(args.join(' '), async () => {
      const dir = scratch();
      expectOneLine(await inProcess(args, dir), new RegExp(`^hvspec: ${line.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}$`));
      expect(readdirSync(dir)).toEqual([]);
    });

  it('--fault repeats', async () => {
    const r = await inProcess(['check', '--fault', 'map-skips-scrub', '--fault', 'unmap-skips-tlb-flush', '--runs', '1', '--depth', '2', '--json']);
    expect(JSON.parse(r.stdout).exitStatus).toBeLessThanOrEqual(3);
  });
});

describe('names that are not known are quoted short and escaped', () => {
  const long = `\u001b[2J${'y'.repeat(100_000)}`;
  it.each([
    [['check', '--fault', long], /^hvspec: unknown fault "\\u001b\[2Jy+… \(run `hvspec faults` for the list\)$/],
    [['check', '--scenario', long], /^hvspec: unknown scenario "\\u001b\[2Jy+… \(known: /],
    [['explore', '--scope', long], /^hvspec: --scope must be all or one of memory, .*, got "\\u001b\[2Jy+…$/],
    [[long], /^hvspec: unknown command "\\u001b\[2Jy+… \(try: /],
    [['help', long], /^hvspec: help: unknown command "\\u001b\[2Jy+… \(try: /],
  ])('%#', async (args, why) => {
    const r = await inProcess(args);
    expectOneLine(r, why);
    expect(r.stderr.length).toBeLessThan(400);
  });
});
