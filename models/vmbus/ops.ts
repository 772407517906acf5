/**
 * The synthetic I/O path's op records (reference §6): one device per
 * child partition, its VMBus channel and rings. The guest's VSC submits,
 * the root's VSP reads the outbound ring, the device completes, the root's
 * ISR runs, the VSP writes the completion and signals, or posts a message.
 * `lp` names the logical processor whose running VP (a guest VP) acts;
 * `pid` the partition the root works for.
 */
import { defineOp, type OpSink } from '../../src/system/op-record.js';
import type { EnabledScan } from '../../src/system/enabled-scan.js';
import { z } from 'zod';
import * as io from '../../src/system/handlers/vmbus.js';
import * as hostileRing from '../../src/system/handlers/ring-hostile.js';
import { indicesEqual } from '../../src/substrate/vmbus-ring.js';
import { type PartitionId, hex, at } from '../../src/substrate/ids.js';
import type { IoEvent } from './machine.js';

/** The I/O machine's event of each op kind that carries an I/O on (one object each: the machines' memo looks it up). */
const IO_EVENTS: Readonly<Record<'deviceComplete' | 'rootIsr' | 'vspSignal', IoEvent>> = {
  deviceComplete: { type: 'DEVICE_COMPLETE' },
  rootIsr: { type: 'ROOT_ISR' },
  vspSignal: { type: 'COMPLETION_WRITTEN' },
};

/** The enumerator of DeviceComplete, RootIsr or VspSignal: every I/O whose machine takes the event. */
const ioEvent =
  <T extends 'deviceComplete' | 'rootIsr' | 'vspSignal'>(t: T) =>
  (e: EnabledScan, out: OpSink<{ type: T; pid: PartitionId; io: number }>) => {
    const sys = e.sys;
    const event = IO_EVENTS[t];
    for (const p of e.live) {
      const ch = io.activeChannel(sys, p.id);
      if (!ch || (t === 'vspSignal' && ch.inbound.pendingSendSz !== 0)) continue;
      for (const r of ch.ios) if (io.ioTakes(sys, r, event)) out.push({ type: t, pid: p.id, io: r.id });
    }
  };

/**
 * The ops that carry an I/O in flight on (the VSP taking the request and
 * ending its read, the device completing, the root ISR, the VSP's
 * completion) weigh 24: each is enabled only while an I/O waits for it, and
 * the default host's runs of up to 40 ops then reach the completion
 * (`I/Os completed` in the counters), which lighter weights left to chance.
 */
const IO_PATH_WEIGHT = 24;

/** SubmitIo: the guest VP on `lp` submits an I/O whose buffer is at `gpa` (pinned while in flight). */
export const submitIo = defineOp({
  type: 'submitIo',
  args: (f) => ({ lp: f.lp(), gpa: f.gpa('anyGuest') }),
  weight: 6,
  reads: ['dm', 'partitions', 'slat', 'tlbs', 'vmbus'],
  enabled: (e, out) => {
    const sys = e.sys;
    e.s.lps.forEach((_, lp) => {
      const g = io.guestOn(sys, lp);
      const ch = g && at(sys.vmbus, g.pid);
      if (!g || !ch || ch.ios.length >= e.cfg.maxIosInFlight || ch.outbound.pendingSendSz !== 0) return;
      for (const gpa of io.ioBufferCandidates(sys, g.pid)) out.push({ type: 'submitIo', lp, gpa });
    });
  },
  apply: (st, o) => st.orSkip(io.submitIo(st, o.lp, o.gpa)),
  describe: (o) => `submitIo lp${o.lp} buffer gpa ${hex(o.gpa)}`,
});

/** VspTakeRequest: the root's VSP reads one request from the outbound ring. */
export const vspTakeRequest = defineOp({
  type: 'vspTakeRequest',
  args: (f) => ({ pid: f.pid() }),
  weight: IO_PATH_WEIGHT,
  reads: ['partitions', 'vmbus'],
  enabled: (e, out) => {
    for (const p of e.live) {
      const ch = io.activeChannel(e.sys, p.id);
      if (ch && ch.reader.value !== 'asleep' && ch.outbound.packets.length > 0 && !indicesEqual(ch.outbound)) out.push({ type: 'vspTakeRequest', pid: p.id });
    }
  },
  apply: (st, o) => st.orSkip(io.vspTakeRequest(st, o.pid)),
  describe: (o) => `vspTakeRequest ${o.pid}`,
});

