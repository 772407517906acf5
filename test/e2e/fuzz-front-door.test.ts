/**
 * The front door under fuzzing: generated configs, traces, saved failures
 * and flag lists (valid ones mutated, and random JSON with hostile keys,
 * deep nesting, huge numbers and long strings with control characters).
 * For every one, hvspec's main (in process) ends with an exit status from
 * 0 to 3 and never throws, and a failure is one line without control
 * characters. Fixed seeds, bounded runs; valid inputs run with tiny bounds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { EXPLORE_CONFIG, DM_EXPLORE_CONFIG } from '../../src/check/explore-config.js';
import { encodeTrace } from '../../src/check/trace-file.js';

/** What a run must look like, whatever the input. */
async function frontDoorHolds(args: string[], dir: string): Promise<void> {
  let r: Awaited<ReturnType<typeof hvspecInProcess>>;
  try {
    r = await hvspecInProcess(args, dir);
  } catch (e) {
    throw new Error(`hvspec ${JSON.stringify(args).slice(0, 300)} threw: ${(e as Error).stack}`);
  }
  expect([0, 1, 2, 3], JSON.stringify(args).slice(0, 300)).toContain(r.status);
  if (r.status === 2) {
    const line = r.stderr.replace(/\n$/, '');
    expect(line.split('\n'), line.slice(0, 300)).toHaveLength(1);
    expect(line).toMatch(/^hvspec: /);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(line.length).toBeLessThanOrEqual(2100);
  }
}

// ---- JSON text with hostile content -------------------------------------------------------------

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', '\u0000', '\u001b[2J', 'type', 'pid', 'id', 'frames', 'ops'];
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }));
/** Numbers as JSON text, including ones JSON parses to Infinity or that no integer check accepts. */
const hugeNumber = fc.constantFrom('1e400', '-1e400', '1e308', '9007199254740993', '4294967296', '-0', '1e-320', '0.5', '-1', '18446744073709551616');
/** Strings with control characters, escapes, lone surrogates; some long. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u001b[2J\u001b]0;t\u0007', 'a\nb\rc\u0000d', '\ud800', '\u2028\u202e'),
  fc.nat({ max: 200_000 }).map((n) => `\u001b[31m${'x'.repeat(n)}\n`),
);
/** Arrays nested deep (as text), beyond any recursive printer's stack. */
const deepText = fc.integer({ min: 1_000, max: 120_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);

/** Random JSON text: scalars, hostile strings and numbers, objects with hostile keys, deep nesting. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false', '0', '1', '2', '"p1"', '"root"', '[]', '{}'),
    hugeNumber,
    nastyString.map((s) => JSON.stringify(s)),
    deepText,
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map((kvs) => `{${kvs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

// ---- valid inputs, mutated ----------------------------------------------------------------------

/** The JSON text of `base` with the value at one path replaced (or a hostile key added there). */
function mutated(base: unknown, pick: number, replacement: string, addKey: string | null): string {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (paths.length > 400) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
  };
  walk(base, []);
  const path = paths[pick % paths.length]!;
  const MARK = '"\u0001MARK\u0001"';
  const clone = JSON.parse(JSON.stringify(base)) as unknown;
  if (path.length === 0) return addKey === null ? replacement : `{${JSON.stringify(addKey)}:${replacement}}`;
  let parent = clone as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (addKey !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    const text = JSON.stringify(clone);
    // Add the key as text, so that `__proto__` is a key of the file and not a prototype.
    const at = JSON.stringify(parent);
    return text.replace(at, at === '{}' ? `{${JSON.stringify(addKey)}:${replacement}}` : `{${JSON.stringify(addKey)}:${replacement},${at.slice(1)}`);
  }
  parent[last] = MARK;
  return JSON.stringify(clone).replace(JSON.stringify(MARK), replacement);
}

const CONFIGS = [DEFAULT_CONFIG, EXPLORE_CONFIG, DM_EXPLORE_CONFIG];

/** A valid config mutated, or random JSON. */
const configText = fc.oneof(
  fc.tuple(fc.constantFrom(...CONFIGS), fc.nat(), jsonText, fc.option(hostileKey, { freq: 3 })).map(([c, i, v, k]) => mutated(c, i, v, k)),
  jsonText,
);

/** Short valid traces on the small config: a boot, then a few ops. */
const TRACES = [
  { ops: [{ type: 'createPartition', pid: 'p1' }, { type: 'depositMemory', pid: 'p1', pages: 1 }, { type: 'initializePartition', pid: 'p1' }, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }] },
  { ops: [{ type: 'tick' }, { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 }], faults: ['skip-tlb-purge-on-vm-switch'] },
].map((t) => JSON.parse(encodeTrace({ format: 'hvspec-trace', version: 1, engine: 'random', property: 'tlb-purged-on-vm-switch', message: 'm', config: EXPLORE_CONFIG, faults: [], seed: 1, ...t } as never)) as unknown);

