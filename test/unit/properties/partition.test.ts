import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG, MEMORY_OPS } from '../../../src/check/explore-config.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { SPINE_FAULTS } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { standardWorld } from '../../../src/system/system.js';
import type { Op } from '../../../src/system/ops.js';
import { LIVENESS } from '../../../properties/index.js';
import { partitionInvariants, finalizedPartitionStopsRunning, memoryWithdrawn, partitionDeleted } from '../../../properties/partition.js';
import { expectCaught, expectHolds } from '../../helpers/faults.js';
import { reachedAt } from '../../helpers/goals.js';

const NAMES = partitionInvariants.map((p) => p.name);

describe('partition invariants hold over generated sequences of the correct system', () => {
  for (const inv of partitionInvariants) it(inv.name, () => expectHolds(inv.name));
});

describe('every spine fault is caught by each partition claim it breaks, shrunk to at most 8 steps', () => {
  for (const f of SPINE_FAULTS)
    for (const p of f.breaks.filter((b) => NAMES.includes(b)))
      it(`${f.name} -> ${p}`, () => {
        expectCaught(f.name, p, 8, f.config ?? DEFAULT_CONFIG);
      });
});

describe('finalized-partition-stops-running', () => {
  it('holds on the whole default explore state space (hypercalls and scheduling)', () => {
    const r = explore(standardWorld(EXPLORE_CONFIG), { invariants: [], goals: [], liveness: [finalizedPartitionStopsRunning], opTypes: ['createPartition', 'depositMemory', 'withdrawMemory', 'initializePartition', 'finalizePartition', 'deletePartition', 'dispatchVp', 'descheduleVp', 'haltVp', 'tick'] });
    expect(r.kind).toBe('complete');
    expect(r.states).toBeGreaterThan(100);
  });

  it('finalize-skips-vp-teardown breaks it: the VP still runs one step after FinalizePartition', () => {
    const r = explore(buildWorld(EXPLORE_CONFIG, ['finalize-skips-vp-teardown']), { invariants: [], liveness: LIVENESS, opTypes: MEMORY_OPS });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.property).toBe('finalized-partition-stops-running');
    // create, deposit, initialize, finalize, and one more step.
    expect(r.counterexample.ops.slice(0, 4).map((o) => o.type)).toEqual(['createPartition', 'depositMemory', 'initializePartition', 'finalizePartition']);
    expect(r.counterexample.ops.length).toBe(5);
  });

  it('the random engine catches the same fault through finalized-partition-has-no-live-vp, shrunk to 4 steps (one FinalizePartition call ends in Finalized)', () => {
    const cx = expectCaught('finalize-skips-vp-teardown', 'finalized-partition-has-no-live-vp', 4);
    expect(cx.ops.map((o) => o.type)).toEqual(['createPartition', 'depositMemory', 'initializePartition', 'finalizePartition']);
  });
});

describe('partition goals', () => {
  const life: Op[] = [
    { type: 'createPartition', pid: 'p1' },
    { type: 'depositMemory', pid: 'p1', pages: 1 },
    { type: 'initializePartition', pid: 'p1' },
    { type: 'finalizePartition', pid: 'p1' }, // Finalizing
    { type: 'finalizePartition', pid: 'p1' }, // Finalized
    { type: 'withdrawMemory', pid: 'p1', pages: 1 },
    { type: 'deletePartition', pid: 'p1' },
  ];

  it('memory-withdrawn: reached by the WithdrawMemory that empties the pool', () => expect(reachedAt(memoryWithdrawn, life)).toBe(6));

  it('partition-deleted: reached by DeletePartition once the pool is empty, and not while it holds a page', () => {
    expect(reachedAt(partitionDeleted, life)).toBe(7);
    expect(reachedAt(partitionDeleted, [...life.slice(0, 5), life[6]!])).toBe(0);
  });
});
