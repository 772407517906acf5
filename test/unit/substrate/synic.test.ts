import { describe, expect, it } from 'vitest';
import {
  type Synic,
  emptySynic,
  postMessage,
  signalEvent,
  takeInterrupt,
  takeMessage,
  takeFlags,
  eoi,
  endOfMessage,
  setSintMask,
  SINT_COUNT,
  MAX_MESSAGE_PAYLOAD,
  EVENT_FLAGS_PER_SINT,
  MESSAGE_QUEUE_DEPTH,
} from '../../../src/substrate/synic.js';
import { STANDARD_SUBSTRATE } from '../../../src/substrate/fns.js';
import { forgetMessagePending, postOverwritesFullSlot, eoiSkipsRescan } from '../../../models/interrupt/faults.js';
import type { Fault } from '../../../src/faults/fault.js';

/** The substrate functions with `fault` switched on. */
const withFault = (fault: Fault) => ({ ...STANDARD_SUBSTRATE, ...fault.substrate!(STANDARD_SUBSTRATE) });

const msg = (tag: number, payloadBytes = 24) => ({ type: 1, payloadBytes, tag });

function post(s: Synic, sint: number, tag: number) {
  const r = postMessage(s, sint, msg(tag));
  if (!r.ok) throw new Error(`post failed: ${r.status}`);
  return r;
}

/** A SynIC whose SINT `i` the guest has unmasked. */
const ready = (i = 2): Synic => setSintMask(emptySynic(), i, false);

/** The guest's handler takes the interrupt and empties the slot (Linux vmbus_isr, then the slot's message type set to 0). */
const handle = (s: Synic, i = 2) => takeMessage(takeInterrupt(s, i), i);