/** A valid trace mutated, or random JSON. */
const traceText = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TRACES), fc.nat(), jsonText, fc.option(hostileKey, { freq: 3 })).map(([t, i, v, k]) => mutated(t, i, v, k)) },
  { weight: 1, arbitrary: jsonText },
);

// ---- flag lists ---------------------------------------------------------------------------------

const FLAG_NAMES = ['--config', '--engine', '--fault', '--seed', '--runs', '--depth', '--json', '--scenario', '--scope', '--max-states', '--out', '--reset', '--help', '-h', '--', '--seed=1', '--nope', '-x'];
const flagValue = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', '4294967296', '99999999999999999999999999', 'c.json', 't.json', '/dev/zero', 'random', 'explore', 'all', 'memory', 'synic', 'map-skips-scrub', 'seed-figure-9', 'out', ''),
  hugeNumber,
  nastyString,
);
/** Bounds put first so that a valid list stays small; whatever follows may break it (a repeat is then an error). */
const BOUNDS: Record<string, string[]> = {
  check: ['--runs', '1', '--depth', '2'],
  explore: ['--max-states', '5', '--depth', '1'],
  replay: ['t.json'],
  faults: [],
  coverage: ['--out', 'cov'],
};
const flagList = fc
  .tuple(
    fc.constantFrom(...Object.keys(BOUNDS)),
    fc.boolean(),
    fc.array(fc.oneof(fc.constantFrom(...FLAG_NAMES), flagValue), { maxLength: 6 }),
  )
  .map(([command, bounded, rest]) => [command, ...(bounded ? BOUNDS[command]! : []), ...rest])
  // An unbounded valid run (every default scope, 200 runs) is a test of speed, not of the front door.
  .filter((args) => args[0] === 'replay' || args[0] === 'faults' || args[0] === 'coverage' || args.includes('--runs') || args.includes('--max-states') || args.includes('--scenario'));

describe('the front door never crashes', () => {
  const config = JSON.stringify({ ...EXPLORE_CONFIG, partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }] });
  const oneTrace = JSON.stringify(TRACES[0]);

  it('on generated configs', async () => {
    await fc.assert(
      fc.asyncProperty(configText, async (text) => {
        const dir = scratch();
        writeFileSync(join(dir, 'c.json'), text);
        await frontDoorHolds(['explore', '--config', 'c.json', '--max-states', '4', '--depth', '1', '--json'], dir);
      }),
      { seed: 18, numRuns: 40 },
    );
  });

  it('on generated traces', async () => {
    await fc.assert(
      fc.asyncProperty(traceText, async (text) => {
        const dir = scratch();
        writeFileSync(join(dir, 't.json'), text);
        await frontDoorHolds(['replay', 't.json'], dir);
      }),
      { seed: 18, numRuns: 60 },
    );
  });

  it('on generated saved failures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(traceText, { minLength: 1, maxLength: 3 }), async (texts) => {
        const dir = scratch();
        mkdirSync(join(dir, '.hvspec', 'failures'), { recursive: true });
        texts.forEach((t, i) => writeFileSync(join(dir, '.hvspec', 'failures', `${i}.json`), t));
        writeFileSync(join(dir, 'c.json'), JSON.stringify(EXPLORE_CONFIG));
        await frontDoorHolds(['check', '--config', 'c.json', '--seed', '1', '--runs', '1', '--depth', '2', '--json'], dir);
      }),
      { seed: 18, numRuns: 6 },
    );
  });

  it('on generated flag lists', async () => {
    await fc.assert(
      fc.asyncProperty(flagList, async (args) => {
        const dir = scratch();
        writeFileSync(join(dir, 'c.json'), config);
        writeFileSync(join(dir, 't.json'), oneTrace);
        await frontDoorHolds(args, dir);
      }),
      { seed: 18, numRuns: 60 },
    );
  });

  it('the generators reach hostile input: deep nesting, prototype keys, control characters', () => {
    const sample = fc.sample(traceText, { seed: 18, numRuns: 300 }).join('\n');
    expect(sample).toContain('[[[[[[[[[[[[[[[[');
    expect(sample).toContain('"__proto__"');
    expect(sample).toContain('"constructor"');
    expect(sample).toMatch(/\\u001b|\\u0000/);
  });
});
