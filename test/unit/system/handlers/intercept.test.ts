import { describe, it, expect } from 'vitest';
import { runOps } from '../../../helpers/world.js';
import type { Op } from '../../../../src/system/ops.js';
import type { VpContext } from '../../../../models/virtual-processor/machine.js';

const active = (pid = 'p1'): Op[] => [
  { type: 'createPartition', pid },
  { type: 'depositMemory', pid, pages: 1 },
  { type: 'initializePartition', pid },
];
const install = (o: Partial<Extract<Op, { type: 'installIntercept' }>>): Op => ({ type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 4, ...o });

describe('InstallIntercept (0x4D): typed statuses', () => {
  it('succeeds for the root on an Active partition and records the table entry; mask 0 removes it', () => {
    const { system, results } = runOps([...active(), install({ kind: 'ioPort', target: 0x60, mask: 3 })]);
    expect(results.at(-1)!.outcome.hypercall).toEqual({ name: 'InstallIntercept', code: 0x4d, status: 'SUCCESS' });
    expect(system.intercepts.tables.p1).toEqual({ 'ioPort:0x60': 3 });
    const after = runOps([...active(), install({ kind: 'ioPort', target: 0x60, mask: 3 }), install({ kind: 'ioPort', target: 0x60, mask: 0 })]).system;
    expect(after.intercepts.tables.p1).toEqual({});
  });

  it.each<[string, Op[], string]>([
    ['a partition that was never created', [install({})], 'INVALID_PARTITION_ID'],
    ['a deleted partition', [{ type: 'createPartition', pid: 'p1' }, { type: 'deletePartition', pid: 'p1' }, install({})], 'INVALID_PARTITION_ID'],
    ['an Uninitialized partition', [{ type: 'createPartition', pid: 'p1' }, install({})], 'INVALID_PARTITION_STATE'],
    ['a Finalized partition', [...active(), { type: 'finalizePartition', pid: 'p1' }, install({})], 'INVALID_PARTITION_STATE'],
    ['an access mask of 8', [...active(), install({ mask: 8 })], 'INVALID_PARAMETER'],
    ['an access mask of 0xff', [...active(), install({ kind: 'ioPort', target: 0x60, mask: 0xff })], 'INVALID_PARAMETER'],
    ['port 0x10000', [...active(), install({ kind: 'ioPort', target: 0x10000, mask: 1 })], 'INVALID_PARAMETER'],
    ['EXECUTE on an I/O port', [...active(), install({ kind: 'ioPort', target: 0x60, mask: 4 })], 'INVALID_PARAMETER'],
    ['READ on a CPUID leaf', [...active(), install({ kind: 'cpuid', target: 1, mask: 1 })], 'INVALID_PARAMETER'],
    ['an MSR target other than 0', [...active(), install({ kind: 'msr', target: 0x3a, mask: 1 })], 'INVALID_PARAMETER'],
    ['exception vector 32', [...active(), install({ kind: 'exception', target: 32, mask: 4 })], 'INVALID_PARAMETER'],
    ['a child caller, on itself', [...active(), install({ caller: 'p1' })], 'ACCESS_DENIED'],
    ['a child caller, on another partition', [...active(), ...active('p2'), install({ caller: 'p2' })], 'ACCESS_DENIED'],
  ])('on %s returns %s and changes no table', (_what, ops, want) => {
    const r = runOps(ops);
    expect(r.results.at(-1)!.outcome.hypercall?.status).toBe(want);
    expect(r.system.intercepts.tables.p1 ?? {}).toEqual({});
  });

  it('a child that is not running cannot call at all: the op is skipped', () => {
    const r = runOps([{ type: 'createPartition', pid: 'p2' }, ...active(), install({ caller: 'p2' })]);
    expect(r.results.at(-1)!.outcome.status).toBe('skipped');
  });
});