/** VspEndRead: the root's VSP ends a read of the outbound ring (and sleeps when it is empty). */
export const vspEndRead = defineOp({
  type: 'vspEndRead',
  args: (f) => ({ pid: f.pid() }),
  weight: IO_PATH_WEIGHT,
  reads: ['partitions', 'vmbus'],
  enabled: (e, out) => {
    for (const p of e.live) if (io.activeChannel(e.sys, p.id)?.reader.value === 'draining') out.push({ type: 'vspEndRead', pid: p.id });
  },
  apply: (st, o) => st.orSkip(io.vspEndRead(st, o.pid)),
  describe: (o) => `vspEndRead ${o.pid}`,
});

/** DeviceComplete: the device finishes an I/O. */
export const deviceComplete = defineOp({
  type: 'deviceComplete',
  args: (f) => ({ pid: f.pid(), io: f.io() }),
  weight: IO_PATH_WEIGHT,
  reads: ['partitions', 'vmbus'],
  enabled: ioEvent('deviceComplete'),
  apply: (st, o) => st.orSkip(io.ioStep(st, o.pid, o.io, { type: 'DEVICE_COMPLETE' }, 'device completion')),
  describe: (o) => `deviceComplete ${o.pid} io${o.io}`,
});

/** RootIsr: the root's interrupt service routine handles a completed I/O. */
export const rootIsr = defineOp({
  type: 'rootIsr',
  args: (f) => ({ pid: f.pid(), io: f.io() }),
  weight: IO_PATH_WEIGHT,
  reads: ['partitions', 'vmbus'],
  enabled: ioEvent('rootIsr'),
  apply: (st, o) => st.orSkip(io.ioStep(st, o.pid, o.io, { type: 'ROOT_ISR' }, 'the root ISR')),
  describe: (o) => `rootIsr ${o.pid} io${o.io}`,
});

/** VspSignal: the VSP writes an I/O's completion to the inbound ring and signals the guest. */
export const vspSignal = defineOp({
  type: 'vspSignal',
  args: (f) => ({ pid: f.pid(), io: f.io() }),
  weight: IO_PATH_WEIGHT,
  reads: ['partitions', 'vmbus'],
  enabled: ioEvent('vspSignal'),
  apply: (st, o) => st.orSkip(io.vspSignal(st, o.pid, o.io)),
  describe: (o) => `vspSignal ${o.pid} io${o.io}`,
});

/** VspPostMessage: the VSP posts a message to the guest's VMBus SINT. */
export const vspPostMessage = defineOp({
  type: 'vspPostMessage',
  args: (f) => ({ pid: f.pid() }),
  weight: 2,
  reads: ['interrupts', 'partitions', 'vmbus'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const p of e.live) {
      if (!io.activeChannel(sys, p.id)) continue;
      if (sys.interrupts.irqs.filter((r) => r.pid === p.id && r.kind === 'message').length < e.cfg.maxMessagesOutstanding) out.push({ type: 'vspPostMessage', pid: p.id });
    }
  },
  apply: (st, o) => st.orSkip(io.vspPostMessage(st, o.pid)),
  describe: (o) => `vspPostMessage ${o.pid}`,
});

/** RingPoke: a hostile guest writes a value of its choosing into its outbound ring's write index (only guests configured `hostile`). */
export const ringPoke = defineOp({
  type: 'ringPoke',
  args: (f) => ({ pid: f.pid(), value: z.number().int().min(0).max(1 << 20) }),
  weight: 2,
  reads: ['partitions', 'vmbus'],
  enabled: (e, out) => {
    for (const p of e.live) for (const value of hostileRing.ringPokeValues(e.sys, p.id)) out.push({ type: 'ringPoke', pid: p.id, value });
  },
  apply: (st, o) => st.orSkip(hostileRing.ringPoke(st, o.pid, o.value)),
  describe: (o) => `ringPoke ${o.pid} write_index ${o.value}`,
});
