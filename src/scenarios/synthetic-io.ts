/**
 * Two synthetic I/Os of one guest through the whole path, as a scenario.
 *
 * The guest's VSC queues a request, which signals the sleeping VSP; the
 * VSP reads it with interrupt_mask set, and the guest's second request,
 * written meanwhile, does not signal. The VSP clears the mask and looks
 * again, finds the second request and reads it too, then sleeps. Both
 * devices complete and the root's ISR handles both (phase one). The
 * guest's VP is preempted before the VSP writes the completions (phase
 * two): the first completion's signal finds no VP of the guest
 * dispatched and is deferred, the second write finds the ring non-empty
 * and does not signal, and a control message posted meanwhile is deferred
 * too. When the VP is dispatched again both interrupts reach its SynIC at
 * once; the guest reads the message and both completions, which unpins
 * the buffers. A last message, posted while the VP runs, is delivered at
 * once.
 */
import type { Op } from '../system/ops.js';
import { parseConfig } from '../system/config.js';
import type { Scenario } from './scenario.js';

const P = 'p1';

const config = parseConfig({ logicalProcessors: 1, partitions: [{ id: P, vps: 1, gpaPages: 4 }] });

const boot: Op[] = [
  { type: 'createPartition', pid: P },
  { type: 'depositMemory', pid: P, pages: 1 },
  { type: 'initializePartition', pid: P },
  { type: 'mapGpaPages', pid: P, gpa: 0, pages: 2, access: 3 },
  { type: 'dispatchVp', lp: 0, pid: P, vp: 0 },
];

const requests: Op[] = [
  { type: 'submitIo', lp: 0, gpa: 0 },
  { type: 'vspTakeRequest', pid: P },
  { type: 'submitIo', lp: 0, gpa: 1 },
  { type: 'vspEndRead', pid: P },
  { type: 'vspTakeRequest', pid: P },
  { type: 'vspEndRead', pid: P },
  { type: 'deviceComplete', pid: P, io: 0 },
  { type: 'deviceComplete', pid: P, io: 1 },
  { type: 'rootIsr', pid: P, io: 1 },
  { type: 'rootIsr', pid: P, io: 0 },
];

const completions: Op[] = [
  { type: 'descheduleVp', lp: 0 },
  { type: 'vspSignal', pid: P, io: 0 },
  { type: 'vspSignal', pid: P, io: 1 },
  { type: 'vspPostMessage', pid: P },
  { type: 'dispatchVp', lp: 0, pid: P, vp: 0 },
  { type: 'guestHandle', lp: 0 },
  { type: 'eoi', lp: 0 },
  { type: 'vspPostMessage', pid: P },
  { type: 'guestHandle', lp: 0 },
  { type: 'eoi', lp: 0 },
];

/** The synthetic I/O scenario. */
export const SYNTHETIC_IO: Scenario = {
  name: 'synthetic-io',
  description: 'Two I/Os of one guest through the VMBus rings, the device, the root ISR and the SynIC, with the completions deferred while the guest is not dispatched.',
  config,
  ops: [...boot, ...requests, ...completions],
  guest: P,
  measure: 'io',
  points: { issued: boot.length + requests.length, end: boot.length + requests.length + completions.length },
  expected: {
    issued: { iosCompleted: 0, rootIsrs: 2, ringSignals: 1, deferredInterrupts: 0, virtualInterrupts: 0 },
    end: { iosCompleted: 2, rootIsrs: 2, ringSignals: 2, deferredInterrupts: 2, virtualInterrupts: 2 },
  },
};
