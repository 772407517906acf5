/** Faults of the root's VM worker (its intercept message queue). */
import { assign } from 'xstate';
import { defineFault, forget } from '../../src/faults/fault.js';
import type { WorkerContext } from './machine.js';

/** The worker answers the same message twice. */
export const workerRepliesTwice = defineFault({
  name: 'worker-replies-twice',
  description: 'The VM worker takes a message without removing it from its queue, so it answers the same intercept again.',
  breaks: ['every-intercept-answered-once'],
  machines: (m) => ({
    vmWorker: m.vmWorker.provide({ actions: { dequeue: assign(({ context }: { context: WorkerContext }) => ({ current: context.queue[0] ?? null })) } }),
  }),
});

/** A message posted to a full queue is lost. */
export const workerDropsMessageWhenQueueFull = defineFault({
  name: 'worker-drops-message-when-queue-full',
  description: 'A message posted while the worker queue is full is dropped instead of held back, so its VP waits forever.',
  breaks: ['every-intercept-answered-once'],
  machines: (m) => ({ vmWorker: m.vmWorker.provide({ actions: { holdBack: forget() } }) }),
});
