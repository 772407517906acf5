/**
 * The intercept handshake of one virtual processor (reference §5).
 *
 * Claims: when the VP executes an instruction that hits an installed
 * intercept, the machine suspends that VP only (intercept-suspend), posts
 * one intercept message carrying the registers from *before* the
 * instruction, and keeps the registers untouched while the root's VM
 * worker simulates it. Only the root's reply writes the registers, clears
 * intercept-suspend and completes the instruction, in that order. An
 * instruction with no installed intercept is completed by the hypervisor
 * on the spot and never reaches the root.
 *
 * An interleaving that would break it: the VP hits a CPUID intercept, the
 * worker takes the message, and the hypervisor lets the VP run on before
 * the worker replies; the guest then sees the hypervisor's CPUID leaf
 * instead of the VM's, and the root's later reply lands on a VP that has
 * moved on (`intercepted-instruction-completes-only-after-root-reply`).
 */
import { assign, setup } from 'xstate';
import { type Instruction, type InterceptKind, type Registers, INITIAL_REGISTERS } from './instructions.js';

/** The instruction the VP is stopped in, and its pre-instruction registers. */
export interface PendingIntercept {
  readonly instr: Instruction;
  readonly kind: InterceptKind;
  readonly pre: Registers;
}

/** The handshake's context: the VP's registers and the intercept it waits on. */
export interface InterceptContext {
  readonly regs: Registers;
  readonly pending: PendingIntercept | null;
}

/** Events of the handshake. */
export type InterceptEvent =
  /** The guest executes `instr`; `hits` names the installed intercept it hits, if any; `result` is the hypervisor's own completion. */
  | { type: 'EXECUTE'; instr: Instruction; hits: InterceptKind | null; result: Registers }
  /** The root's VM worker has taken the message off its queue. */
  | { type: 'TAKEN' }
  /** The root's VM worker replies with the registers it computed. */
  | { type: 'REPLY'; regs: Registers };

/** The intercept handshake machine of one VP. */
export const interceptMachine = setup({
  types: { context: {} as InterceptContext, events: {} as InterceptEvent },
  actions: {
    /** Request: set this VP's intercept-suspend flag (INTERCEPT_SUSPEND to the VP machine). */
    suspendVp: () => {},
    /** Request: put the intercept message on the way to the root's VM worker. */
    postMessage: (_: unknown, _params: { kind: InterceptKind }) => {},
    /** Request: the worker's take is acknowledged; the VP stays suspended. */
    acknowledgeTaken: () => {},
    /** Request: clear this VP's intercept-suspend flag (INTERCEPT_RESUME to the VP machine). */
    resumeVp: () => {},
    /** Request: record that the instruction completed, and by whom. */
    completeInstruction: (_: unknown, _params: { by: 'root' | 'hypervisor'; intercepted: boolean }) => {},
    remember: assign(({ context, event }) =>
      event.type === 'EXECUTE' && event.hits ? { pending: { instr: event.instr, kind: event.hits, pre: context.regs } } : {},
    ),
    completeLocally: assign(({ event }) => (event.type === 'EXECUTE' ? { regs: event.result } : {})),
    writeRegisters: assign(({ event }) => (event.type === 'REPLY' ? { regs: event.regs } : {})),
    forget: assign({ pending: null }),
  },
  guards: {
    hitsIntercept: ({ event }) => event.type === 'EXECUTE' && event.hits !== null,
  },
}).createMachine({
  id: 'intercept',
  context: { regs: INITIAL_REGISTERS, pending: null },
  initial: 'idle',
  states: {
    idle: {
      meta: { promise: 'no intercept pending; the registers are the ones the VP runs with' },
      on: {
        EXECUTE: [
          {
            guard: 'hitsIntercept',
            target: 'posted',
            actions: ['remember', 'suspendVp', { type: 'postMessage', params: ({ event }) => ({ kind: (event as { hits: InterceptKind }).hits }) }],
          },
          { actions: ['completeLocally', { type: 'completeInstruction', params: { by: 'hypervisor', intercepted: false } }] },
        ],
      },
    },
    posted: {
      meta: { promise: 'the VP is intercept-suspended; one message with the pre-instruction registers is on its way to the root' },
      on: { TAKEN: { target: 'simulating', actions: 'acknowledgeTaken' } },
    },
    simulating: {
      meta: { promise: 'the root simulates the instruction; the VP stays intercept-suspended, its registers untouched' },
      on: {
        REPLY: {
          target: 'idle',
          actions: ['writeRegisters', 'resumeVp', { type: 'completeInstruction', params: { by: 'root', intercepted: true } }, 'forget'],
        },
      },
    },
  },
});
