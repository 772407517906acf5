import { describe, expect, it } from 'vitest';
import { partitionMachine, type PartitionEvent } from '../../../../models/partition/machine.js';
import { advance } from '../../../../src/system/machine-runtime.js';
import { runOps, activeWithMemory } from '../../../helpers/world.js';

/**
 * The TLFS table (reference §2, WDK "Partition State"), written out independently of the machine.
 * Finalizing is "the transitory state of the partition after a caller calls the HvFinalizePartition
 * function but before the function completes": calls are atomic in the model, so no hypercall finds
 * a partition there (the WDK's list for it is that of overlapping callers).
 */
const ALLOWED: Record<string, string[]> = {
  uninitialized: ['DepositMemory', 'GetMemoryBalance', 'GetNextChildPartition', 'InitializePartition', 'DeletePartition'],
  active: ['DepositMemory', 'WithdrawMemory', 'GetMemoryBalance', 'GetNextChildPartition', 'MapGpaPages', 'UnmapGpaPages', 'FinalizePartition'],
  finalizing: [],
  finalized: ['GetMemoryBalance', 'WithdrawMemory', 'GetNextChildPartition', 'DeletePartition'],
  deleted: [],
};

const EVENTS: PartitionEvent[] = [
  { type: 'DepositMemory', pages: 1 },
  { type: 'WithdrawMemory', pages: 1 },
  { type: 'GetMemoryBalance' },
  { type: 'GetNextChildPartition' },
  { type: 'InitializePartition', poolPages: 1 },
  { type: 'MapGpaPages', gpa: 0, pages: 1, access: 3 },
  { type: 'UnmapGpaPages', gpa: 0, pages: 1 },
  { type: 'FinalizePartition', hasChildren: false },
  { type: 'DeletePartition', poolPages: 0 },
];

describe('partition lifecycle (TLFS)', () => {
  for (const [state, allowed] of Object.entries(ALLOWED)) {
    it(`${state} accepts exactly ${allowed.length ? allowed.join(', ') : 'nothing'}`, () => {
      const accepted = EVENTS.filter((e) => advance(partitionMachine, { value: state, context: {} }, e).accepted).map((e) => e.type);
      expect(accepted.sort()).toEqual([...allowed].sort());
    });
  }

  it('FinalizePartition deallocates the GPA mappings and ends in Finalized within the one call (WDK "Partition Finalization", "Partition State")', () => {
    const { results, system } = runOps([
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'initializePartition', pid: 'p1' },
      { type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 2, access: 3 },
      { type: 'finalizePartition', pid: 'p1' },
    ]);
    const fin = results[4]!.outcome;
    expect(fin.hypercall?.status).toBe('SUCCESS');
    // Through Finalizing inside the call, to Finalized before it returns.
    expect(fin.transitions.filter((t) => t.machine === 'partition').map((t) => `${t.from} -${t.event}-> ${t.to}`)).toEqual([
      'active -FinalizePartition-> finalizing',
      'finalizing -CleanupComplete-> finalized',
    ]);
    expect(system.partitions.p1!.machine.value).toBe('finalized');
    // Cleanup "deallocates the partition's internal hypervisor data structures--including ... GPA mappings".
    expect(system.substrate.slat.p1).toEqual({});
    expect(system.substrate.memory.holder.filter((h) => h === 'partition:p1')).toEqual([]);
    expect(fin.notes.join(' ')).toMatch(/GPA mappings deallocated: frames? /);
  });

  it('finalizing takes only the end of the cleanup, to Finalized', () => {
    expect(advance(partitionMachine, { value: 'finalizing', context: {} }, { type: 'CleanupComplete' })).toMatchObject({ accepted: true, state: { value: 'finalized' } });
  });

  it('DeletePartition with a non-empty pool is OPERATION_DENIED and leaves the partition as it was', () => {
    const { results, system } = runOps([
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 2 },
      { type: 'deletePartition', pid: 'p1' },
    ]);
    expect(results[2]!.outcome.hypercall).toEqual({ name: 'DeletePartition', code: 0x43, status: 'OPERATION_DENIED' });
    expect(system.partitions.p1!.machine.value).toBe('uninitialized');
    expect(system.substrate.pools.p1).toHaveLength(2);
  });

  it('calls the TLFS table forbids return INVALID_PARTITION_STATE; unknown or deleted ids INVALID_PARTITION_ID', () => {
    const { results } = runOps([
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'createPartition', pid: 'p1' },
      { type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 1, access: 3 },
      { type: 'deletePartition', pid: 'p1' },
      { type: 'initializePartition', pid: 'p1' },
    ]);
    expect(results.map((r) => r.outcome.hypercall?.status)).toEqual([
      'INVALID_PARTITION_ID',
      'SUCCESS',
      'INVALID_PARTITION_STATE',
      'SUCCESS',
      'INVALID_PARTITION_ID',
    ]);
  });

  it('InitializePartition needs deposited memory: INSUFFICIENT_MEMORY on an empty pool', () => {
    const { results } = runOps([{ type: 'createPartition', pid: 'p1' }, { type: 'initializePartition', pid: 'p1' }]);
    expect(results[1]!.outcome.hypercall?.status).toBe('INSUFFICIENT_MEMORY');
  });

  it('MapGpaPages outside the GPA space or over a mapped page is INVALID_PARAMETER', () => {
    const { results } = runOps([
      ...activeWithMemory('p1', 2),
      { type: 'mapGpaPages', pid: 'p1', gpa: 15, pages: 2, access: 3 },
      { type: 'mapGpaPages', pid: 'p1', gpa: 1, pages: 1, access: 3 },
    ]);
    expect(results.slice(4).map((r) => r.outcome.hypercall?.status)).toEqual(['INVALID_PARAMETER', 'INVALID_PARAMETER']);
  });

  it('goes Active -> Finalizing -> Finalized -> deleted, tearing down VPs and freeing memory', () => {
    const { system } = runOps([
      ...activeWithMemory('p1', 2),
      { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
      { type: 'finalizePartition', pid: 'p1' },
      { type: 'finalizePartition', pid: 'p1' },
      { type: 'withdrawMemory', pid: 'p1', pages: 1 },
      { type: 'deletePartition', pid: 'p1' },
    ]);
    expect(system.partitions.p1!.machine.value).toBe('deleted');
    expect(system.partitions.p1!.vps.map((v) => v.value)).toEqual(['deleted', 'deleted']);
    expect(system.substrate.lps[0]!.running).toBeNull();
    expect(system.substrate.memory.holder.filter((h) => h.includes('p1'))).toEqual([]);
  });
});
