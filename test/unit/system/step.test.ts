import { describe, expect, it } from 'vitest';
import { runOps, activeWithMemory, world } from '../../helpers/world.js';
import { step } from '../../../src/system/step.js';
import { initialSystem } from '../../../src/system/system.js';
import { OpError } from '../../../src/system/validate-op.js';
import type { Op } from '../../../src/system/ops.js';
import { changedParts } from '../../../src/system/state-parts.js';

const SCENARIO: Op[] = [
  ...activeWithMemory('p1', 2),
  ...activeWithMemory('p2', 1),
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'guestAccess', lp: 0, gva: 0x1f, write: true },
  { type: 'guestAccess', lp: 0, gva: 0x1f, write: false },
  { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
  { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
  { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 2 },
];

describe('step', () => {
  it('a call that leaves every machine as it was changes no part: the partitions and their machines stay the same objects', () => {
    const { system: before } = runOps(activeWithMemory('p1', 1));
    for (const op of [
      { type: 'getMemoryBalance', pid: 'p1' },
      { type: 'getNextChildPartition', pid: 'p1' },
    ] as const) {
      const r = step(before, op);
      expect(r.outcome.status, op.type).toBe('applied');
      expect(r.outcome.hypercall?.status, op.type).toBe('SUCCESS');
      expect(r.system.partitions, op.type).toBe(before.partitions);
      expect(changedParts(before, r.system), op.type).toBe(0);
    }
    // A call that moves the machine does change the partitions.
    const created = step(before, { type: 'createPartition', pid: 'p2' });
    expect(changedParts(before, created.system)).not.toBe(0);
    // The same machine state reached by two paths is one object: p1 and p2 both initialized with one page.
    const both = runOps([...activeWithMemory('p1', 1), ...activeWithMemory('p2', 1)]).system;
    expect(both.partitions.p2!.machine).toBe(both.partitions.p1!.machine);
  });

  it('counts hypercalls by code, VM switches, TLB purges and accesses exactly', () => {
    const { results, counters } = runOps(SCENARIO);
    expect(counters.hypercalls).toEqual({
      'CreatePartition 0x40': 2,
      'DepositMemory 0x48': 2,
      'InitializePartition 0x41': 2,
      'MapGpaPages 0x4b': 2,
      'UnmapGpaPages 0x4c': 1,
    });
    expect(counters.vmSwitches).toBe(1);
    expect(counters.tlbPurges).toBe(1);
    expect(counters.tlbEntriesPurged).toBe(1);
    expect(counters).toMatchObject({ guestAccesses: 2, tlbHits: 1, tlbMisses: 1 });
    // The second dispatch of a VP that already runs is skipped, and changes nothing.
    expect(results[12]!.outcome).toMatchObject({ status: 'skipped', reason: 'p2 vp0 is not ready' });
    expect(results[12]!.system).toBe(results[11]!.system);
  });

  it('conserves every frame across every op of the scenario', () => {
    let sys = initialSystem(world());
    for (const op of SCENARIO) {
      sys = step(sys, op).system;
      const held = sys.substrate.memory.holder;
      expect(held).toHaveLength(384);
      const free = held.filter((h) => h === 'free').length;
      expect(new Set(sys.substrate.memory.free).size).toBe(free);
    }
  });

  it('is deterministic: the same ops give the same value', () => {
    expect(JSON.stringify(runOps(SCENARIO).system.substrate)).toBe(JSON.stringify(runOps(SCENARIO).system.substrate));
  });

  it('rejects malformed ops with a typed error naming the problem', () => {
    const sys = initialSystem(world());
    const bad = (op: unknown) => () => step(sys, op as Op);
    expect(bad({ type: 'depositMemory', pid: 'p9', pages: 1 })).toThrow(new OpError('depositMemory: unknown partition "p9" (expected one of p1, p2, p3)'));
    expect(bad({ type: 'depositMemory', pid: 'p1', pages: -1 })).toThrow('"pages" must be a positive integer, got -1');
    expect(bad({ type: 'dispatchVp', lp: 7, pid: 'p1', vp: 0 })).toThrow('no logical processor 7');
    expect(bad({ type: 'teleport' })).toThrow('unknown op type "teleport"');
    expect(bad({ type: 'tick', extra: 1 })).toThrow('tick has no field "extra"');
  });
});
