import { describe, expect, it } from 'vitest';
import {
  type Ring,
  emptyRing,
  paddedLength,
  packetBytes,
  bytesToWrite,
  bytesToRead,
  ringWrite,
  ringRead,
  ringDrain,
  registerPendingSend,
  setInterruptMask,
  crossesPendingSendSz,
  indicesEqual,
} from '../../../src/substrate/vmbus-ring.js';
import { STANDARD_SUBSTRATE } from '../../../src/substrate/fns.js';
import { ringAcceptsFullWrite, signalEverySecondWrite, ringReadIgnoresPadding } from '../../../models/vmbus/faults.js';
import type { Fault } from '../../../src/faults/fault.js';

/** The substrate functions with `fault` switched on. */
const withFault = (fault: Fault) => ({ ...STANDARD_SUBSTRATE, ...fault.substrate!(STANDARD_SUBSTRATE) });

const D = 4096;

/** Writes and expects success. */
function write(r: Ring, len: number, tag = 0) {
  const w = ringWrite(r, { len, tag });
  if (w.kind !== 'written') throw new Error(`write of ${len} got try-again`);
  return w;
}

describe('VMBus ring: sizes', () => {
  it('pads payloads to 8 bytes and adds an 8-byte trailer', () => {
    expect([1, 7, 8, 9, 20, 24].map(paddedLength)).toEqual([8, 8, 8, 16, 24, 24]);
    expect(packetBytes(20)).toBe(32);
    expect(packetBytes(12)).toBe(24);
    const w = write(emptyRing(D), 20);
    expect(w.ring.writeIndex).toBe(32);
    expect(w.bytes).toBe(32);
  });

  it('computes free space and unread bytes from the indices, wrapping around', () => {
    expect(bytesToWrite({ ...emptyRing(64), writeIndex: 40, readIndex: 8 })).toBe(32);
    expect(bytesToWrite({ ...emptyRing(64), writeIndex: 8, readIndex: 40 })).toBe(32);
    expect(bytesToRead({ ...emptyRing(64), writeIndex: 8, readIndex: 40 })).toBe(32);
    expect(bytesToWrite(emptyRing(64))).toBe(64);
  });

  it('rejects a data size that is not a positive multiple of 8', () => {
    expect(() => emptyRing(60)).toThrow(RangeError);
    expect(() => emptyRing(0)).toThrow(RangeError);
  });
});

describe('VMBus ring: a write needs strictly more free space than the packet', () => {
  it(`on an empty ring of ${D} bytes, a ${D - 8}-byte payload (${D} with its trailer) is "try again"`, () => {
    const w = ringWrite(emptyRing(D), { len: D - 8, tag: 0 });
    expect(w).toEqual({ kind: 'try-again', needed: D, available: D });
  });

  it(`a ${D - 16}-byte payload (${D - 8} with its trailer) is written`, () => {
    const w = write(emptyRing(D), D - 16);
    expect(w.ring.writeIndex).toBe(D - 8);
    expect(bytesToWrite(w.ring)).toBe(8);
    expect(indicesEqual(w.ring)).toBe(false);
  });

  it('a packet that would leave exactly 0 bytes free is refused on a partly filled ring too', () => {
    const r = write(emptyRing(64), 20).ring; // 32 used, 32 free
    expect(ringWrite(r, { len: 20, tag: 1 })).toEqual({ kind: 'try-again', needed: 32, available: 32 });
    expect(ringWrite(r, { len: 16, tag: 1 }).kind).toBe('written'); // 24 < 32
  });

  it('with the accept-full-write defect the ring fills and equal indices no longer mean empty', () => {
    const r = write(emptyRing(64), 20).ring;
    const w = withFault(ringAcceptsFullWrite).ringWrite(r, { len: 20, tag: 1 });
    expect(w.kind).toBe('written');
    if (w.kind === 'written') {
      expect(indicesEqual(w.ring)).toBe(true);
      expect(w.ring.packets).toHaveLength(2);
    }
  });
});

describe('VMBus ring: the writer signals on empty to non-empty with the mask clear', () => {
  it('the first write signals; a second before the reader moves does not', () => {
    const first = write(emptyRing(D), 20);
    expect(first.signal).toBe(true);
    const second = write(first.ring, 20, 1);
    expect(second.signal).toBe(false);
  });

  it('after the reader empties the ring, the next write signals again', () => {
    const r = write(emptyRing(D), 20).ring;
    const read = ringRead(r);
    if (read.kind !== 'read') throw new Error('expected a packet');
    expect(read.ring.readIndex).toBe(32);
    expect(indicesEqual(read.ring)).toBe(true);
    expect(write(read.ring, 20).signal).toBe(true);
  });

  it('with interrupt_mask set nothing signals', () => {
    const masked = setInterruptMask(emptyRing(D), true);
    const a = write(masked, 20);
    const b = write(a.ring, 20);
    expect([a.signal, b.signal]).toEqual([false, false]);
  });

  it('with the signal-every-second-write defect the first write does not signal', () => {
    const w = withFault(signalEverySecondWrite).ringWrite(emptyRing(D), { len: 20, tag: 0 });
    expect(w.kind === 'written' && w.signal).toBe(false);
  });
});

