import { describe, expect, it } from 'vitest';
import { runOps, activeWithMemory, countersOf } from '../../../helpers/world.js';
import type { Op } from '../../../../src/system/ops.js';
import { INVARIANTS } from '../../../../properties/index.js';
import { violations } from '../../../../properties/property.js';
import { initialSystem } from '../../../../src/system/system.js';
import { buildWorld } from '../../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../../src/system/config.js';
import { applyOp } from '../../../../src/system/step.js';

const upToIsr: Op[] = [
  ...activeWithMemory('p2'),
  { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
  { type: 'submitIo', lp: 0, gpa: 0 },
  { type: 'vspTakeRequest', pid: 'p2' },
  { type: 'deviceComplete', pid: 'p2', io: 0 },
  { type: 'rootIsr', pid: 'p2', io: 0 },
];

describe('the synthetic I/O path through the system', () => {
  it('a completion raised while no VP of the guest runs is deferred, delivered on dispatch, and its wait is counted', () => {
    const ops: Op[] = [
      ...upToIsr,
      { type: 'descheduleVp', lp: 0 },
      { type: 'vspSignal', pid: 'p2', io: 0 },
      { type: 'tick' },
      { type: 'dispatchVp', lp: 1, pid: 'p2', vp: 0 },
      { type: 'guestHandle', lp: 1 },
    ];
    const { system, results, counters } = runOps(ops);
    expect(results.map((r) => r.outcome.status)).toEqual(ops.map(() => 'applied'));
    const signal = results[ops.length - 4]!.outcome.notes.join('; ');
    expect(signal).toContain('interrupt #0 deferred');
    expect(results[ops.length - 2]!.outcome.observations).toContainEqual({ kind: 'irqDelivered', irq: 0, pid: 'p2', to: { pid: 'p2', vp: 0 }, wasDeferred: true });
    const c = counters;
    expect(c.deferredInterrupts).toBe(1);
    expect(c.deferredWaitSteps).toEqual({ 2: 1 });
    expect(c.virtualInterrupts).toEqual({ 'p2 vp0': 1 });
    expect(c.rootIsrs).toBe(1);
    expect(c.iosCompleted).toBe(1);
    expect(c.ringSignals).toBe(2); // the request to the VSP, the completion to the guest
    expect(system.vmbus.p2!.ios).toEqual([]);
    expect(system.interrupts.irqs).toEqual([]);
    expect(system.vmbus.p2!.inbound.packets).toEqual([]);
  });

  it('a completion raised while the guest runs is delivered at once, never deferred', () => {
    const { system, counters } = runOps([...upToIsr, { type: 'vspSignal', pid: 'p2', io: 0 }]);
    expect(counters.deferredInterrupts).toBe(0);
    expect(system.interrupts.irqs.map((r) => r.stage)).toEqual(['delivered']);
    expect(system.interrupts.partitions.p2!.synic[0]!.sints[2]!.asserted).toBe(true);
  });

  it('an interrupt wakes a halted VP of the guest (it stays deferred until the VP is dispatched)', () => {
    const { system } = runOps([...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, { type: 'haltVp', lp: 0 }, { type: 'vspPostMessage', pid: 'p2' }]);
    expect(system.partitions.p2!.vps[0]!.value).toBe('ready');
    expect(system.interrupts.partitions.p2!.controller.value).toBe('deferring');
  });

  it('UnmapGpaPages of a buffer pinned by an I/O in flight is OPERATION_DENIED; the fault unmaps it', () => {
    const unmap: Op = { type: 'unmapGpaPages', pid: 'p2', gpa: 0, pages: 1 };
    const ok = runOps([...upToIsr, unmap]);
    expect(ok.results.at(-1)!.outcome.hypercall).toMatchObject({ name: 'UnmapGpaPages', status: 'OPERATION_DENIED' });
    expect(ok.system.substrate.slat.p2![0]).toBeDefined();
    const bad = runOps([...upToIsr, unmap], DEFAULT_CONFIG, ['unmap-ignores-dma-pin']);
    expect(bad.system.substrate.slat.p2![0]).toBeUndefined();
    expect(violations(INVARIANTS, bad.system, undefined).map((v) => v.property)).toContain('io-buffers-stay-mapped-until-completion');
  });

  it('a second request while the first is unread finds the 64-byte outbound ring full: try again, the VSC waits, the VSP read that crosses pending_send_sz wakes it', () => {
    const ops: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, { type: 'submitIo', lp: 0, gpa: 0 }, { type: 'submitIo', lp: 0, gpa: 1 }];
    const { system, results } = runOps(ops);
    expect(results.at(-2)!.outcome.notes.join('; ')).toContain('ring was empty: VSC signals');
    expect(results.at(-1)!.outcome.observations).toContainEqual({ kind: 'ringFull', pid: 'p2', ring: 'outbound' });
    expect(results.at(-1)!.outcome.notes[0]).toContain('outbound ring has 32 bytes free, needs more than 32: try again');
    expect(system.vmbus.p2!.outbound.pendingSendSz).toBe(40);
    const take = applyOp(system, { type: 'vspTakeRequest', pid: 'p2' });
    expect(take.outcome.notes.join('; ')).toContain('crosses pending_send_sz 40');
    expect(take.system.interrupts.irqs.map((r) => r.kind)).toEqual(['event']);
    const handled = applyOp(take.system, { type: 'guestHandle', lp: 0 });
    expect(handled.system.vmbus.p2!.outbound.pendingSendSz).toBe(0);
  });

  it('two completions fit in the 96-byte inbound ring and only the first signals the guest; the third is "try again" and the VSP waits until the guest drains', () => {
    const io = (n: number): Op[] => [
      { type: 'submitIo', lp: 0, gpa: 0 },
      { type: 'vspTakeRequest', pid: 'p2' },
      { type: 'deviceComplete', pid: 'p2', io: n },
      { type: 'rootIsr', pid: 'p2', io: n },
    ];
    const ops: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, ...io(0), ...io(1), ...io(2)];
    const ready = runOps(ops);
    expect(ready.results.map((r) => r.outcome.status)).toEqual(ops.map(() => 'applied'));
    const signal = (s: typeof ready.system, n: number) => applyOp(s, { type: 'vspSignal', pid: 'p2', io: n });
    const a = signal(ready.system, 0);
    const b = signal(a.system, 1);
    const c = signal(b.system, 2);
    expect(a.outcome.hypercall?.name).toBe('SignalEvent');
    expect(b.outcome.notes.join('; ')).toContain('ring was not empty: no signal');
    expect(c.outcome.observations).toContainEqual({ kind: 'ringFull', pid: 'p2', ring: 'inbound' });
    expect(c.system.vmbus.p2!.inbound.pendingSendSz).toBe(40);
    const drained = applyOp(c.system, { type: 'guestHandle', lp: 0 });
    expect(drained.outcome.notes.join('; ')).toContain('VSC signals the waiting VSP');
    expect(drained.system.vmbus.p2!.inbound.pendingSendSz).toBe(0);
    expect(countersOf([...ready.results, a, b, c, drained]).iosCompleted).toBe(2);
    expect(signal(drained.system, 2).outcome.hypercall?.name).toBe('SignalEvent');
  });

  it('two control messages: the second waits with MessagePending and arrives after EOM', () => {
    const ops: Op[] = [
      ...activeWithMemory('p2'),
      { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
      { type: 'vspPostMessage', pid: 'p2' },
      { type: 'vspPostMessage', pid: 'p2' },
      { type: 'guestHandle', lp: 0 },
      { type: 'eom', lp: 0 },
    ];
    const { system, results, counters } = runOps(ops);
    expect(results.map((r) => r.outcome.status)).toEqual(ops.map(() => 'applied'));
    expect(results[ops.length - 3]!.outcome.observations).toContainEqual({ kind: 'messageQueued', pid: 'p2', vp: 0, sint: 2 });
    const sint = system.interrupts.partitions.p2!.synic[0]!.sints[2]!;
    expect(sint.slot?.tag).toBe(1);
    expect(sint.messagePending).toBe(false);
    expect(counters.virtualInterrupts).toEqual({ 'p2 vp0': 2 });
  });

  it('a masked SINT takes the message without an interrupt; unmasking raises it, and only then is it counted', () => {
    const base: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, { type: 'maskSint', lp: 0, sint: 2 }, { type: 'vspPostMessage', pid: 'p2' }];
    const run = runOps(base);
    const masked = run.system;
    const sint = masked.interrupts.partitions.p2!.synic[0]!.sints[2]!;
    expect([sint.masked, sint.slot?.tag, sint.asserted]).toEqual([true, 0, false]);
    expect(run.counters.virtualInterrupts).toEqual({});
    const unmasking = applyOp(masked, { type: 'unmaskSint', lp: 0, sint: 2 });
    const unmasked = unmasking.system;
    expect(unmasked.interrupts.partitions.p2!.synic[0]!.sints[2]!.asserted).toBe(true);
    expect(countersOf([...run.results, unmasking]).virtualInterrupts).toEqual({ 'p2 vp0': 1 });
  });

  it('ops of the I/O path that are not enabled are skipped and change nothing', () => {
    const sys = initialSystem(buildWorld(DEFAULT_CONFIG));
    for (const op of [{ type: 'guestHandle', lp: 0 }, { type: 'vspTakeRequest', pid: 'p1' }, { type: 'rootIsr', pid: 'p1', io: 0 }] as Op[]) {
      const r = applyOp(sys, op);
      expect(r.outcome.status).toBe('skipped');
      expect(r.system).toBe(sys);
    }
  });
});
