import { describe, it, expect } from 'vitest';
import { explore } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG, MEMORY_OPS } from '../../../src/check/explore-config.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { standardWorld } from '../../../src/system/system.js';
import { LIVENESS } from '../../../properties/index.js';
import { finalizedPartitionStopsRunning } from '../../../properties/liveness.js';
import { expectCaught, expectHolds } from '../../helpers/faults.js';

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

  it('the random engine catches the same fault through finalized-partition-has-no-live-vp, shrunk to 5 steps', () => {
    const cx = expectCaught('finalize-skips-vp-teardown', 'finalized-partition-has-no-live-vp', 5);
    expect(cx.ops.map((o) => o.type)).toEqual(['createPartition', 'depositMemory', 'initializePartition', 'finalizePartition', 'finalizePartition']);
  });

  it('finalized-partition-has-no-live-vp holds over generated sequences of the correct system', () => expectHolds('finalized-partition-has-no-live-vp'));
});
