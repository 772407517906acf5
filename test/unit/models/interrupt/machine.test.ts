import { describe, expect, it } from 'vitest';
import { interruptMachine, type InterruptContext } from '../../../../models/interrupt/machine.js';
import { advance, initialState, type MachineState } from '../../../../src/system/machine-runtime.js';
import { buildWorld } from '../../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../../src/system/config.js';

const p1vp0 = { pid: 'p1', vp: 0 };
const p2vp0 = { pid: 'p2', vp: 0 };

describe('interrupt deferral machine', () => {
  const idle: MachineState<InterruptContext> = initialState(interruptMachine);

  it('delivers at once to a dispatched VP of the partition', () => {
    const a = advance(interruptMachine, idle, { type: 'RAISE', irq: 0, running: p1vp0, lastRun: p2vp0 });
    expect(a.actions).toEqual([{ type: 'deliver', params: { irq: 0, to: p1vp0, deferred: false } }]);
    expect(a.state.value).toBe('idle');
  });

  it('defers while no VP runs, wakes a halted VP, and delivers everything once on dispatch', () => {
    const a = advance(interruptMachine, idle, { type: 'RAISE', irq: 0, running: null, lastRun: p2vp0 });
    expect(a.state).toEqual({ value: 'deferring', context: { deferred: [0] } });
    expect(a.actions.map((x) => x.type)).toEqual(['countDeferred', 'wakeHaltedVp']);
    const b = advance(interruptMachine, a.state, { type: 'RAISE', irq: 1, running: null, lastRun: null });
    expect(b.state.context.deferred).toEqual([0, 1]);
    const c = advance(interruptMachine, b.state, { type: 'VP_DISPATCHED', vp: 1 });
    expect(c.actions).toEqual([{ type: 'deliverDeferred', params: { irqs: [0, 1], vp: 1 } }]);
    expect(c.state).toEqual({ value: 'idle', context: { deferred: [] } });
  });

  it('ignores a dispatch with nothing deferred', () => {
    expect(advance(interruptMachine, idle, { type: 'VP_DISPATCHED', vp: 0 }).accepted).toBe(false);
  });

  it('the drop fault counts the deferral but keeps nothing', () => {
    const m = buildWorld(DEFAULT_CONFIG, ['drop-interrupt-while-no-vp-runs']).machines.interrupt;
    const a = advance(m, initialState(m), { type: 'RAISE', irq: 0, running: null, lastRun: null });
    expect(a.state).toEqual({ value: 'idle', context: { deferred: [] } });
    expect(a.actions.map((x) => x.type)).toContain('countDeferred');
  });

  it('the last-run fault hands the interrupt to another partition\'s VP', () => {
    const m = buildWorld(DEFAULT_CONFIG, ['deliver-to-last-run-vp']).machines.interrupt;
    const a = advance(m, initialState(m), { type: 'RAISE', irq: 0, running: null, lastRun: p2vp0 });
    expect(a.actions).toEqual([{ type: 'deliver', params: { irq: 0, to: p2vp0, deferred: false } }]);
  });

  it('the redeliver fault keeps the deferral list after delivering it', () => {
    const m = buildWorld(DEFAULT_CONFIG, ['redeliver-deferred-interrupts']).machines.interrupt;
    const a = advance(m, initialState(m), { type: 'RAISE', irq: 3, running: null, lastRun: null });
    const b = advance(m, a.state, { type: 'VP_DISPATCHED', vp: 0 });
    expect(b.state.context).toEqual({ deferred: [3] });
  });
});
