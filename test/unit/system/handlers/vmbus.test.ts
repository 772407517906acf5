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

  it('a completion signalled while the event flag is still set coalesces into the event that set it: one ledger entry, no interrupt', () => {
    // The guest masks and unmasks its SINT (it reads the completion itself, the flag stays set), then starts another I/O.
    const round: Op[] = [
      { type: 'submitIo', lp: 0, gpa: 0 },
      { type: 'vspTakeRequest', pid: 'p2' },
      { type: 'deviceComplete', pid: 'p2', io: 0 },
      { type: 'rootIsr', pid: 'p2', io: 0 },
      { type: 'vspSignal', pid: 'p2', io: 0 },
    ];
    const unmasked: Op[] = [
      { type: 'maskSint', lp: 0, sint: 2 },
      { type: 'unmaskSint', lp: 0, sint: 2 },
    ];
    const ops: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, ...round, ...unmasked, ...round, ...unmasked, ...round];
    const { system, results, counters } = runOps(ops);
    expect(results.map((r) => r.outcome.status)).toEqual(ops.map(() => 'applied'));
    expect(results.at(-1)!.outcome.notes).toContain('event flag 1 of SINT2 set on p2 vp0 (already set)');
    expect(system.interrupts.irqs).toEqual([{ id: 0, pid: 'p2', kind: 'event', stage: 'delivered', to: { pid: 'p2', vp: 0 }, deliveries: 1, runningWait: 0, wasDeferred: false }]);
    expect(counters.virtualInterrupts).toEqual({ 'p2 vp0': 1 });
    expect(violations(INVARIANTS, system, undefined)).toEqual([]);
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
    // Linux: the writer publishes the packet's own bytes as its need (set_channel_pending_send_size(chan, HVS_PKT_LEN(...))).
    expect(system.vmbus.p2!.outbound.pendingSendSz).toBe(32);
    const take = applyOp(system, { type: 'vspTakeRequest', pid: 'p2' });
    expect(take.outcome.notes.join('; ')).toContain('crosses pending_send_sz 32');
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
    expect(c.system.vmbus.p2!.inbound.pendingSendSz).toBe(32);
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

  it('SINTs start masked (TLFS, SINTx registers); the guest unmasks its VMBus SINT on each VP it creates (Linux hv_synic_enable_regs)', () => {
    const { system } = runOps(activeWithMemory('p1'));
    for (const s of system.interrupts.partitions.p1!.synic) expect(s.sints.map((x) => x.masked)).toEqual(s.sints.map((_, i) => i !== 2));
  });

  it('a message meeting a masked SINT raises no interrupt, and unmasking does not raise it later (TLFS, SynIC messages: "the interrupt is lost"); the guest looks at its slot itself', () => {
    const base: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }, { type: 'maskSint', lp: 0, sint: 2 }, { type: 'vspPostMessage', pid: 'p2' }];
    const run = runOps(base);
    const masked = run.system;
    const sint = masked.interrupts.partitions.p2!.synic[0]!.sints[2]!;
    expect([sint.masked, sint.slot?.tag, sint.asserted]).toEqual([true, 0, false]);
    expect(run.counters.virtualInterrupts).toEqual({});
    const unmasking = applyOp(masked, { type: 'unmaskSint', lp: 0, sint: 2 });
    const after = unmasking.system.interrupts.partitions.p2!.synic[0]!.sints[2]!;
    expect([after.masked, after.asserted, after.slot]).toEqual([false, false, null]);
    expect(unmasking.outcome.notes.join('; ')).toContain('reads message #0');
    expect(unmasking.system.interrupts.irqs).toEqual([]);
    expect(countersOf([...run.results, unmasking]).virtualInterrupts).toEqual({});
  });

  it('SignalEvent to a masked SINT returns HV_STATUS_INVALID_SYNIC_STATE and sets no flag (TLFS, Event Flag Delivery)', () => {
    const ops: Op[] = [...upToIsr, { type: 'maskSint', lp: 0, sint: 2 }, { type: 'vspSignal', pid: 'p2', io: 0 }];
    const { system, results } = runOps(ops);
    expect(results.at(-1)!.outcome.hypercall).toMatchObject({ name: 'SignalEvent', status: 'INVALID_SYNIC_STATE' });
    expect(system.interrupts.partitions.p2!.synic[0]!.sints[2]!.flags).toEqual([]);
    expect(system.interrupts.irqs).toEqual([]);
    // The guest that unmasks looks at its channel itself and reads the completion.
    const un = applyOp(system, { type: 'unmaskSint', lp: 0, sint: 2 });
    expect(un.system.vmbus.p2!.inbound.packets).toEqual([]);
    expect(un.system.vmbus.p2!.ios).toEqual([]);
  });

  it('a guest that copies the message, empties the slot and writes EOI, with no EOM, still gets the next one (TLFS, SynIC messages: an EOI scans the queue)', () => {
    const ops: Op[] = [
      ...activeWithMemory('p2'),
      { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
      { type: 'vspPostMessage', pid: 'p2' },
      { type: 'vspPostMessage', pid: 'p2' },
      { type: 'guestHandle', lp: 0 },
      { type: 'eoi', lp: 0 },
    ];
    const { system, results, counters } = runOps(ops);
    expect(results.map((r) => r.outcome.status)).toEqual(ops.map(() => 'applied'));
    const sint = system.interrupts.partitions.p2!.synic[0]!.sints[2]!;
    expect([sint.slot?.tag, sint.queue.length, sint.asserted, sint.inService, sint.messagePending]).toEqual([1, 0, true, false, false]);
    expect(results.at(-1)!.outcome.notes.join('; ')).toContain('message #1 in SINT2 slot of p2 vp0, interrupt');
    expect(counters.virtualInterrupts).toEqual({ 'p2 vp0': 2 });
    // Until that EOI the interrupt is in service: the guest takes no second one.
    expect(applyOp(results.at(-2)!.system, { type: 'guestHandle', lp: 0 }).outcome.status).toBe('skipped');
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

describe('a guest that unmasks its VMBus SINT looks at its rings (TLFS "SynIC Message Flags": an interrupt that met a masked SINT is lost)', () => {
  it('a VSC that waits for room on a full outbound ring resumes on unmask when the VSP read while the SINT was masked', async () => {
    const { dmWorld } = await import('../../../helpers/dm-fixture.js');
    const world = dmWorld([], {}, { hostVersion: '1.0', maxPages: 18, committedPages: 12 });
    const ops: Op[] = [
      { type: 'dmStart', pid: 'p1' },
      { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
      { type: 'submitIo', lp: 0, gpa: 0 },
      { type: 'submitIo', lp: 0, gpa: 0 },
      { type: 'maskSint', lp: 0, sint: 2 },
      { type: 'vspTakeRequest', pid: 'p1' },
      { type: 'unmaskSint', lp: 0, sint: 2 },
    ];
    let sys = initialSystem(world);
    const notes: string[][] = [];
    for (const op of ops) {
      const r = applyOp(sys, op);
      expect(r.outcome.status, JSON.stringify(op)).toBe('applied');
      const before = sys;
      sys = r.system;
      notes.push([...r.outcome.notes]);
      expect(violations(INVARIANTS, sys, { before, op, outcome: r.outcome }).map((v) => v.message)).toEqual([]);
    }
    // The second request found the ring full and the VSC waits; the VSP's read made room but its signal met the masked SINT.
    expect(notes[3]!.join('; ')).toContain('try again');
    expect(notes[6]!.join('; ')).toContain('VSC finds room on the outbound ring and resumes');
    expect(sys.vmbus['p1']!.outbound.pendingSendSz).toBe(0);
  });
});
