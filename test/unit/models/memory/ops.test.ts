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

describe('rootAccess', () => {
  it('is listed only for frames that changed hands, as a read', () => {
    const boot = runOps([]).system;
    expect(enabledOfType(boot, 'rootAccess')).toEqual([]);
    // Depositing and withdrawing a page hands a root frame to p1's pool and back, scrubbed.
    const { system } = runOps([...activeWithMemory('p1', 1), { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 1 }, { type: 'withdrawMemory', pid: 'p1', pages: 1 }]);
    const listed = enabledOfType(system, 'rootAccess');
    expect(listed.length).toBeGreaterThan(0);
    for (const op of listed) {
      expect(op).toEqual({ type: 'rootAccess', gpa: op.gpa, write: false });
      expect(system.substrate.memory.content[op.gpa]).not.toBe('root');
    }
  });

  it("reads the frame's content, and a write makes it the root's", () => {
    const { system } = runOps([...activeWithMemory('p1', 1), { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 1 }, { type: 'withdrawMemory', pid: 'p1', pages: 1 }]);
    const gpa = enabledOfType(system, 'rootAccess')[0]!.gpa;
    const read = applyOp(system, { type: 'rootAccess', gpa, write: false });
    expect(read.outcome.status).toBe('applied');
    expect(read.outcome.observations).toEqual([{ kind: 'access', pid: 'root', gpa, frame: gpa, write: false, content: system.substrate.memory.content[gpa], via: 'identity' }]);
    const write = applyOp(system, { type: 'rootAccess', gpa, write: true });
    expect(write.system.substrate.memory.content[gpa]).toBe('root');
  });

  it('is skipped, changing nothing, on a gpa the root does not map', () => {
    const { system } = runOps(activeWithMemory('p1', 1));
    const frame = system.substrate.slat.p1![0]!.frame;
    const r = applyOp(system, { type: 'rootAccess', gpa: frame, write: false });
    expect(r.outcome).toMatchObject({ status: 'skipped', reason: `the root does not map gpa 0x${frame.toString(16)}` });
    expect(r.system).toBe(system);
  });

  it('reads in words, and its arguments are checked against the config', () => {
    expect(rootAccess.describe({ type: 'rootAccess', gpa: 0x2a, write: true })).toBe('rootAccess write gpa 0x2a');
    expect(validateOp(DEFAULT_CONFIG, { type: 'rootAccess', gpa: DEFAULT_CONFIG.frames, write: false }).ok).toBe(false);
    expect(validateOp(DEFAULT_CONFIG, { type: 'rootAccess', gpa: 0, write: false, pid: 'p1' }).ok).toBe(false);
  });
});