describe('SynIC (TLFS, SynIC messages and Event Flag Delivery)', () => {
  it('has 16 SINTs, all empty and masked at reset (TLFS, SINTx registers: reset value 0x10000, the Masked bit)', () => {
    const s = emptySynic();
    expect(s.sints).toHaveLength(SINT_COUNT);
    expect(s.sints.every((x) => x.slot === null && x.masked && !x.messagePending && x.flags.length === 0 && !x.asserted && !x.inService)).toBe(true);
  });

  it('two messages on one SINT: the first interrupts, the second waits with MessagePending and arrives after EOM', () => {
    const a = post(ready(), 2, 1);
    expect([a.queued, a.delivered?.tag, a.interrupt]).toEqual([false, 1, true]);
    expect(a.synic.sints[2]!.asserted).toBe(true);
    const b = post(a.synic, 2, 2);
    expect([b.queued, b.delivered, b.interrupt]).toEqual([true, null, false]);
    expect(b.synic.sints[2]!.slot?.tag).toBe(1);
    expect(b.synic.sints[2]!.messagePending).toBe(true);
    const read = handle(b.synic);
    expect(read.message?.tag).toBe(1);
    expect(read.messagePending).toBe(true);
    expect(read.synic.sints[2]!.slot).toBeNull();
    const after = endOfMessage(read.synic, 2);
    expect(after.delivered?.tag).toBe(2);
    // The interrupt of message 1 is still in service (no EOI yet): message 2 raises a new edge, taken after that EOI.
    expect(after.interrupt).toBe(true);
    expect(after.synic.sints[2]!.slot?.tag).toBe(2);
    expect(after.synic.sints[2]!.messagePending).toBe(false);
  });

  it('an EOI scans the queue: a guest that copies, empties the slot and EOIs, with no EOM, still gets the next message (TLFS, SynIC messages)', () => {
    const two = post(post(ready(), 2, 1).synic, 2, 2);
    const read = handle(two.synic);
    const e = eoi(read.synic, 2);
    expect(e.delivered?.tag).toBe(2);
    expect(e.interrupt).toBe(true);
    expect(e.synic.sints[2]!).toMatchObject({ slot: { tag: 2 }, inService: false, asserted: true, messagePending: false });
    // The fault that forgets the scan on EOI leaves the message queued behind an empty slot.
    const broken = withFault(eoiSkipsRescan).eoi(read.synic, 2);
    expect([broken.delivered, broken.synic.sints[2]!.slot, broken.synic.sints[2]!.queue.length]).toEqual([null, null, 1]);
  });

  it('a new post scans the queue: into an emptied slot goes the oldest queued message, not the new one (TLFS, SynIC messages)', () => {
    const two = post(post(ready(), 2, 1).synic, 2, 2);
    const read = handle(two.synic);
    const c = post(read.synic, 2, 3);
    expect([c.queued, c.delivered?.tag]).toEqual([true, 2]);
    expect(c.synic.sints[2]!.queue.map((m) => m.tag)).toEqual([3]);
    expect(c.synic.sints[2]!.messagePending).toBe(true);
  });

  it('EOM with nothing queued clears MessagePending and delivers nothing; EOM with the slot full changes nothing', () => {
    const a = post(ready(), 2, 1);
    const e = endOfMessage(a.synic, 2);
    expect(e.delivered).toBeNull();
    expect(e.synic).toBe(a.synic);
  });

  it('the forget-MessagePending defect queues without the flag', () => {
    const a = post(ready(), 2, 1);
    const b = withFault(forgetMessagePending).postMessage(a.synic, 2, msg(2));
    expect(b.ok && b.synic.sints[2]!.queue.length).toBe(1);
    expect(b.ok && b.synic.sints[2]!.messagePending).toBe(false);
  });

  it('the overwrite defect replaces the unread message', () => {
    const a = post(ready(), 2, 1);
    const b = withFault(postOverwritesFullSlot).postMessage(a.synic, 2, msg(2));
    expect(b.ok && b.synic.sints[2]!.slot?.tag).toBe(2);
    expect(b.ok && b.synic.sints[2]!.queue).toEqual([]);
  });

  it('a full queue behind a full slot refuses with INSUFFICIENT_BUFFERS', () => {
    let s = post(ready(0), 0, 0).synic;
    for (let i = 1; i <= MESSAGE_QUEUE_DEPTH; i++) s = post(s, 0, i).synic;
    expect(postMessage(s, 0, msg(9))).toEqual({ ok: false, status: 'INSUFFICIENT_BUFFERS' });
  });

  it('a message meeting a masked SINT enters the slot with no interrupt, and unmasking does not raise it later: "the interrupt is lost" (TLFS, SynIC messages)', () => {
    const a = post(emptySynic(), 2, 1);
    expect([a.queued, a.delivered?.tag, a.interrupt]).toEqual([false, 1, false]);
    expect(a.synic.sints[2]!.asserted).toBe(false);
    const un = setSintMask(a.synic, 2, false);
    expect(un.sints[2]!).toMatchObject({ masked: false, asserted: false, slot: { tag: 1 } });
  });

  it('PostMessage checks payload size and type', () => {
    const s = ready();
    expect(postMessage(s, 2, msg(0, MAX_MESSAGE_PAYLOAD)).ok).toBe(true);
    expect(postMessage(s, 2, msg(0, MAX_MESSAGE_PAYLOAD + 1))).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0, payloadBytes: 8, tag: 0 })).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0x80000001, payloadBytes: 8, tag: 0 })).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0x7fffffff, payloadBytes: 8, tag: 0 }).ok).toBe(true);
    expect(postMessage(s, SINT_COUNT, msg(0))).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
  });

  it('SignalEvent sets a flag and interrupts on clear-to-set only; a flag past the range is INVALID_PARAMETER', () => {
    const a = signalEvent(ready(), 2, 1);
    expect(a.ok && a.interrupt).toBe(true);
    if (!a.ok) throw new Error('unreachable');
    const b = signalEvent(eoi(takeInterrupt(a.synic, 2), 2).synic, 2, 1);
    expect(b.ok && b.interrupt).toBe(false);
    expect(b.ok && b.wasSet).toBe(true);
    expect(signalEvent(ready(), 2, EVENT_FLAGS_PER_SINT - 1).ok).toBe(true);
    expect(signalEvent(ready(), 2, EVENT_FLAGS_PER_SINT)).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(signalEvent(ready(), 2, -1)).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    const t = takeFlags(a.synic, 2);
    expect(t.flags).toEqual([1]);
    expect(t.synic.sints[2]!.flags).toEqual([]);
  });

  it('SignalEvent to a masked SINT returns HV_STATUS_INVALID_SYNIC_STATE and sets nothing (TLFS, Event Flag Delivery)', () => {
    expect(signalEvent(emptySynic(), 5, 7)).toEqual({ ok: false, status: 'INVALID_SYNIC_STATE' });
    const masked = setSintMask(ready(5), 5, true);
    expect(signalEvent(masked, 5, 7)).toEqual({ ok: false, status: 'INVALID_SYNIC_STATE' });
  });

  it('an interrupt raised while one is in service waits for the EOI: the handler takes one at a time', () => {
    const a = post(ready(), 2, 1);
    const inService = takeInterrupt(a.synic, 2);
    expect(inService.sints[2]!).toMatchObject({ asserted: false, inService: true });
    const f = signalEvent(inService, 2, 1);
    expect(f.ok && f.synic.sints[2]!).toMatchObject({ asserted: true, inService: true });
  });
});
