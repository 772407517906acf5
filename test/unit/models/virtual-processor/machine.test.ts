import { describe, expect, it } from 'vitest';
import { vpMachine, type VpEvent, type VpContext } from '../../../../models/virtual-processor/machine.js';
import { advance, initialState, type MachineState } from '../../../../src/system/machine-runtime.js';

const run = (events: VpEvent[]) => {
  let s: MachineState<VpContext> = initialState(vpMachine);
  const actions: string[] = [];
  for (const e of events) {
    const a = advance(vpMachine, s, e);
    s = a.state;
    actions.push(...a.actions.map((x) => x.type));
  }
  return { s, actions };
};

describe('virtual processor', () => {
  it('runs only from Ready and halts into Waiting', () => {
    expect(run([{ type: 'DISPATCH' }, { type: 'HALT' }]).s.value).toBe('waiting');
    expect(advance(vpMachine, { value: 'waiting', context: { explicitSuspend: false, interceptSuspend: false } }, { type: 'DISPATCH' }).accepted).toBe(false);
  });

  it('asks to be descheduled when suspended while running', () => {
    const r = run([{ type: 'DISPATCH' }, { type: 'SUSPEND' }]);
    expect(r.s).toEqual({ value: 'suspended', context: { explicitSuspend: true, interceptSuspend: false } });
    expect(r.actions).toContain('deschedule');
  });

  it('stays Suspended until both the explicit and the intercept flag are clear', () => {
    const both = run([{ type: 'DISPATCH' }, { type: 'INTERCEPT_SUSPEND' }, { type: 'SUSPEND' }]);
    expect(both.s.context).toEqual({ explicitSuspend: true, interceptSuspend: true });
    const afterIntercept = advance(vpMachine, both.s, { type: 'INTERCEPT_RESUME' }).state;
    expect(afterIntercept.value).toBe('suspended');
    expect(advance(vpMachine, afterIntercept, { type: 'RESUME' }).state.value).toBe('ready');
    const afterExplicit = advance(vpMachine, both.s, { type: 'RESUME' }).state;
    expect(afterExplicit.value).toBe('suspended');
    expect(advance(vpMachine, afterExplicit, { type: 'INTERCEPT_RESUME' }).state.value).toBe('ready');
  });

  it('setting intercept-suspend suspends a Ready or Waiting VP too, without a deschedule request', () => {
    const ready = run([{ type: 'INTERCEPT_SUSPEND' }]);
    expect(ready.s).toEqual({ value: 'suspended', context: { explicitSuspend: false, interceptSuspend: true } });
    expect(ready.actions).not.toContain('deschedule');
    expect(run([{ type: 'DISPATCH' }, { type: 'HALT' }, { type: 'INTERCEPT_SUSPEND' }]).s.value).toBe('suspended');
    expect(advance(vpMachine, ready.s, { type: 'INTERCEPT_RESUME' }).state.value).toBe('ready');
  });
});
