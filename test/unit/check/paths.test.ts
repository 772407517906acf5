import { describe, expect, it } from 'vitest';
import { walkPaths, machinesWithoutDriver } from '../../../src/check/paths/walk.js';
import { STANDARD_DRIVERS, NO_DRIVER } from '../../../src/check/paths/drivers.js';
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
    expect(result.map((m) => m.machine)).toEqual(Object.keys(universe).filter((m) => !undriven.includes(m)));
    expect(result.map((m) => m.machine)).toEqual(expect.arrayContaining(['partition', 'vp', 'lp', 'intercept', 'vmWorker', 'interrupt', 'io', 'ringReader']));
    const modelOnly: string[] = [];
    for (const m of result) {
      expect(m.failures).toEqual([]);
      expect(m.unchecked).toEqual([]);
      for (const t of universe[m.machine]!.transitions) {
        const seen = m.transitions[t.id];
        expect(seen?.model ?? 0, `${m.machine} ${t.id} reached in the model`).toBeGreaterThan(0);
        if (seen!.system === 0) {
          modelOnly.push(`${m.machine} ${t.id}`);
          expect(knownReason(KNOWN_UNREACHED, m.machine, t), `${m.machine} ${t.id} not driven: ${seen!.undrivable}`).toBeDefined();
        }
      }
      for (const s of universe[m.machine]!.states) if (s.id !== '*') expect(m.states[s.id]?.promiseChecked ?? 0, `${m.machine} ${s.id} promise checked`).toBeGreaterThan(0);
      console.log(`${m.machine}: ${m.paths.shortest} shortest, ${m.paths.simple} simple, ${m.paths.transitions} transition paths`);
    }
    // Exactly the transitions no op of the drivers can ask for stay in the model.
    expect(modelOnly.sort()).toEqual([
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
    const result = await walkPaths(buildWorld(PATHS_CONFIG, ['delete-ignores-pool']), STANDARD_DRIVERS, { simple: false });
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