describe('parent-only calls made by a child', () => {
  it.each(['MapGpaPages', 'CreatePartition'] as const)('%s is ACCESS_DENIED and changes nothing', (call) => {
    const before = runOps(active()).system;
    const r = runOps([...active(), { type: 'childHypercall', caller: 'p1', call, pid: call === 'MapGpaPages' ? 'p1' : 'p2' }]);
    expect(r.results.at(-1)!.outcome.hypercall).toEqual({ name: call, code: call === 'MapGpaPages' ? 0x4b : 0x40, status: 'ACCESS_DENIED' });
    expect(r.system.substrate).toEqual(before.substrate);
    expect(r.system.partitions.p2).toBeUndefined();
  });
});

describe('the handshake through the system', () => {
  const hit: Op[] = [...active(), install({}), { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 }];

  it('an intercepted CPUID suspends only its VP, leaves the LP, and waits for the worker', () => {
    const { system } = runOps([...active(), install({}), { type: 'dispatchVp', lp: 1, pid: 'p1', vp: 1 }, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 }]);
    const [vp0, vp1] = system.partitions.p1!.vps;
    expect(vp0!.value).toBe('suspended');
    expect((vp0!.context as VpContext).interceptSuspend).toBe(true);
    expect(vp1!.value).toBe('running');
    expect(system.substrate.lps[0]!.running).toBeNull();
    expect(system.intercepts.worker.context.queue.map((m) => [m.pid, m.vp, m.kind])).toEqual([['p1', 0, 'cpuid']]);
  });

  it("the VP runs on only after the worker's reply, with the VM's CPUID value", () => {
    const { system, results } = runOps([...hit, { type: 'workerTake' }, { type: 'workerReply' }, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }]);
    expect(results.at(-2)!.outcome.hypercall).toEqual({ name: 'SetVpRegisters', code: 0x51, status: 'SUCCESS' });
    expect(system.intercepts.handshakes.p1![0]!.context.regs).toEqual({ rip: 1, rax: 0x301 });
    expect(system.partitions.p1!.vps[0]!.value).toBe('running');
  });

  it('a CPUID leaf that is not intercepted is completed by the hypervisor with its default', () => {
    const { system, results } = runOps([...hit.slice(0, -1), { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 0xb }]);
    expect(results.at(-1)!.outcome.observations).toEqual([{ kind: 'instructionCompleted', pid: 'p1', vp: 0, by: 'hypervisor', intercepted: false }]);
    expect(system.intercepts.handshakes.p1![0]!.context.regs).toEqual({ rip: 1, rax: 0x10b });
    expect(system.partitions.p1!.vps[0]!.value).toBe('running');
  });

  it('explicit suspend set while the intercept is pending keeps the VP suspended after the reply', () => {
    const { system } = runOps([...hit, { type: 'pauseVm', pid: 'p1' }, { type: 'workerTake' }, { type: 'workerReply' }]);
    const vp0 = system.partitions.p1!.vps[0]!;
    expect(vp0.value).toBe('suspended');
    expect(vp0.context).toEqual({ explicitSuspend: true, interceptSuspend: false });
    const resumed = runOps([...hit, { type: 'pauseVm', pid: 'p1' }, { type: 'workerTake' }, { type: 'workerReply' }, { type: 'resumeVm', pid: 'p1' }]).system;
    expect(resumed.partitions.p1!.vps.map((v) => v.value)).toEqual(['ready', 'ready']);
  });

  it('while the intercept is pending, resuming the VM does not let the intercepted VP run', () => {
    const { system } = runOps([...hit, { type: 'pauseVm', pid: 'p1' }, { type: 'resumeVm', pid: 'p1' }]);
    expect(system.partitions.p1!.vps[0]!.value).toBe('suspended');
    expect((system.partitions.p1!.vps[0]!.context as VpContext).interceptSuspend).toBe(true);
  });

  it('finalizing a partition withdraws its pending messages and its table', () => {
    const { system } = runOps([...hit, { type: 'finalizePartition', pid: 'p1' }]);
    expect(system.intercepts.worker.context.queue).toEqual([]);
    expect(system.intercepts.handshakes.p1).toBeUndefined();
    expect(system.intercepts.tables.p1).toBeUndefined();
  });
});
