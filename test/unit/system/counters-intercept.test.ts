import { describe, it, expect } from 'vitest';
import { runOps } from '../../helpers/world.js';
import type { Op } from '../../../src/system/ops.js';

// p1 (2 VPs) installs one intercept of each kind; its VPs take six intercepts and one instruction no intercept
// covers; the root answers them all; p1 then tries two parent-only calls.
const OPS: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 1 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'ioPort', target: 0x60, mask: 3 },
  { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'msr', target: 0, mask: 3 },
  { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 4 },
  { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'exception', target: 13, mask: 4 },
  { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 8 }, // INVALID_PARAMETER
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'dispatchVp', lp: 1, pid: 'p1', vp: 1 },
  { type: 'guestExecute', lp: 0, instr: 'in', arg: 0x60 }, // ioPort
  { type: 'guestExecute', lp: 1, instr: 'rdmsr', arg: 0x3a }, // msr (held back: the queue is full)
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'guestExecute', lp: 0, instr: 'rdmsr', arg: 0x40000000 }, // virtualised by the hypervisor: no intercept
  { type: 'guestExecute', lp: 0, instr: 'wrmsr', arg: 0x3a }, // msr
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 }, // cpuid
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'guestExecute', lp: 0, instr: 'exception', arg: 13 }, // exception
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'dispatchVp', lp: 1, pid: 'p1', vp: 1 },
  { type: 'guestExecute', lp: 1, instr: 'out', arg: 0x60 }, // ioPort
  { type: 'workerTake' },
  { type: 'workerReply' },
  { type: 'childHypercall', caller: 'p1', call: 'MapGpaPages', pid: 'p1' },
  { type: 'childHypercall', caller: 'p1', call: 'CreatePartition', pid: 'p2' },
];

describe('counters agree with a fixed trace', () => {
  it('counts intercepts by kind and hypercalls by code exactly', () => {
    const { results, counters } = runOps(OPS);
    expect(results.filter((r) => r.outcome.status === 'skipped')).toEqual([]);
    expect(counters.intercepts).toEqual({ ioPort: 2, msr: 2, cpuid: 1, exception: 1 });
    expect(counters.hypercalls).toEqual({
      'CreatePartition 0x40': 2,
      'DepositMemory 0x48': 1,
      'InitializePartition 0x41': 1,
      'InstallIntercept 0x4d': 5,
      'SetVpRegisters 0x51': 6,
      'MapGpaPages 0x4b': 1,
    });
  });

  it('the intercept count equals the intercept messages the trace posted, and every one was answered', () => {
    const { results } = runOps(OPS);
    const posted = results.flatMap((r) => r.outcome.observations).filter((o) => o.kind === 'interceptPosted').length;
    const replies = results.flatMap((r) => r.outcome.observations).filter((o) => o.kind === 'interceptReply' && o.delivered).length;
    expect(posted).toBe(6);
    expect(replies).toBe(6);
  });
});
