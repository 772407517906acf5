/**
 * A virtual processor (TLFS §"Virtual Processor Execution States").
 *
 * Claims: a VP is Suspended while its explicit-suspend flag or its
 * intercept-suspend flag is set, and becomes Ready only when both are
 * clear; only a Ready VP can be dispatched; a VP that is suspended while
 * running asks the scheduler to take it off its logical processor.
 *
 * The intercept-suspend flag is a register (HvRegisterInterceptSuspend):
 * setting it takes the VP to Suspended from any live state, not only
 * while it runs (the hypervisor sets it on an intercept, which happens on
 * a running VP).
 *
 * An interleaving that would break it: the root sets explicit suspend
 * while an intercept is pending, then the intercept reply clears
 * intercept-suspend; if the machine went to Ready on that clear alone, a
 * VP the root had suspended would run.
 */
import { assign, setup } from 'xstate';

/** Events a VP reacts to. */
export type VpEvent =
  | { type: 'DISPATCH' }
  | { type: 'PREEMPT' }
  | { type: 'HALT' }
  | { type: 'WAKE' }
  | { type: 'SUSPEND' }
  | { type: 'RESUME' }
  | { type: 'INTERCEPT_SUSPEND' }
  | { type: 'INTERCEPT_RESUME' }
  | { type: 'DELETE' };

/** The two suspend flags of a VP. */
export interface VpContext {
  explicitSuspend: boolean;
  interceptSuspend: boolean;
}

/** The virtual processor machine. */
export const vpMachine = setup({
  types: { context: {} as VpContext, events: {} as VpEvent },
  actions: {
    deschedule: () => {},
    setExplicit: assign({ explicitSuspend: true }),
    clearExplicit: assign({ explicitSuspend: false }),
    setIntercept: assign({ interceptSuspend: true }),
    clearIntercept: assign({ interceptSuspend: false }),
  },
  guards: {
    interceptStillSet: ({ context }) => context.interceptSuspend,
    explicitStillSet: ({ context }) => context.explicitSuspend,
  },
}).createMachine({
  id: 'vp',
  context: { explicitSuspend: false, interceptSuspend: false },
  initial: 'ready',
  on: { DELETE: '.deleted' },
  states: {
    ready: {
      meta: { promise: 'both suspend flags clear; not on any logical processor' },
      on: {
        DISPATCH: 'running',
        SUSPEND: { target: 'suspended', actions: 'setExplicit' },
        INTERCEPT_SUSPEND: { target: 'suspended', actions: 'setIntercept' },
      },
    },
    running: {
      meta: { promise: 'on exactly one logical processor; both suspend flags clear' },
      on: {
        PREEMPT: 'ready',
        HALT: 'waiting',
        SUSPEND: { target: 'suspended', actions: ['setExplicit', 'deschedule'] },
        INTERCEPT_SUSPEND: { target: 'suspended', actions: ['setIntercept', 'deschedule'] },
      },
    },
    waiting: {
      meta: { promise: 'halted until an interrupt or a timer wakes it; not on any logical processor' },
      on: {
        WAKE: 'ready',
        SUSPEND: { target: 'suspended', actions: 'setExplicit' },
        INTERCEPT_SUSPEND: { target: 'suspended', actions: 'setIntercept' },
      },
    },
    suspended: {
      meta: { promise: 'at least one suspend flag set; never dispatched' },
      on: {
        SUSPEND: { actions: 'setExplicit' },
        INTERCEPT_SUSPEND: { actions: 'setIntercept' },
        RESUME: [
          { guard: 'interceptStillSet', actions: 'clearExplicit' },
          { target: 'ready', actions: 'clearExplicit' },
        ],
        INTERCEPT_RESUME: [
          { guard: 'explicitStillSet', actions: 'clearIntercept' },
          { target: 'ready', actions: 'clearIntercept' },
        ],
      },
    },
    deleted: {
      meta: { promise: 'torn down with its partition' },
      type: 'final',
    },
  },
});
