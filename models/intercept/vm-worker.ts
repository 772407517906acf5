/**
 * The root's VM worker process, as far as intercepts go: a bounded queue of
 * pending intercept messages, served one at a time (reference §5, seed).
 *
 * Claims: every message posted is answered exactly once, in the order
 * posted. The queue holds at most `capacity` messages besides the one the
 * worker is simulating; while it is full, further messages are held back
 * by the hypervisor (as a SynIC message slot holds the next message until
 * the slot is free) and move into the queue, oldest first, as soon as the
 * worker takes one. Every message counts the worker steps (take or reply)
 * it has waited through, capped at `waitCap`: with N virtual processors
 * (so at most N messages), a message is answered within 2·N worker steps.
 * When a partition is finalized, its messages are withdrawn.
 *
 * An interleaving that would break it: two VPs of one VM intercept while
 * the queue is full; if the second message were dropped instead of held
 * back, its VP would stay intercept-suspended forever
 * (`every-intercept-answered-once`).
 */
import { assign, setup } from 'xstate';
import type { InterceptKind, Instruction, Registers } from './instructions.js';

/** An intercept message as the worker sees it. */
export interface InterceptMessage {
  readonly pid: string;
  readonly vp: number;
  readonly kind: InterceptKind;
  readonly instr: Instruction;
  /** Registers from before the instruction. */
  readonly pre: Registers;
  /** Worker steps taken since it was posted (capped at `waitCap`). */
  readonly waited: number;
}

/** The worker's context. */
export interface WorkerContext {
  /** Messages waiting for the worker, oldest first (at most `capacity`). */
  readonly queue: readonly InterceptMessage[];
  /** The message being simulated. */
  readonly current: InterceptMessage | null;
  /** Messages the hypervisor holds back while the queue is full, oldest first. */
  readonly held: readonly InterceptMessage[];
  readonly capacity: number;
  readonly waitCap: number;
}

/** Events of the worker. */
export type WorkerEvent =
  | { type: 'POST'; msg: Omit<InterceptMessage, 'waited'> }
  | { type: 'TAKE' }
  | { type: 'REPLY' }
  | { type: 'CANCEL'; pid: string };

/** Messages the queue holds besides the one in hand. */
export const QUEUE_CAPACITY = 1;

type Ctx = WorkerContext;
const age = (c: Ctx) => (m: InterceptMessage): InterceptMessage => ({ ...m, waited: Math.min(m.waited + 1, c.waitCap) });

/** The VM worker machine. */
export const vmWorkerMachine = setup({
  types: { context: {} as WorkerContext, events: {} as WorkerEvent },
  actions: {
    enqueue: assign(({ context, event }) => (event.type === 'POST' ? { queue: [...context.queue, { ...event.msg, waited: 0 }] } : {})),
    holdBack: assign(({ context, event }) => (event.type === 'POST' ? { held: [...context.held, { ...event.msg, waited: 0 }] } : {})),
    dequeue: assign(({ context }) => ({ current: context.queue[0] ?? null, queue: context.queue.slice(1) })),
    refill: assign(({ context }) => {
      const room = Math.max(0, context.capacity - context.queue.length);
      return room === 0 || context.held.length === 0 ? {} : { queue: [...context.queue, ...context.held.slice(0, room)], held: context.held.slice(room) };
    }),
    finish: assign({ current: null }),
    age: assign(({ context }) => ({
      queue: context.queue.map(age(context)),
      held: context.held.map(age(context)),
      current: context.current && age(context)(context.current),
    })),
    cancel: assign(({ context, event }) => {
      if (event.type !== 'CANCEL') return {};
      const keep = (m: InterceptMessage) => m.pid !== event.pid;
      return { queue: context.queue.filter(keep), held: context.held.filter(keep), current: context.current && keep(context.current) ? context.current : null };
    }),
    /** Request: hand the message just taken to the simulation (TAKEN to its VP's handshake). */
    simulate: () => {},
    /** Request: answer the message in hand (the worker's simulated registers, then REPLY to its handshake). */
    reply: (_: unknown, _params: { message: InterceptMessage }) => {},
  },
  guards: {
    queueHasRoom: ({ context }) => context.held.length === 0 && context.queue.length < context.capacity,
    queueNonEmpty: ({ context }) => context.queue.length > 0,
    cancelsCurrent: ({ context, event }) => event.type === 'CANCEL' && context.current?.pid === event.pid,
  },
}).createMachine({
  id: 'vmWorker',
  context: { queue: [], current: null, held: [], capacity: QUEUE_CAPACITY, waitCap: 8 },
  initial: 'idle',
  on: {
    POST: [{ guard: 'queueHasRoom', actions: 'enqueue' }, { actions: 'holdBack' }],
  },
  states: {
    idle: {
      meta: { promise: 'no message in hand; messages wait in the queue or are held back by the hypervisor' },
      on: {
        TAKE: { guard: 'queueNonEmpty', target: 'simulating', actions: ['dequeue', 'refill', 'age', 'simulate'] },
        CANCEL: { actions: ['cancel', 'refill'] },
      },
    },
    simulating: {
      meta: { promise: 'one message in hand, being simulated from the VM state; it is answered by the next reply' },
      on: {
        REPLY: { target: 'idle', actions: [{ type: 'reply', params: ({ context }) => ({ message: context.current! }) }, 'finish', 'age'] },
        CANCEL: [
          { guard: 'cancelsCurrent', target: 'idle', actions: ['cancel', 'refill'] },
          { actions: ['cancel', 'refill'] },
        ],
      },
    },
  },
});
