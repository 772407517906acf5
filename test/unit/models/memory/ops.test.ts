/**
 * The memory's op record, `rootAccess` (models/memory/ops.ts): which
 * instances it lists, what it does, when it is skipped, how it reads. The
 * pattern for any op record's test: drive the record's parts directly on a
 * System built with the test helpers.
 */
import { describe, expect, it } from 'vitest';
import { rootAccess } from '../../../../models/memory/ops.js';
import { enabledOfType } from '../../../../src/system/enabled.js';
import { applyOp } from '../../../../src/system/step.js';
import { validateOp } from '../../../../src/system/validate-op.js';
import { DEFAULT_CONFIG } from '../../../../src/system/config.js';
import { runOps, activeWithMemory } from '../../../helpers/world.js';
import type { Op } from '../../../../src/system/ops.js';

/** The root's VP dispatched on lp0. */
const rootRuns: Op = { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 };
/** A root frame handed to p1's pool and back, scrubbed. */
const handedBack: Op[] = [...activeWithMemory('p1', 1), { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 1 }, { type: 'withdrawMemory', pid: 'p1', pages: 1 }];

describe('rootAccess', () => {
  it("is listed only while a root VP runs: the root's lowest page, and frames that changed hands, as reads on that VP's LP", () => {
    expect(enabledOfType(runOps([]).system, 'rootAccess')).toEqual([]);
    const boot = runOps([rootRuns]).system;
    const lowest = Math.min(...Object.keys(boot.substrate.slat.root!).map(Number));
    expect(enabledOfType(boot, 'rootAccess')).toEqual([{ type: 'rootAccess', lp: 0, gpa: lowest, write: false }]);
    // Three pages handed to p1's pool, two come back scrubbed at their own GPAs (the lowest stays in the pool).
    const { system } = runOps([
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 3 },
      { type: 'initializePartition', pid: 'p1' },
      { type: 'withdrawMemory', pid: 'p1', pages: 2 },
      rootRuns,
    ]);
    expect(enabledOfType(system, 'rootAccess')).toEqual([
      { type: 'rootAccess', lp: 0, gpa: lowest + 1, write: false },
      { type: 'rootAccess', lp: 0, gpa: lowest + 2, write: false },
    ]);
    expect(system.substrate.memory.content[lowest + 2]).toBe('zero');
  });

  it("goes through the root's TLB like any partition's: a miss fills it, the next access hits, and a write makes the frame the root's", () => {
    const { system } = runOps([...handedBack, rootRuns]);
    const gpa = enabledOfType(system, 'rootAccess')[0]!.gpa;
    const read = applyOp(system, { type: 'rootAccess', lp: 0, gpa, write: false });
    expect(read.outcome.status).toBe('applied');
    expect(read.outcome.observations).toEqual([{ kind: 'access', pid: 'root', gva: gpa, gpa, frame: gpa, write: false, content: system.substrate.memory.content[gpa], via: 'walk' }]);
    expect(read.system.substrate.lps[0]!.tlb).toEqual([{ tag: 'root', gva: gpa, gpa, frame: gpa, access: 15 }]);
    const write = applyOp(read.system, { type: 'rootAccess', lp: 0, gpa, write: true });
    expect(write.outcome.observations[0]).toMatchObject({ via: 'hit' });
    expect(write.system.substrate.memory.content[gpa]).toBe('root');
  });

  it("a VM switch away from the root purges the root's cached translations (the TLFS tagged-TLB rule, reference §3)", () => {
    const { system } = runOps([...activeWithMemory('p1', 1), rootRuns]);
    const gpa = enabledOfType(system, 'rootAccess')[0]!.gpa;
    const filled = applyOp(system, { type: 'rootAccess', lp: 0, gpa, write: false }).system;
    expect(filled.substrate.lps[0]!.tlb.map((e) => e.tag)).toEqual(['root']);
    const switched = applyOp(filled, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 });
    expect(switched.outcome.notes).toContain('purged 1 TLB entry of root');
    expect(switched.system.substrate.lps[0]!.tlb).toEqual([]);
  });

  it("DepositMemory flushes the root's cached translations of the frames it deposits", () => {
    const { system } = runOps([rootRuns, { type: 'createPartition', pid: 'p1' }]);
    const lowest = enabledOfType(system, 'rootAccess')[0]!.gpa;
    const filled = applyOp(system, { type: 'rootAccess', lp: 0, gpa: lowest, write: false }).system;
    const deposited = applyOp(filled, { type: 'depositMemory', pid: 'p1', pages: 1 }).system;
    expect(deposited.substrate.pools.p1).toEqual([lowest]);
    expect(deposited.substrate.lps[0]!.tlb).toEqual([]);
  });

  it('is skipped, changing nothing, on a gpa the root does not map, or on an LP the root does not run on', () => {
    const { system } = runOps([...activeWithMemory('p1', 1), rootRuns]);
    const frame = system.substrate.slat.p1![0]!.frame;
    const r = applyOp(system, { type: 'rootAccess', lp: 0, gpa: frame, write: false });
    expect(r.outcome).toMatchObject({ status: 'skipped', reason: `the root does not map gpa 0x${frame.toString(16)}` });
    expect(r.system).toBe(system);
    expect(applyOp(system, { type: 'rootAccess', lp: 1, gpa: 0x40, write: false }).outcome).toMatchObject({ status: 'skipped', reason: 'lp1 runs no VP of the root' });
  });

  it('reads in words, and its arguments are checked against the config', () => {
    expect(rootAccess.describe({ type: 'rootAccess', lp: 1, gpa: 0x2a, write: true })).toBe('rootAccess lp1 write gpa 0x2a');
    expect(validateOp(DEFAULT_CONFIG, { type: 'rootAccess', lp: 0, gpa: DEFAULT_CONFIG.frames, write: false }).ok).toBe(false);
    expect(validateOp(DEFAULT_CONFIG, { type: 'rootAccess', lp: DEFAULT_CONFIG.logicalProcessors, gpa: 0, write: false }).ok).toBe(false);
    expect(validateOp(DEFAULT_CONFIG, { type: 'rootAccess', lp: 0, gpa: 0, write: false, pid: 'p1' }).ok).toBe(false);
  });
});
