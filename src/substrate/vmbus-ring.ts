/**
 * One direction of a VMBus channel: a ring buffer shared by a writer and a
 * reader, with the indices and signalling rules of Linux
 * drivers/hv/ring_buffer.c (reference §7).
 *
 * - `writeIndex` and `readIndex` are byte offsets into a data area of
 *   `dataSize` bytes (a real ring is its page count times 4096, minus the
 *   4096-byte header page).
 * - A packet occupies its payload padded to 8 bytes, plus an 8-byte
 *   trailer (the previous write index the Linux writer appends).
 * - A write fails with "try again" unless the free space is strictly greater
 *   than the packet: the ring never becomes completely full, so equal
 *   indices always mean empty.
 * - The writer signals the reader only if `interruptMask` is clear and the
 *   ring was empty before this write.
 * - A writer that got "try again" publishes its need in `pendingSendSz`:
 *   the bytes of the packet it could not write (trailer included), as
 *   Linux writers do (hv_sock: `set_channel_pending_send_size(chan,
 *   HVS_PKT_LEN(...))`).
 * - A reader that frees space signals that writer only when its read batch
 *   takes the free space from "not enough" to "enough"
 *   (hv_pkt_iter_close): at most `pendingSendSz` before, strictly more
 *   after. Exactly the packet's size is "not enough": the ring must never
 *   become completely full. A batch that starts with enough space already
 *   does not signal (the writer was not blocked), nor one that ends short.
 *
 * The bytes themselves are not modelled; `packets` records what lies
 * between the indices (the payload length and a tag naming the request),
 * which is what the reader will find there.
 */

/** The 8-byte trailer after every packet. */
export const RING_TRAILER_BYTES = 8;

/** Payload lengths are padded to this many bytes. */
export const RING_ALIGN = 8;

/** One packet as it sits in the data area. */
export interface RingPacket {
  /** Payload length before padding, in bytes. */
  readonly len: number;
  /** What the packet carries (an I/O id in hvspec's channels). */
  readonly tag: number;
}

/** One direction of a channel. */
export interface Ring {
  /** Size of the data area, in bytes (a multiple of 8). */
  readonly dataSize: number;
  readonly writeIndex: number;
  readonly readIndex: number;
  /** Set by a reader that is already draining: writers need not signal it. */
  readonly interruptMask: boolean;
  /** The need a blocked writer published (the bytes of the packet it could not write); 0 when no writer waits. */
  readonly pendingSendSz: number;
  /** The unread packets, oldest first. */
  readonly packets: readonly RingPacket[];
}

/** An empty ring with a data area of `dataSize` bytes. */
export function emptyRing(dataSize: number): Ring {
  if (!Number.isInteger(dataSize) || dataSize <= 0 || dataSize % RING_ALIGN !== 0) throw new RangeError(`ring data size must be a positive multiple of 8, got ${dataSize}`);
  return { dataSize, writeIndex: 0, readIndex: 0, interruptMask: false, pendingSendSz: 0, packets: [] };
}

/** A payload length rounded up to 8 bytes, as VMBus pads packets. */
export const paddedLength = (len: number): number => Math.ceil(len / RING_ALIGN) * RING_ALIGN;

/** Bytes a packet of `len` payload bytes occupies: padded payload plus trailer. */
export const packetBytes = (len: number): number => paddedLength(len) + RING_TRAILER_BYTES;

/** Free space: `w >= r ? size - (w - r) : r - w`. */
export function bytesToWrite(r: Ring): number {
  return r.writeIndex >= r.readIndex ? r.dataSize - (r.writeIndex - r.readIndex) : r.readIndex - r.writeIndex;
}

/** Unread bytes: size minus free space. */
export const bytesToRead = (r: Ring): number => r.dataSize - bytesToWrite(r);

/** Bytes the unread packets occupy, counted from the packets themselves. */
export const storedBytes = (r: Ring): number => r.packets.reduce((n, p) => n + packetBytes(p.len), 0);

/** True when the indices say the ring is empty. */
export const indicesEqual = (r: Ring): boolean => r.writeIndex === r.readIndex;

/** The result of a write. */
export type WriteResult =
  | { readonly kind: 'written'; readonly ring: Ring; readonly signal: boolean; readonly bytes: number }
  | { readonly kind: 'try-again'; readonly needed: number; readonly available: number };

/** Writes one packet (hv_ringbuffer_write): copy, then publish write_index, then decide whether to signal. */
export function ringWrite(r: Ring, packet: RingPacket): WriteResult {
  const bytes = packetBytes(packet.len);
  const available = bytesToWrite(r);
  if (available <= bytes) return { kind: 'try-again', needed: bytes, available };
  return publishWrite(r, packet);
}

