import { describe, expect, it } from 'vitest';
import { runOps, activeWithMemory } from '../../helpers/world.js';
import type { Op } from '../../../src/system/ops.js';
import type { System } from '../../../src/system/system.js';

/** Everything but the interrupt latency clocks: what a read-only call must leave alone. */
const state = (s: System) => JSON.stringify([s.substrate, s.partitions, s.lps, s.vmbus, s.interrupts, s.intercepts, s.dm]);

describe('GetMemoryBalance and GetNextChildPartition', () => {
  it('report the pool and the pages in use, and no child, without changing anything', () => {
    const before = runOps(activeWithMemory('p1', 2)).system;
    const { system, results, counters } = runOps([...activeWithMemory('p1', 2), { type: 'getMemoryBalance', pid: 'p1' }, { type: 'getNextChildPartition', pid: 'p1' }]);
    expect(state(system)).toBe(state(before));
    expect(results.at(-2)!.outcome.notes).toEqual(['p1: 1 page available in its pool, 2 pages in use']);
    expect(results.at(-1)!.outcome.notes).toEqual(['p1 has no child partition: HV_PARTITION_ID_INVALID']);
    expect(counters.hypercalls).toMatchObject({ 'GetMemoryBalance 0x4a': 1, 'GetNextChildPartition 0x47': 1 });
    expect(results.at(-1)!.outcome.transitions.map((t) => t.branch)).toEqual(['active:GetNextChildPartition:0']);
  });

  it('are accepted in every state but Deleted (TLFS table), where the id is invalid', () => {
    const q = (pid: string): Op[] => [{ type: 'getMemoryBalance', pid }, { type: 'getNextChildPartition', pid }];
    const ops: Op[] = [
      { type: 'createPartition', pid: 'p1' },
      ...q('p1'),
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'initializePartition', pid: 'p1' },
      ...q('p1'),
      { type: 'finalizePartition', pid: 'p1' },
      ...q('p1'),
      { type: 'finalizePartition', pid: 'p1' },
      ...q('p1'),
      { type: 'withdrawMemory', pid: 'p1', pages: 1 },
      { type: 'deletePartition', pid: 'p1' },
      ...q('p1'),
    ];
    const { results } = runOps(ops);
    const statuses = results.filter((_, i) => ops[i]!.type.startsWith('get')).map((r) => r.outcome.hypercall?.status);
    expect(statuses).toEqual([...Array(8).fill('SUCCESS'), 'INVALID_PARTITION_ID', 'INVALID_PARTITION_ID']);
  });
});
