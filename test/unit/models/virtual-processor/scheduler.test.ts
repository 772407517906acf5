import { describe, expect, it } from 'vitest';
import { lpMachine, type LpContext } from '../../../../models/virtual-processor/scheduler.js';
import { advance, initialState, type MachineState } from '../../../../src/system/machine-runtime.js';

describe('logical processor scheduling', () => {
  const idle: MachineState<LpContext> = initialState(lpMachine);

  it('does not purge on the first dispatch or when the same VM runs again', () => {
    const a = advance(lpMachine, idle, { type: 'DISPATCH', pid: 'p1', vp: 0 });
    // `track` is an assign: it updates the context and is not a request to the system.
    expect(a.actions.map((x) => x.type)).toEqual([]);
    const b = advance(lpMachine, a.state, { type: 'DISPATCH', pid: 'p1', vp: 1 });
    expect(b.actions.map((x) => x.type)).toEqual(['preemptCurrent']);
  });

  it("purges the previous VM's tag on a VM switch, also after the LP went idle", () => {
    const running = advance(lpMachine, idle, { type: 'DISPATCH', pid: 'p1', vp: 0 }).state;
    const wasIdle = advance(lpMachine, running, { type: 'DESCHEDULE' }).state;
    expect(wasIdle).toEqual({ value: 'idle', context: { tag: 'p1', vp: null } });
    const sw = advance(lpMachine, wasIdle, { type: 'DISPATCH', pid: 'p2', vp: 0 });
    expect(sw.actions).toEqual([{ type: 'purgeTlbTag', params: { tag: 'p1' } }, { type: 'countVmSwitch' }]);
    expect(sw.state.context).toEqual({ tag: 'p2', vp: 0 });
  });
});
