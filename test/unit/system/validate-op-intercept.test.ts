import { describe, it, expect } from 'vitest';
import { validateOp } from '../../../src/system/validate-op.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';

const check = (raw: unknown) => validateOp(DEFAULT_CONFIG, raw);

describe('malformed intercept ops are rejected with the reason', () => {
  it.each<[unknown, RegExp]>([
    [{ type: 'installIntercept', caller: 'p9', pid: 'p1', kind: 'cpuid', target: 1, mask: 4 }, /installIntercept: unknown caller "p9"/],
    [{ type: 'installIntercept', caller: 'root', pid: 'p9', kind: 'cpuid', target: 1, mask: 4 }, /installIntercept: unknown partition "p9"/],
    [{ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cr3', target: 1, mask: 4 }, /"kind" must be one of ioPort, msr, cpuid, exception, got "cr3"/],
    [{ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: -1, mask: 4 }, /"target" must be a 32-bit unsigned integer, got -1/],
    [{ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 1.5 }, /"mask" must be a 32-bit unsigned integer, got 1.5/],
    [{ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1 }, /installIntercept needs "mask"/],
    [{ type: 'guestExecute', lp: 0, instr: 'in', arg: 0x10000 }, /"arg" of in must be an integer within 0..0xffff, got 65536/],
    [{ type: 'guestExecute', lp: 0, instr: 'exception', arg: 32 }, /"arg" of exception must be an integer within 0..0x1f, got 32/],
    [{ type: 'guestExecute', lp: 0, instr: 'hlt', arg: 0 }, /"instr" must be one of cpuid, rdmsr, wrmsr, in, out, exception, got "hlt"/],
    [{ type: 'guestExecute', lp: 5, instr: 'cpuid', arg: 0 }, /no logical processor 5/],
    [{ type: 'workerReply', pid: 'p1' }, /workerReply has no field "pid"/],
    [{ type: 'childHypercall', caller: 'p1', call: 'InstallIntercept', pid: 'p1' }, /"call" must be one of CreatePartition, MapGpaPages, InitializePartition, FinalizePartition, DeletePartition, DepositMemory, WithdrawMemory, UnmapGpaPages, CreateVp, got "InstallIntercept"/],
    [{ type: 'childHypercall', caller: 'root', call: 'MapGpaPages', pid: 'p1' }, /childHypercall: the caller must be a child partition/],
  ])('%j', (raw, why) => {
    const r = check(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(why);
  });

  it('out-of-range hypercall arguments are well-formed ops: the model answers them with INVALID_PARAMETER', () => {
    expect(check({ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'ioPort', target: 0x10000, mask: 9 }).ok).toBe(true);
  });
});