describe('VMBus ring: the reader wakes a waiting writer when free space crosses pending_send_sz', () => {
  // 64-byte ring, 24-byte packets (16-byte payloads): two fit (48 used, 16 free), a third is refused.
  const full = (): Ring => {
    let r = emptyRing(64);
    r = write(r, 16, 0).ring;
    r = write(r, 16, 1).ring;
    const w = ringWrite(r, { len: 16, tag: 2 });
    expect(w).toEqual({ kind: 'try-again', needed: 24, available: 16 });
    return registerPendingSend(r, 16);
  };

  it('a writer publishes its need as Linux does: the bytes of the packet it could not write (set_channel_pending_send_size, HVS_PKT_LEN)', () => {
    expect(full().pendingSendSz).toBe(24);
  });

  it('the read that takes free space from 16 to 40 (past 24) signals; the next read (40 to 64) is a null transition and does not (hv_pkt_iter_close)', () => {
    const r = full();
    const first = ringRead(r);
    if (first.kind !== 'read') throw new Error('expected a packet');
    expect(bytesToWrite(first.ring)).toBe(40);
    expect(first.signalWriter).toBe(true);
    const second = ringRead(first.ring);
    if (second.kind !== 'read') throw new Error('expected a packet');
    expect(bytesToWrite(second.ring)).toBe(64);
    expect(second.signalWriter).toBe(false);
  });

  it('a writer that published a Linux-style need is woken only when its write fits: exactly its need free is "not enough" (hv_pkt_iter_close)', () => {
    // 40-byte ring: two 16-byte packets leave 8 free; a 24-byte packet is refused and its writer publishes 24.
    let r = emptyRing(40);
    r = write(r, 8, 0).ring;
    r = write(r, 8, 1).ring;
    expect(ringWrite(r, { len: 16, tag: 2 })).toEqual({ kind: 'try-again', needed: 24, available: 8 });
    r = registerPendingSend(r, 16);
    const first = ringRead(r);
    if (first.kind !== 'read') throw new Error('expected a packet');
    // 24 bytes free: the write would fill the ring completely, so it still fails, and the reader does not wake the writer.
    expect([bytesToWrite(first.ring), first.signalWriter, ringWrite(first.ring, { len: 16, tag: 2 }).kind]).toEqual([24, false, 'try-again']);
    const second = ringRead(first.ring);
    if (second.kind !== 'read') throw new Error('expected a packet');
    expect([bytesToWrite(second.ring), second.signalWriter, ringWrite(second.ring, { len: 16, tag: 2 }).kind]).toEqual([40, true, 'written']);
  });

  it('the crossing rule: at most the need before, strictly more after', () => {
    expect(crossesPendingSendSz(24, 16, 32)).toBe(true);
    expect(crossesPendingSendSz(24, 24, 32)).toBe(true);
    expect(crossesPendingSendSz(24, 16, 24)).toBe(false);
    expect(crossesPendingSendSz(24, 32, 40)).toBe(false);
    expect(crossesPendingSendSz(0, 0, 64)).toBe(false);
  });

  it('a whole drain (one channel-callback pass) signals once, and the waiting write then fits', () => {
    const drained = ringDrain(full());
    expect(drained.packets.map((p) => p.tag)).toEqual([0, 1]);
    expect(drained.signalWriter).toBe(true);
    expect(ringWrite(drained.ring, { len: 16, tag: 2 }).kind).toBe('written');
  });

  it('the reader that ignores padding leaves the indices apart on an empty ring', () => {
    const r = write(emptyRing(64), 20).ring;
    const read = withFault(ringReadIgnoresPadding).ringRead(r);
    if (read.kind !== 'read') throw new Error('expected a packet');
    expect(read.ring.packets).toHaveLength(0);
    expect([read.ring.readIndex, read.ring.writeIndex]).toEqual([28, 32]);
  });

  it('an empty ring has nothing to read', () => {
    expect(ringRead(emptyRing(64))).toEqual({ kind: 'empty' });
  });
});
