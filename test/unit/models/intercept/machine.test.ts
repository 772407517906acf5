import { describe, it, expect } from 'vitest';
import { interceptMachine, type InterceptContext, type InterceptEvent } from '../../../../models/intercept/machine.js';
import { advance, initialState, type MachineState } from '../../../../src/system/machine-runtime.js';
import { hypervisorCompletes, rootSimulates, type Instruction } from '../../../../models/intercept/instructions.js';

const cpuid: Instruction = { op: 'cpuid', leaf: 1 };
const start = initialState(interceptMachine);
const send = (s: MachineState<InterceptContext>, e: InterceptEvent) => advance(interceptMachine, s, e);
const names = (a: { actions: readonly { type: string }[] }) => a.actions.map((x) => x.type);

describe('intercept handshake of one VP', () => {
  it('an instruction with no intercept is completed by the hypervisor and never posted', () => {
    const r = send(start, { type: 'EXECUTE', instr: cpuid, hits: null, result: hypervisorCompletes(start.context.regs, cpuid) });
    expect(r.state.value).toBe('idle');
    expect(names(r)).toEqual(['completeInstruction']);
    expect(r.actions[0]!.params).toEqual({ by: 'hypervisor', intercepted: false });
    expect(r.state.context.regs).toEqual({ rip: 1, rax: 0x101 });
  });

  it('a hit suspends the VP, posts one message with the pre-instruction registers, and leaves the registers alone', () => {
    const r = send(start, { type: 'EXECUTE', instr: cpuid, hits: 'cpuid', result: { rip: 1, rax: 0x101 } });
    expect(r.state.value).toBe('posted');
    expect(names(r)).toEqual(['suspendVp', 'postMessage']);
    expect(r.actions[1]!.params).toEqual({ kind: 'cpuid' });
    expect(r.state.context.pending).toEqual({ instr: cpuid, kind: 'cpuid', pre: { rip: 0, rax: 0 } });
    expect(r.state.context.regs).toEqual({ rip: 0, rax: 0 });
  });

  it('only the reply, after the take, writes the registers, clears intercept-suspend and completes the instruction, in that order', () => {
    const posted = send(start, { type: 'EXECUTE', instr: cpuid, hits: 'cpuid', result: { rip: 1, rax: 0x101 } }).state;
    expect(send(posted, { type: 'REPLY', regs: { rip: 1, rax: 0x301 } }).accepted).toBe(false);
    const taken = send(posted, { type: 'TAKEN' });
    expect(taken.state.value).toBe('simulating');
    expect(names(taken)).toEqual(['acknowledgeTaken']);
    expect(send(taken.state, { type: 'EXECUTE', instr: cpuid, hits: null, result: start.context.regs }).accepted).toBe(false);
    const regs = rootSimulates(posted.context.pending!.pre, cpuid);
    const done = send(taken.state, { type: 'REPLY', regs });
    expect(done.state.value).toBe('idle');
    expect(names(done)).toEqual(['resumeVp', 'completeInstruction']);
    expect(done.actions[1]!.params).toEqual({ by: 'root', intercepted: true });
    expect(done.state.context).toEqual({ regs: { rip: 1, rax: 0x301 }, pending: null });
  });

  it('a second reply finds nothing to answer', () => {
    const posted = send(start, { type: 'EXECUTE', instr: cpuid, hits: 'cpuid', result: start.context.regs }).state;
    const idle = send(send(posted, { type: 'TAKEN' }).state, { type: 'REPLY', regs: { rip: 1, rax: 7 } }).state;
    expect(send(idle, { type: 'REPLY', regs: { rip: 2, rax: 7 } }).accepted).toBe(false);
    expect(send(idle, { type: 'TAKEN' }).accepted).toBe(false);
  });
});
