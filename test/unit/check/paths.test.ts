import { describe, expect, it } from 'vitest';
import { walkPaths, machinesWithoutDriver } from '../../../src/check/paths/walk.js';
import { STANDARD_DRIVERS, NO_DRIVER, partitionDriver } from '../../../src/check/paths/drivers.js';
import { PATHS_CONFIG } from '../../../src/check/paths/config.js';
import { PROMISE_CHECKS } from '../../../src/check/paths/promises.js';
import { standardWorld, STANDARD_MACHINES } from '../../../src/system/system.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { universeOf } from '../../../src/coverage/universe.js';
import { KNOWN_UNREACHED, knownReason } from '../../../src/coverage/reasons.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { saveCoverage, DEFAULT_COVERAGE_DIR } from '../../../src/coverage/store.js';
import { PATHS_ENGINE } from '../../../src/coverage/summary.js';
import { initialSystem } from '../../../src/system/system.js';
import { step } from '../../../src/system/step.js';
import type { Op } from '../../../src/system/ops.js';
import { FULL_ACCESS } from '../../../src/substrate/slat.js';

const universe = universeOf(STANDARD_MACHINES);

describe('model-based paths', () => {
  it('take every transition of every machine in the model, and on the system every one an op can ask for', async () => {
    const collector = new CoverageCollector();
    const result = await walkPaths(standardWorld(PATHS_CONFIG), STANDARD_DRIVERS, { simple: true, observers: [collector.observer(PATHS_ENGINE)] });
    saveCoverage(DEFAULT_COVERAGE_DIR, 'paths', collector.data());
    const undriven = machinesWithoutDriver(STANDARD_MACHINES, STANDARD_DRIVERS);
    if (undriven.length) console.log(`machines without a path driver (not walked): ${undriven.join(', ')}`);
    // Every machine the walker leaves out is named with the reason.
    expect(undriven.sort()).toEqual(Object.keys(NO_DRIVER).sort());
    const names = [...new Set(result.map((m) => m.machine))];
    expect([...names].sort()).toEqual(Object.keys(universe).filter((m) => !undriven.includes(m)).sort());
    expect(names).toEqual(expect.arrayContaining(['partition', 'vp', 'lp', 'intercept', 'vmWorker', 'interrupt', 'io', 'ringReader', 'dmGuest', 'dmHost']));
    const modelOnly: string[] = [];
    for (const m of result) {
      expect(m.failures).toEqual([]);
      expect(m.unchecked).toEqual([]);
      console.log(`${m.machine}${m.variant ? ` (${m.variant})` : ''}: ${m.paths.shortest} shortest, ${m.paths.simple} simple, ${m.paths.transitions} transition paths`);
    }
    // A machine with several drivers (the Dynamic Memory ones, one per host configuration) is covered by all of them together.
    for (const name of names) {
      const runs = result.filter((m) => m.machine === name);
      const sum = (t: string, k: 'model' | 'system') => runs.reduce((n, m) => n + (m.transitions[t]?.[k] ?? 0), 0);
      for (const t of universe[name]!.transitions) {
        expect(sum(t.id, 'model'), `${name} ${t.id} reached in the model`).toBeGreaterThan(0);
        if (sum(t.id, 'system') === 0) {
          modelOnly.push(`${name} ${t.id}`);
          const why = runs.map((m) => m.transitions[t.id]?.undrivable).find(Boolean);
          expect(knownReason(KNOWN_UNREACHED, name, t), `${name} ${t.id} not driven: ${why}`).toBeDefined();
        }
      }
      for (const s of universe[name]!.states)
        if (s.id !== '*') expect(runs.reduce((n, m) => n + (m.states[s.id]?.promiseChecked ?? 0), 0), `${name} ${s.id} promise checked`).toBeGreaterThan(0);
    }
    // Exactly the transitions no op of the drivers can ask for stay in the model.
    expect(modelOnly.sort()).toEqual([
      'dmHost *:CHANNEL_CLOSED:0',
      'dmHost ready.balloonWaitReply:BALLOON_RESPONSE:0',
      'dmHost ready:BALLOON_RESPONSE:0',
      'interrupt deferring:RAISE:0',
      'partition active:FinalizePartition:0',
      'vp ready:INTERCEPT_SUSPEND:0',
      'vp suspended:INTERCEPT_SUSPEND:0',
      'vp waiting:INTERCEPT_SUSPEND:0',
    ]);
  });

  it('has a promise check for every state of every driven machine that declares a promise', () => {
    for (const name of STANDARD_DRIVERS.map((d) => d.machine))
      for (const s of universe[name]!.states) if (s.promise) expect(PROMISE_CHECKS[name]?.[s.id], `${name}.${s.id}`).toBeTypeOf('function');
  });

  it('finds a system that takes a branch the model does not (delete-ignores-pool)', async () => {
    const result = await walkPaths(buildWorld(PATHS_CONFIG, ['delete-ignores-pool']), [partitionDriver], { simple: false });
    const f = result.find((m) => m.machine === 'partition')!.failures;
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.message).toMatch(/model took \w+:DeletePartition:1 but the system took \w+:DeletePartition:0/);
  });

  it('has promise checks that fail on a system that breaks them (finalize-keeps-gpa-mappings)', () => {
    // Paths never repeat a self-loop such as MapGpaPages before finalizing, so the walker cannot see this
    // fault; the check itself must still fail on a system that has it.
    let sys = initialSystem(buildWorld(PATHS_CONFIG, ['finalize-keeps-gpa-mappings']));
    const ops: Op[] = [
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'initializePartition', pid: 'p1' },
      { type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 2, access: FULL_ACCESS },
      { type: 'finalizePartition', pid: 'p1' },
    ];
    for (const op of ops) sys = step(sys, op).system;
    expect(sys.partitions.p1!.machine.value).toBe('finalized');
    expect(PROMISE_CHECKS.partition!.finalized!(sys, { pid: 'p1' })).toBe('finalized p1 still holds 2 mapped frames');
  });
});
