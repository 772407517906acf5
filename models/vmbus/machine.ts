/**
 * One synthetic I/O, from the guest's VSC to the device and back
 * (seed, "Hyper-V architecture: Intercepts, Interrupts and Hypercalls").
 *
 * Claims: an I/O passes through every stage in order, once: the VSC puts
 * the request on the channel's outbound ring (its GPA list pinned for the
 * root's DMA); the root's VSP takes it and issues the native I/O; the
 * device completes; the root's ISR handles the hardware interrupt (phase
 * one); the VSP writes the completion to the inbound ring and signals the
 * guest (phase two); the guest's channel callback reads the completion,
 * and only then are the buffers unpinned.
 *
 * An interleaving that would break it: the root unmaps the I/O's buffer
 * GPA while the device is still writing into it (after `issued`, before the
 * guest has read the completion); the device's DMA would then land in a
 * frame that belongs to someone else (`io-buffers-stay-mapped-until-completion`).
 */
import { setup } from 'xstate';

/** Events along the I/O path. */
export type IoEvent =
  | { type: 'VSP_TAKE' }
  | { type: 'DEVICE_COMPLETE' }
  | { type: 'ROOT_ISR' }
  | { type: 'COMPLETION_WRITTEN' }
  | { type: 'COMPLETION_READ' };

/** The I/O machine keeps no context: its stage is its state. */
export type IoContext = Record<string, never>;

/** The lifecycle of one synthetic I/O. */
export const ioMachine = setup({
  types: { context: {} as IoContext, events: {} as IoEvent },
  actions: {
    /** Request: the VSP issues the native I/O to the root's driver. */
    issueNativeIo: () => {},
    /** Request: count phase one (the root's ISR). */
    countRootIsr: () => {},
    /** Request: the buffers may be unmapped again. */
    unpinBuffers: () => {},
  },
}).createMachine({
  id: 'io',
  context: {},
  initial: 'queued',
  states: {
    queued: {
      meta: { promise: 'the request is on the outbound ring; its buffers are pinned' },
      on: { VSP_TAKE: { target: 'issued', actions: 'issueNativeIo' } },
    },
    issued: {
      meta: { promise: 'the native device owns the transfer; the buffers are pinned' },
      on: { DEVICE_COMPLETE: 'deviceDone' },
    },
    deviceDone: {
      meta: { promise: 'the device raised its interrupt at the root; the root ISR has not run yet' },
      on: { ROOT_ISR: { target: 'isrDone', actions: 'countRootIsr' } },
    },
    isrDone: {
      meta: { promise: 'phase one done: the VSP thread is awake and must tell the guest' },
      on: { COMPLETION_WRITTEN: 'completing' },
    },
    completing: {
      meta: { promise: 'phase two done: the completion is on the inbound ring and the guest has been signalled (or the ring was already non-empty)' },
      on: { COMPLETION_READ: { target: 'done', actions: 'unpinBuffers' } },
    },
    done: {
      meta: { promise: 'the guest has the completion; the buffers are free' },
      type: 'final',
    },
  },
});
