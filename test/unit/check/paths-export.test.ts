import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { hvspecInProcess, scratch } from '../../e2e/cli.js';
import { STANDARD_DRIVERS, NO_DRIVER } from '../../../src/check/paths/drivers.js';
import type { PathsFile } from '../../../src/check/paths/paths-file.js';
import { type World, initialSystem, standardWorld, STANDARD_MACHINES } from '../../../src/system/system.js';
import { step } from '../../../src/system/step.js';
import type { Op } from '../../../src/system/ops.js';
import type { Config } from '../../../src/system/config.js';
import { stateName } from '../../../src/system/machine-runtime.js';
import { universeOf } from '../../../src/coverage/universe.js';
import { KNOWN_UNREACHED, knownReason } from '../../../src/coverage/reasons.js';
import { buildWorld } from '../../../src/faults/build-world.js';

const schema = JSON.parse(readFileSync(new URL('../../../schema/paths.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: false, strict: false }).compile(schema);
const universe = universeOf(STANDARD_MACHINES);

/** Replays every path of `file` on the system of `worldOf` a machine's config as a harness would; returns each state that differs from the file's. */
function replay(worldOf: (config: Config) => World, file: PathsFile): string[] {
  const wrong: string[] = [];
  let checked = 0;
  for (const m of file.machines) {
    const driver = STANDARD_DRIVERS.find((d) => d.machine === m.machine && d.variant === m.variant)!;
    const world = worldOf((m.config ?? file.config) as unknown as Config);
    m.paths.forEach((path, p) => {
      let sys = initialSystem(world);
      for (const op of m.setup) sys = step(sys, op as unknown as Op).system;
      for (const [i, s] of path.steps.entries()) {
        if (s.ops === null) break;
        for (const op of s.ops) sys = step(sys, op as unknown as Op).system;
        const inst = driver.instance(sys);
        const where = `${m.machine}${m.variant ? ` (${m.variant})` : ''} path ${p} step ${i} (${s.event.type})`;
        checked++;
        if (!inst) wrong.push(`${where}: no instance`);
        // A state the op passes through (the next event is one the system sends itself within it) is left by the op's end.
        else if (driver.internal?.includes(path.steps[i + 1]?.event.type ?? '') && stateName(inst.value) === path.steps[i + 1]!.state) continue;
        else if (stateName(inst.value) !== s.state || JSON.stringify(inst.value) !== JSON.stringify(s.value)) wrong.push(`${where}: expected ${s.state}, got ${stateName(inst.value)}`);
        else if (!driver.sameContext(s.context, inst.context)) wrong.push(`${where}: context differs in ${m.contextCompared}`);
        else continue;
        break;
      }
    });
  }
  expect(checked).toBeGreaterThan(100);
  return wrong;
}

describe('hvspec paths', () => {
  const dir = scratch();
  const out = join(dir, 'out', 'paths.json');
  const written = hvspecInProcess(['paths', '--out', out], dir);
  const load = async () => {
    const r = await written;
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as PathsFile;
  };

  it('writes a file that validates against schema/paths.schema.json (and the schema refuses a broken one)', async () => {
    const file = await load();
    expect(validate(file), JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
    const broken = structuredClone(file) as unknown as { machines: { paths: { steps: Record<string, unknown>[] }[] }[] };
    delete broken.machines[0]!.paths[0]!.steps[0]!.state;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...file, format: 'hvspec-trace' })).toBe(false);
    // Only the file itself is left in its folder (the write went through a temporary file).
    expect(readdirSync(join(dir, 'out'))).toEqual(['paths.json']);
  });

  it("covers every transition of every machine (xstate/graph's list, the Dynamic Memory machines included), and drives each with ops but the known model-only ones", async () => {
    const file = await load();
    expect(file.machines.map((m) => [m.machine, m.variant])).toEqual(STANDARD_DRIVERS.map((d) => [d.machine, d.variant]));
    expect([...new Set(file.machines.map((m) => m.machine))].sort()).toEqual(Object.keys(universe).sort());
    // Every machine has a driver (the guest driver's search is bounded by the pages left of a balloon request).
    expect(file.withoutDriver).toEqual(NO_DRIVER);
    expect(NO_DRIVER).toEqual({});
    // A machine with several drivers (one per host configuration) is covered by the union of their paths.
    for (const name of Object.keys(universe).filter((m) => !Object.hasOwn(NO_DRIVER, m))) {
      const entries = file.machines.filter((m) => m.machine === name);
      const all = universe[name]!.transitions;
      for (const m of entries) expect(m.transitions).toEqual(all.map((t) => t.id));
      const steps = entries.flatMap((m) => m.paths.flatMap((p) => p.steps));
      const taken = new Set(steps.map((s) => s.transition));
      const driven = new Set(steps.filter((s) => s.ops !== null).map((s) => s.transition));
      for (const t of all) {
        expect(taken.has(t.id), `${name} ${t.id} on some path`).toBe(true);
        if (!driven.has(t.id)) expect(knownReason(KNOWN_UNREACHED, name, t), `${name} ${t.id} not driven`).toBeDefined();
      }
      for (const s of steps) if (s.ops === null) expect(s.undrivable, `${name} ${s.transition}`).toBeTruthy();
    }
    // Each Dynamic Memory driver runs on its own host; every path of theirs is driven to its end.
    for (const m of file.machines.filter((x) => x.machine.startsWith('dm'))) {
      expect(m.variant).toBeTruthy();
      expect(m.config).toBeDefined();
      // The exceptions: the host's CHANNEL_CLOSED and its rejection of a malformed balloon response, known gaps of the paths'
      // short op sequences (src/coverage/reasons.ts).
      const gaps = ['*:CHANNEL_CLOSED:0', 'ready.balloonWaitReply:BALLOON_RESPONSE:0', 'ready:BALLOON_RESPONSE:0'];
      expect(m.paths.every((p) => p.steps.every((s) => s.ops !== null || gaps.includes(s.transition))), `${m.machine} (${m.variant})`).toBe(true);
    }
  });

  it("replays on hvspec's own system: every recorded state (and compared context) is the one the ops reach", async () => {
    const file = await load();
    expect(replay(standardWorld, file)).toEqual([]);
  });

  it('the replay finds a system that breaks the specification (delete-ignores-pool)', async () => {
    const file = await load();
    const wrong = replay((config) => buildWorld(config, ['delete-ignores-pool']), file);
    expect(wrong.some((w) => w.startsWith('partition '))).toBe(true);
  });

  it('--machine picks machines and --json prints the summary', async () => {
    const d = scratch();
    const r = await hvspecInProcess(['paths', '--machine', 'lp', '--machine', 'io', '--out', 'p.json', '--json'], d);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { machines: { machine: string; variant?: string; driven: number; transitions: number }[] };
    // The LP machine has two drivers: each drives the part its host reaches (the tagged host takes the two isTagged
    // branches and DESCHEDULE, the default host the other five); together they drive all seven.
    expect(summary.machines.map((m) => [m.machine, m.variant, m.driven, m.transitions])).toEqual([
      ['lp', undefined, 5, 7],
      ['lp', 'tagged', 3, 7],
      ['io', undefined, 5, 5],
    ]);
    expect((JSON.parse(readFileSync(join(d, 'p.json'), 'utf8')) as PathsFile).machines.map((m) => m.machine)).toEqual(['lp', 'lp', 'io']);
  });

  it.each([
    [['--machine', 'nope'], /^hvspec: paths: unknown machine "nope" \(machines with a driver: partition, vp, /],
    [['--out', ''], /^hvspec: paths: --out needs a file\n$/],
    [['--out', '.'], /^hvspec: paths: --out "\." is a directory, not a file\n$/],
    [['--colour'], /^hvspec: paths: unknown option '--colour'\n$/],
  ])('%j is one line and exit 2, and writes nothing', async (args, message) => {
    const d = scratch();
    const r = await hvspecInProcess(['paths', ...args], d);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(d, 'paths.json'))).toBe(false);
  });
});
