import { describe, expect, it } from 'vitest';
import {
  type Synic,
  emptySynic,
  postMessage,
  signalEvent,
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
import { forgetMessagePending, postOverwritesFullSlot } from '../../../models/interrupt/faults.js';
import type { Fault } from '../../../src/faults/fault.js';

/** The substrate functions with `fault` switched on. */
const withFault = (fault: Fault) => ({ ...STANDARD_SUBSTRATE, ...fault.substrate!(STANDARD_SUBSTRATE) });

const msg = (tag: number, payloadBytes = 24) => ({ type: 1, payloadBytes, tag });

function post(s: Synic, sint: number, tag: number) {
  const r = postMessage(s, sint, msg(tag));
  if (!r.ok) throw new Error(`post failed: ${r.status}`);
  return r;
}

describe('SynIC', () => {
  it('has 16 SINTs, all empty and unmasked at reset', () => {
    const s = emptySynic();
    expect(s.sints).toHaveLength(SINT_COUNT);
    expect(s.sints.every((x) => x.slot === null && !x.masked && !x.messagePending && x.flags.length === 0)).toBe(true);
  });

  it('two messages on one SINT: the first interrupts, the second waits with MessagePending and arrives after EOM', () => {
    const a = post(emptySynic(), 2, 1);
    expect(a.outcome).toBe('interrupt');
    expect(a.synic.sints[2]!.asserted).toBe(true);
    const b = post(eoi(a.synic, 2), 2, 2);
    expect(b.outcome).toBe('queued');
    expect(b.synic.sints[2]!.slot?.tag).toBe(1);
    expect(b.synic.sints[2]!.messagePending).toBe(true);
    expect(b.synic.sints[2]!.asserted).toBe(false); // no interrupt for the queued one
    const read = takeMessage(b.synic, 2);
    expect(read.message?.tag).toBe(1);
    expect(read.messagePending).toBe(true);
    expect(read.synic.sints[2]!.slot).toBeNull();
    const after = endOfMessage(read.synic, 2);
    expect(after.delivered?.tag).toBe(2);
    expect(after.interrupt).toBe(true);
    expect(after.synic.sints[2]!.slot?.tag).toBe(2);
    expect(after.synic.sints[2]!.messagePending).toBe(false);
  });

  it('EOM with nothing queued clears MessagePending and delivers nothing; EOM with the slot full changes nothing', () => {
    const a = post(emptySynic(), 2, 1);
    const e = endOfMessage(a.synic, 2);
    expect(e.delivered).toBeNull();
    expect(e.synic.sints[2]!.slot?.tag).toBe(1);
  });

  it('the forget-MessagePending defect queues without the flag', () => {
    const a = post(emptySynic(), 2, 1);
    const b = withFault(forgetMessagePending).postMessage(a.synic, 2, msg(2));
    expect(b.ok && b.synic.sints[2]!.queue.length).toBe(1);
    expect(b.ok && b.synic.sints[2]!.messagePending).toBe(false);
  });

  it('the overwrite defect replaces the unread message', () => {
    const a = post(emptySynic(), 2, 1);
    const b = withFault(postOverwritesFullSlot).postMessage(a.synic, 2, msg(2));
    expect(b.ok && b.synic.sints[2]!.slot?.tag).toBe(2);
    expect(b.ok && b.synic.sints[2]!.queue).toEqual([]);
  });

  it('a full queue refuses with INSUFFICIENT_BUFFERS', () => {
    let s = post(emptySynic(), 0, 0).synic;
    for (let i = 1; i <= MESSAGE_QUEUE_DEPTH; i++) s = post(s, 0, i).synic;
    expect(postMessage(s, 0, msg(9))).toEqual({ ok: false, status: 'INSUFFICIENT_BUFFERS' });
  });

  it('a masked SINT takes the message without interrupting; unmasking raises the interrupt it held back', () => {
    const masked = setSintMask(emptySynic(), 2, true).synic;
    const a = post(masked, 2, 1);
    expect(a.outcome).toBe('stored-masked');
    expect(a.synic.sints[2]!.asserted).toBe(false);
    const un = setSintMask(a.synic, 2, false);
    expect(un.interrupt).toBe(true);
    expect(un.synic.sints[2]!.asserted).toBe(true);
  });

  it('PostMessage checks payload size and type', () => {
    const s = emptySynic();
    expect(postMessage(s, 2, msg(0, MAX_MESSAGE_PAYLOAD)).ok).toBe(true);
    expect(postMessage(s, 2, msg(0, MAX_MESSAGE_PAYLOAD + 1))).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0, payloadBytes: 8, tag: 0 })).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0x80000001, payloadBytes: 8, tag: 0 })).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(postMessage(s, 2, { type: 0x7fffffff, payloadBytes: 8, tag: 0 }).ok).toBe(true);
    expect(postMessage(s, SINT_COUNT, msg(0))).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
  });

  it('SignalEvent sets a flag and interrupts on clear-to-set only; a flag past the range is INVALID_PARAMETER', () => {
    const a = signalEvent(emptySynic(), 2, 1);
    expect(a.ok && a.interrupt).toBe(true);
    if (!a.ok) throw new Error('unreachable');
    const b = signalEvent(eoi(a.synic, 2), 2, 1);
    expect(b.ok && b.interrupt).toBe(false);
    expect(b.ok && b.wasSet).toBe(true);
    expect(signalEvent(emptySynic(), 2, EVENT_FLAGS_PER_SINT - 1).ok).toBe(true);
    expect(signalEvent(emptySynic(), 2, EVENT_FLAGS_PER_SINT)).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    expect(signalEvent(emptySynic(), 2, -1)).toEqual({ ok: false, status: 'INVALID_PARAMETER' });
    const t = takeFlags(a.synic, 2);
    expect(t.flags).toEqual([1]);
    expect(t.synic.sints[2]!.flags).toEqual([]);
  });

  it('a masked SINT records the flag without interrupting', () => {
    const masked = setSintMask(emptySynic(), 5, true).synic;
    const r = signalEvent(masked, 5, 7);
    expect(r.ok && r.interrupt).toBe(false);
    expect(r.ok && r.synic.sints[5]!.flags).toEqual([7]);
  });
});
