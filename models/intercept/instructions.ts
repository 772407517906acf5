/**
 * Guest instructions that can be intercepted, and what they do to a VP's
 * registers (reference §5).
 *
 * Kinds and their InstallIntercept targets: an I/O port intercept is per
 * port and per access (IN is READ, OUT is WRITE); the MSR intercept covers
 * every MSR the hypervisor does not virtualise itself (target 0, READ for
 * RDMSR, WRITE for WRMSR); a CPUID intercept is per leaf and an exception
 * intercept per vector (both EXECUTE). Access mask bits: READ 1, WRITE 2,
 * EXECUTE 4; a mask of 0 removes the intercept.
 *
 * Registers are reduced to what the handshake needs to be checked: `rip`
 * (the instruction index, modulo RIP_MODULUS so the state space stays
 * finite) and `rax` (the result register). Results are constants of the
 * VM (root simulation) or of the hypervisor (no intercept), and the two
 * differ, so a trace shows who completed an instruction.
 *
 * An interleaving that would break it: a guest writes an MSR the
 * hypervisor virtualises itself while the root has installed the MSR
 * intercept; if that write were posted to the root, the root would
 * simulate a register the hypervisor owns and the two views of the VP
 * would disagree.
 */

/** Intercept kinds (TLFS HV_INTERCEPT_TYPE, reduced to the four of the reference). */
export type InterceptKind = 'ioPort' | 'msr' | 'cpuid' | 'exception';

/** Every intercept kind, in report order. */
export const INTERCEPT_KINDS = ['ioPort', 'msr', 'cpuid', 'exception'] as const satisfies readonly InterceptKind[];

/** Intercept message types (TLFS HV_MESSAGE_TYPE) per kind. */
export const MESSAGE_TYPES: Record<InterceptKind, number> = {
  ioPort: 0x80010000,
  msr: 0x80010001,
  cpuid: 0x80010002,
  exception: 0x80010003,
};

/** InstallIntercept access mask bits. */
export const ACCESS = { READ: 1, WRITE: 2, EXECUTE: 4 } as const;

/** The mask bits that mean something for each kind; other bits are INVALID_PARAMETER. */
export const KIND_MASK: Record<InterceptKind, number> = {
  ioPort: ACCESS.READ | ACCESS.WRITE,
  msr: ACCESS.READ | ACCESS.WRITE,
  cpuid: ACCESS.EXECUTE,
  exception: ACCESS.EXECUTE,
};

/** The largest target InstallIntercept accepts per kind (port, always 0 for MSR, leaf, vector). */
export const KIND_TARGET_MAX: Record<InterceptKind, number> = {
  ioPort: 0xffff,
  msr: 0,
  cpuid: 0xffffffff,
  exception: 31,
};

/** A guest instruction that may cause an intercept. */
export type Instruction =
  | { readonly op: 'cpuid'; readonly leaf: number }
  | { readonly op: 'rdmsr'; readonly msr: number }
  | { readonly op: 'wrmsr'; readonly msr: number }
  | { readonly op: 'in'; readonly port: number }
  | { readonly op: 'out'; readonly port: number }
  | { readonly op: 'exception'; readonly vector: number };

/** The instruction `instr` on its one argument (leaf, MSR, port or vector). */
export function toInstruction(o: { readonly instr: Instruction['op']; readonly arg: number }): Instruction {
  switch (o.instr) {
    case 'cpuid':
      return { op: 'cpuid', leaf: o.arg };
    case 'rdmsr':
    case 'wrmsr':
      return { op: o.instr, msr: o.arg };
    case 'in':
    case 'out':
      return { op: o.instr, port: o.arg };
    case 'exception':
      return { op: 'exception', vector: o.arg };
  }
}

/** The registers of a VP that the handshake carries. */
export interface Registers {
  readonly rip: number;
  readonly rax: number;
}

/** `rip` counts instructions modulo this. */
export const RIP_MODULUS = 4;

/** Registers of a freshly created VP. */
export const INITIAL_REGISTERS: Registers = { rip: 0, rax: 0 };

/** MSRs the hypervisor virtualises itself: never intercepted (HV_X64_MSR_GUEST_OS_ID). */
export const VIRTUALISED_MSRS: readonly number[] = [0x40000000];

/** The intercept an instruction would hit: kind, table key and the access bit it needs. */
export function interceptFor(i: Instruction): { kind: InterceptKind; key: string; bit: number } | null {
  switch (i.op) {
    case 'cpuid':
      return { kind: 'cpuid', key: interceptKey('cpuid', i.leaf), bit: ACCESS.EXECUTE };
    case 'rdmsr':
      return VIRTUALISED_MSRS.includes(i.msr) ? null : { kind: 'msr', key: interceptKey('msr', 0), bit: ACCESS.READ };
    case 'wrmsr':
      return VIRTUALISED_MSRS.includes(i.msr) ? null : { kind: 'msr', key: interceptKey('msr', 0), bit: ACCESS.WRITE };
    case 'in':
      return { kind: 'ioPort', key: interceptKey('ioPort', i.port), bit: ACCESS.READ };
    case 'out':
      return { kind: 'ioPort', key: interceptKey('ioPort', i.port), bit: ACCESS.WRITE };
    case 'exception':
      return { kind: 'exception', key: interceptKey('exception', i.vector), bit: ACCESS.EXECUTE };
  }
}

/** The key of an installed intercept in a partition's table, e.g. `ioPort:0x60`. */
export const interceptKey = (kind: InterceptKind, target: number): string => `${kind}:0x${target.toString(16)}`;

const next = (r: Registers, rax: number): Registers => ({ rip: (r.rip + 1) % RIP_MODULUS, rax });

/** What the hypervisor does with an instruction nobody intercepts: its default result. */
export function hypervisorCompletes(r: Registers, i: Instruction): Registers {
  switch (i.op) {
    case 'cpuid':
      return next(r, 0x100 + (i.leaf & 0xf)); // the hypervisor's default CPUID leaf values
    case 'rdmsr':
      return next(r, 0x200 + (i.msr & 0xf));
    case 'wrmsr':
    case 'out':
      return next(r, r.rax);
    case 'in':
      return next(r, 0xff); // an unclaimed port reads all ones
    case 'exception':
      return { rip: 0, rax: r.rax }; // reflected to the guest's own handler
  }
}

/** How the root's VM worker simulates an intercepted instruction from the VM's state (CPUID overridden). */
export function rootSimulates(r: Registers, i: Instruction): Registers {
  switch (i.op) {
    case 'cpuid':
      return next(r, 0x300 + (i.leaf & 0xf)); // the VM's CPUID view, overriding the default
    case 'rdmsr':
      return next(r, 0x400 + (i.msr & 0xf));
    case 'wrmsr':
    case 'out':
      return next(r, r.rax);
    case 'in':
      return next(r, 0x500 + (i.port & 0xf)); // the virtual device's register
    case 'exception':
      return next(r, r.rax); // emulated and skipped
  }
}

/** The instruction in words: `CPUID leaf 0x1`, `OUT port 0x60`. */
export function describeInstruction(i: Instruction): string {
  const h = (n: number) => `0x${n.toString(16)}`;
  switch (i.op) {
    case 'cpuid':
      return `CPUID leaf ${h(i.leaf)}`;
    case 'rdmsr':
      return `RDMSR ${h(i.msr)}`;
    case 'wrmsr':
      return `WRMSR ${h(i.msr)}`;
    case 'in':
      return `IN port ${h(i.port)}`;
    case 'out':
      return `OUT port ${h(i.port)}`;
    case 'exception':
      return `exception vector ${i.vector}`;
  }
}