/** The copy-and-publish half of a write that fits: write_index moves on; it signals if the ring was empty with interrupt_mask clear. */
export function publishWrite(r: Ring, packet: RingPacket): Extract<WriteResult, { kind: 'written' }> {
  const bytes = packetBytes(packet.len);
  const signal = !r.interruptMask && r.writeIndex === r.readIndex;
  return { kind: 'written', ring: { ...r, writeIndex: (r.writeIndex + bytes) % r.dataSize, packets: [...r.packets, packet] }, signal, bytes };
}

/** The result of reading one packet: nothing unread, a refusal of indices the reader cannot trust, or the packet and the bytes it copied. */
export type ReadResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'refused'; readonly reason: string }
  | {
      readonly kind: 'read';
      readonly ring: Ring;
      readonly packet: RingPacket;
      readonly signalWriter: boolean;
      /** The bytes the reader copied: `length` from offset `start` of the data area (a copy wraps at its end). */
      readonly span: { readonly start: number; readonly length: number };
    };

/**
 * The writer-wake rule of hv_pkt_iter_close: with `pendingSendSz` set,
 * signal only when the batch takes the free space from at most it to
 * strictly more than it.
 */
export function crossesPendingSendSz(pendingSendSz: number, freeBefore: number, freeAfter: number): boolean {
  return pendingSendSz !== 0 && freeBefore <= pendingSendSz && freeAfter > pendingSendSz;
}

/**
 * Why a reader must not trust a ring's indices, or null: each must lie in
 * the data area on an 8-byte boundary (the writer of the other side may be
 * hostile; Linux's reader keeps its own read position and derives what it
 * may read from the write index, so an index past the data area would send
 * its copy past the ring).
 */
export function indexProblem(r: Ring): string | null {
  for (const [name, v] of [['write_index', r.writeIndex], ['read_index', r.readIndex]] as const)
    if (!Number.isInteger(v) || v < 0 || v >= r.dataSize || v % RING_ALIGN !== 0) return `${name} ${v} lies outside the ${r.dataSize}-byte data area or off an 8-byte boundary`;
  return null;
}

/**
 * Reads the oldest packet and publishes the new read_index: only when the
 * indices are sound and the packet lies wholly before write_index (Linux
 * hv_pkt_iter_first: a packet longer than the bytes available is not
 * read as such); otherwise it reads nothing and says why.
 */
export function ringRead(r: Ring): ReadResult {
  const bad = indexProblem(r);
  if (bad) return { kind: 'refused', reason: bad };
  const packet = r.packets[0];
  if (!packet || r.writeIndex === r.readIndex) return { kind: 'empty' };
  const bytes = packetBytes(packet.len);
  if (bytes > bytesToRead(r)) return { kind: 'refused', reason: `the next packet takes ${bytes} bytes but write_index ${r.writeIndex} leaves ${bytesToRead(r)} unread` };
  return consumePacket(r, bytes);
}

/** Takes the oldest packet off a ring that has one, moving read_index on by `advanceBy` bytes, and applies the writer-wake rule. */
export function consumePacket(r: Ring, advanceBy: number): Extract<ReadResult, { kind: 'read' }> {
  const before = bytesToWrite(r);
  const ring: Ring = { ...r, readIndex: (r.readIndex + advanceBy) % r.dataSize, packets: r.packets.slice(1) };
  return { kind: 'read', ring, packet: r.packets[0]!, signalWriter: crossesPendingSendSz(r.pendingSendSz, before, bytesToWrite(ring)), span: { start: r.readIndex, length: advanceBy } };
}

/**
 * Reads every packet (one channel-callback pass) with `read`, the reader of
 * one packet in force; the writer-wake rule is applied once over the pass.
 */
export function ringDrain(r: Ring, read: (r: Ring) => ReadResult = ringRead): { ring: Ring; packets: RingPacket[]; signalWriter: boolean } {
  const before = bytesToWrite(r);
  let ring = r;
  const packets: RingPacket[] = [];
  for (;;) {
    const res = read(ring);
    if (res.kind !== 'read') break;
    ring = res.ring;
    packets.push(res.packet);
  }
  return { ring, packets, signalWriter: crossesPendingSendSz(r.pendingSendSz, before, bytesToWrite(ring)) };
}

/** A writer that got "try again" publishes its need, the packet's bytes (its write needs strictly more free space), and waits. */
export const registerPendingSend = (r: Ring, len: number): Ring => ({ ...r, pendingSendSz: packetBytes(len) });

/** Whether a writer waiting with `pendingSendSz` can write now: strictly more free space than its need. */
export const writerHasRoom = (r: Ring): boolean => r.pendingSendSz !== 0 && bytesToWrite(r) > r.pendingSendSz;

/** The writer resumes: it no longer waits for space. */
export const clearPendingSend = (r: Ring): Ring => (r.pendingSendSz === 0 ? r : { ...r, pendingSendSz: 0 });

/** Sets or clears interrupt_mask (hv_begin_read / hv_end_read). */
export const setInterruptMask = (r: Ring, masked: boolean): Ring => (r.interruptMask === masked ? r : { ...r, interruptMask: masked });
