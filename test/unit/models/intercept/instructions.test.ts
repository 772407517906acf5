import { describe, it, expect } from 'vitest';
import { interceptFor, hypervisorCompletes, rootSimulates, toInstruction, RIP_MODULUS, type Instruction } from '../../../../models/intercept/instructions.js';

describe('guest instructions and the intercepts they hit', () => {
  it.each<[Instruction, string, string, number]>([
    [{ op: 'cpuid', leaf: 0xb }, 'cpuid', 'cpuid:0xb', 4],
    [{ op: 'rdmsr', msr: 0x3a }, 'msr', 'msr:0x0', 1],
    [{ op: 'wrmsr', msr: 0x3a }, 'msr', 'msr:0x0', 2],
    [{ op: 'in', port: 0x60 }, 'ioPort', 'ioPort:0x60', 1],
    [{ op: 'out', port: 0x3f8 }, 'ioPort', 'ioPort:0x3f8', 2],
    [{ op: 'exception', vector: 13 }, 'exception', 'exception:0xd', 4],
  ])('%j hits %s intercept %s with access bit %i', (i, kind, key, bit) => {
    expect(interceptFor(i)).toEqual({ kind, key, bit });
  });

  it('MSRs the hypervisor virtualises are never intercepted', () => {
    expect(interceptFor({ op: 'rdmsr', msr: 0x40000000 })).toBeNull();
    expect(interceptFor({ op: 'wrmsr', msr: 0x40000000 })).toBeNull();
  });

  it('the root and the hypervisor give different CPUID, RDMSR and IN results, so a trace shows who completed', () => {
    const r = { rip: 3, rax: 9 };
    for (const i of [{ op: 'cpuid', leaf: 1 }, { op: 'rdmsr', msr: 0x3a }, { op: 'in', port: 0x60 }] as Instruction[]) {
      expect(hypervisorCompletes(r, i).rax).not.toBe(rootSimulates(r, i).rax);
      expect(rootSimulates(r, i).rip).toBe((r.rip + 1) % RIP_MODULUS);
    }
    expect(rootSimulates(r, { op: 'cpuid', leaf: 1 })).toEqual({ rip: 0, rax: 0x301 });
    expect(hypervisorCompletes(r, { op: 'exception', vector: 6 })).toEqual({ rip: 0, rax: 9 });
  });

  it('toInstruction maps an op argument onto the instruction', () => {
    expect(toInstruction({ instr: 'out', arg: 0x60 })).toEqual({ op: 'out', port: 0x60 });
    expect(toInstruction({ instr: 'exception', arg: 6 })).toEqual({ op: 'exception', vector: 6 });
  });
});
