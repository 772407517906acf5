import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { reachedAt } from '../../helpers/goals.js';
import { activeWithMemory, runOps } from '../../helpers/world.js';
import type { Op } from '../../../src/system/ops.js';
import { SPINE_FAULTS } from '../../../src/faults/catalogue.js';
import { memoryInvariants, partitionActiveWithMemory, rootNeverMapsHypervisorFrames } from '../../../properties/memory.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';

const NAMES = memoryInvariants.map((p) => p.name);

describe('memory invariants hold over generated sequences', () => {
  for (const inv of memoryInvariants) it(inv.name, () => expectHolds(inv.name));
});

describe('every spine fault is caught by each memory claim it breaks, shrunk to at most 8 steps', () => {
  for (const f of SPINE_FAULTS)
    for (const p of f.breaks.filter((b) => NAMES.includes(b)))
      it(`${f.name} -> ${p}`, () => {
        // A fault that brings its own host is checked there, as `hvspec check --fault NAME` does.
        expectCaught(f.name, p, 8, f.config ?? DEFAULT_CONFIG);
      });

  it('every memory invariant has at least one spine fault', () => {
    const broken = new Set(SPINE_FAULTS.flatMap((f) => f.breaks));
    for (const inv of memoryInvariants) expect(broken.has(inv.name), inv.name).toBe(true);
  });
});

describe('memory goals', () => {
  it('partition-active-with-mapped-memory: reached by the MapGpaPages that follows initialization, not before', () => {
    expect(reachedAt(partitionActiveWithMemory, activeWithMemory('p1'))).toBe(4);
    expect(reachedAt(partitionActiveWithMemory, activeWithMemory('p1').slice(0, 3))).toBe(0);
  });
});

describe('root-never-maps-hypervisor-frames (TLFS: the hypervisor reserves its own memory and the pages deposited in pools; the root never maps them)', () => {
  const ops: Op[] = [
    { type: 'createPartition', pid: 'p1' },
    { type: 'depositMemory', pid: 'p1', pages: 1 },
    { type: 'initializePartition', pid: 'p1' },
    { type: 'withdrawMemory', pid: 'p1', pages: 1 },
  ];

  it('holds when WithdrawMemory maps the page back at its own frame', () => {
    expect(rootNeverMapsHypervisorFrames.check(runOps(ops).system, undefined)).toBeNull();
  });

  it('withdraw-maps-reserved-frames breaks it: the root maps frame 0, which the hypervisor reserved at boot', () => {
    const { system } = runOps(ops, DEFAULT_CONFIG, ['withdraw-maps-reserved-frames']);
    expect(rootNeverMapsHypervisorFrames.check(system, undefined)).toBe('the root maps gpa 0x20 = frame 0x0, which is reserved by the hypervisor');
  });
});
