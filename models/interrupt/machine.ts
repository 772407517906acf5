/**
 * Phase two of synthetic interrupt delivery for one guest partition: the
 * root's VSP has signalled (or posted to) the guest, and the hypervisor
 * must put the interrupt into the SynIC of one of the guest's VPs.
 *
 * Claims (seed, reference §6): an interrupt raised while one of the
 * partition's VPs is dispatched goes to that VP at once; while none is
 * dispatched it stays pending (deferred) in this machine, and a halted VP
 * of the partition is woken; when one of the partition's VPs is dispatched,
 * every deferred interrupt goes to that VP, exactly once, and the deferral
 * list is emptied. An interrupt never goes to another partition's VP.
 *
 * An interleaving that would break it: p1's only VP is preempted; the
 * device completes and the VSP signals p1; the interrupt arrives while no
 * VP of p1 runs. If the hypervisor dropped it instead of deferring it,
 * p1 vp0 would be dispatched again and never see the completion
 * (`no-interrupt-lost`); if it kept the deferral list after delivering,
 * the next dispatch would deliver it a second time
 * (`no-interrupt-delivered-twice`).
 */
import { assign, enqueueActions, setup } from 'xstate';

/** A VP of some partition, as the interrupt path names it. */
export interface VpTarget {
  readonly pid: string;
  readonly vp: number;
}

/** Events of the deferral machine. */
export type InterruptEvent =
  /** The VSP raised interrupt `irq` for this partition; `running` is a dispatched VP of it, if any; `lastRun` the VP that ran last on LP 0. */
  | { type: 'RAISE'; irq: number; running: VpTarget | null; lastRun: VpTarget | null }
  /** A VP of this partition was dispatched. */
  | { type: 'VP_DISPATCHED'; vp: number };

/** The interrupts deferred for this partition, in arrival order. */
export interface InterruptContext {
  deferred: number[];
}

/** The deferral machine of one partition. */
export const interruptMachine = setup({
  types: { context: {} as InterruptContext, events: {} as InterruptEvent },
  actions: {
    /** Request: put `irq` into the SynIC of `to`. */
    deliver: (_: unknown, _params: { irq: number; to: VpTarget; deferred: boolean }) => {},
    /** Request: put every deferred interrupt into the SynIC of the dispatched VP. */
    deliverDeferred: (_: unknown, _params: { irqs: number[]; vp: number }) => {},
    /** Request: wake a halted VP of the partition so the scheduler can run it. */
    wakeHaltedVp: () => {},
    /** Request: count the deferral and start its latency clock. */
    countDeferred: (_: unknown, _params: { irq: number }) => {},
    defer: assign(({ context, event }) => (event.type === 'RAISE' ? { deferred: [...context.deferred, event.irq] } : {})),
    clearDeferred: assign({ deferred: [] }),
    /**
     * What the hypervisor does with an interrupt that finds no VP of its
     * partition dispatched: keep it (defer), count the deferral, and wake a
     * halted VP of the partition. A fault that sends such an interrupt
     * elsewhere provides another implementation of this one action.
     */
    holdUndelivered: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'RAISE') return;
      enqueue('defer');
      enqueue({ type: 'countDeferred', params: { irq: event.irq } });
      enqueue('wakeHaltedVp');
    }),
  },
  guards: {
    ownVpRunning: ({ event }) => event.type === 'RAISE' && event.running !== null,
    nothingDeferred: ({ context }) => context.deferred.length === 0,
  },
}).createMachine({
  id: 'interrupt',
  context: { deferred: [] },
  initial: 'idle',
  states: {
    idle: {
      meta: { promise: 'no interrupt of this partition is pending' },
      on: {
        RAISE: [
          { guard: 'ownVpRunning', actions: { type: 'deliver', params: ({ event }) => ({ irq: event.irq, to: event.running!, deferred: false }) } },
          {
            target: 'deferring',
            actions: 'holdUndelivered',
          },
        ],
      },
    },
    deferring: {
      meta: { promise: 'no VP of this partition is dispatched; the deferred interrupts wait here, each once' },
      always: { guard: 'nothingDeferred', target: 'idle' },
      on: {
        RAISE: [
          { guard: 'ownVpRunning', actions: { type: 'deliver', params: ({ event }) => ({ irq: event.irq, to: event.running!, deferred: false }) } },
          { actions: 'holdUndelivered' },
        ],
        // No explicit target: once the list is empty, the eventless transition above returns to idle.
        VP_DISPATCHED: {
          actions: [{ type: 'deliverDeferred', params: ({ context, event }) => ({ irqs: context.deferred, vp: event.vp }) }, 'clearDeferred'],
        },
      },
    },
  },
});
