import { describe, it, expect } from 'vitest';
import { vmWorkerMachine, type WorkerContext, type WorkerEvent, type InterceptMessage } from '../../../../models/intercept/vm-worker.js';
import { advance, initialState, type MachineState } from '../../../../src/system/machine-runtime.js';

type Msg = Omit<InterceptMessage, 'waited'>;
const msg = (pid: string, vp: number): Msg => ({ pid, vp, kind: 'cpuid', instr: { op: 'cpuid', leaf: 1 }, pre: { rip: 0, rax: 0 } });
const start = initialState(vmWorkerMachine);
const send = (s: MachineState<WorkerContext>, e: WorkerEvent) => advance(vmWorkerMachine, s, e);
const run = (events: WorkerEvent[], s = start) => events.reduce((st, e) => send(st, e).state, s);
const ids = (l: readonly InterceptMessage[]) => l.map((m) => `${m.pid}/${m.vp}`);

describe("the root's VM worker", () => {
  it('queues up to its capacity, then the hypervisor holds messages back, oldest first', () => {
    const s = run([{ type: 'POST', msg: msg('p1', 0) }, { type: 'POST', msg: msg('p1', 1) }, { type: 'POST', msg: msg('p2', 0) }]);
    expect(s.context.capacity).toBe(1);
    expect(ids(s.context.queue)).toEqual(['p1/0']);
    expect(ids(s.context.held)).toEqual(['p1/1', 'p2/0']);
  });

  it('taking a message moves the oldest held one into the queue; the reply answers the one in hand', () => {
    const s = run([{ type: 'POST', msg: msg('p1', 0) }, { type: 'POST', msg: msg('p1', 1) }, { type: 'TAKE' }]);
    expect(s.value).toBe('simulating');
    expect(s.context.current?.pid).toBe('p1');
    expect(ids(s.context.queue)).toEqual(['p1/1']);
    expect(s.context.held).toEqual([]);
    const r = send(s, { type: 'REPLY' });
    expect(r.actions.map((a) => a.type)).toEqual(['reply']);
    expect((r.actions[0]!.params as { message: InterceptMessage }).message).toMatchObject({ pid: 'p1', vp: 0 });
    expect(r.state.value).toBe('idle');
    expect(r.state.context.current).toBeNull();
  });

  it('counts worker steps per waiting message, capped at waitCap', () => {
    const s = run([{ type: 'POST', msg: msg('p1', 0) }, { type: 'POST', msg: msg('p1', 1) }, { type: 'TAKE' }, { type: 'REPLY' }]);
    expect(s.context.queue[0]!.waited).toBe(2);
    const capped = { ...s, context: { ...s.context, waitCap: 2 } };
    expect(run([{ type: 'TAKE' }], capped).context.current!.waited).toBe(2);
  });

  it('a finalized partition has its messages withdrawn, the one in hand included', () => {
    const s = run([{ type: 'POST', msg: msg('p1', 0) }, { type: 'POST', msg: msg('p2', 0) }, { type: 'POST', msg: msg('p1', 1) }, { type: 'TAKE' }, { type: 'CANCEL', pid: 'p1' }]);
    expect(s.value).toBe('idle');
    expect(s.context.current).toBeNull();
    expect(ids(s.context.queue)).toEqual(['p2/0']);
    expect(s.context.held).toEqual([]);
  });

  it('cannot take from an empty queue or reply with nothing in hand', () => {
    expect(send(start, { type: 'TAKE' }).accepted).toBe(false);
    expect(send(start, { type: 'REPLY' }).accepted).toBe(false);
  });
});
