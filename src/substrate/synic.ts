/**
 * The synthetic interrupt controller (SynIC) of one virtual processor,
 * as the TLFS describes it ("SynIC Messages", "Event Flag Delivery",
 * "SINTx Registers").
 *
 * - 16 SINTs, each reset masked (a SINTx register's reset value is
 *   0x10000: the Masked bit). The message page has one 256-byte slot per
 *   SINT; a slot is empty when its message type is 0 (here: `slot === null`).
 * - A posted message joins the SINT's queue. The queue is scanned on three
 *   events: a new post, the guest's EOI and the guest's EOM. A scan that
 *   finds the slot empty moves the oldest queued message into it and tries
 *   to raise the SINT's edge-triggered interrupt; if the SINT is masked
 *   the interrupt "is lost". A message that finds the slot full stays
 *   queued, raises nothing, and MessagePending is set in the slot.
 * - Unmasking a SINT raises nothing: what was lost while it was masked
 *   stays lost (the guest must look at its slot and flags itself).
 * - SignalEvent sets one flag in the SINT's event-flags area (2048 flags);
 *   a clear-to-set change interrupts. To a masked SINT it fails with
 *   HV_STATUS_INVALID_SYNIC_STATE and sets nothing; a flag number past the
 *   range is HV_STATUS_INVALID_PARAMETER.
 * - PostMessage payloads are at most 240 bytes; the type must be non-zero
 *   with the top bit clear (types with it set belong to the hypervisor).
 *
 * `asserted` is the interrupt raised on the SINT and not yet taken by the
 * guest's handler (the APIC's IRR); `inService` the interrupt the handler
 * took and has not yet ended with EOI (the ISR): no second interrupt of the
 * SINT is taken before that EOI. Plain data, pure functions.
 */

/** SINTs per virtual processor. */
export const SINT_COUNT = 16;

/** Bytes of one message slot (header included). */
export const MESSAGE_SLOT_BYTES = 256;

/** Largest PostMessage payload. */
export const MAX_MESSAGE_PAYLOAD = 240;

/** Event flags per SINT (one 256-byte area of bits). */
export const EVENT_FLAGS_PER_SINT = 2048;

/** Messages the hypervisor queues per SINT behind a full slot before PostMessage fails. */
export const MESSAGE_QUEUE_DEPTH = 2;

/** A message in a slot or in the queue behind it. */
export interface SynicMessage {
  readonly type: number;
  readonly payloadBytes: number;
  /** What the message is about (hvspec: the interrupt id that carries it). */
  readonly tag: number;
}

/** One SINT of one VP. */
export interface Sint {
  readonly masked: boolean;
  readonly slot: SynicMessage | null;
  readonly messagePending: boolean;
  /** Messages waiting for the slot, oldest first. */
  readonly queue: readonly SynicMessage[];
  /** Event flags set, ascending. */
  readonly flags: readonly number[];
  /** An interrupt was raised on this SINT and the guest's handler has not taken it yet. */
  readonly asserted: boolean;
  /** The guest's handler took an interrupt of this SINT and has not written EOI yet. */
  readonly inService: boolean;
}

/** The SynIC of one VP. */
export interface Synic {
  readonly sints: readonly Sint[];
}

/** Status of a SynIC hypercall (TLFS names). */
export type SynicStatus = 'SUCCESS' | 'INVALID_PARAMETER' | 'INSUFFICIENT_BUFFERS' | 'INVALID_SYNIC_STATE';

/** A SINT at reset (SINTx = 0x10000: masked, nothing in it). */
const RESET_SINT: Sint = { masked: true, slot: null, messagePending: false, queue: [], flags: [], asserted: false, inService: false };

/** A SynIC at reset: all 16 SINTs masked and empty. */
export const emptySynic = (): Synic => ({ sints: Array.from({ length: SINT_COUNT }, () => RESET_SINT) });

/** `s` with SINT `i` replaced by `sint`. */
export const withSint = (s: Synic, i: number, sint: Sint): Synic => {
  const sints = s.sints.slice();
  sints[i] = sint;
  return { sints };
};

const validSint = (i: number): boolean => Number.isInteger(i) && i >= 0 && i < SINT_COUNT;

/** Checks a PostMessage's arguments (TLFS): SINT in range, payload <= 240 bytes, type non-zero with the top bit clear. */
export function checkMessage(sint: number, m: SynicMessage): SynicStatus {
  if (!validSint(sint)) return 'INVALID_PARAMETER';
  if (!Number.isInteger(m.payloadBytes) || m.payloadBytes < 0 || m.payloadBytes > MAX_MESSAGE_PAYLOAD) return 'INVALID_PARAMETER';
  if (!Number.isInteger(m.type) || m.type <= 0 || m.type >= 0x80000000) return 'INVALID_PARAMETER';
  return 'SUCCESS';
}

/** What a scan of a SINT's queue (or a post into an empty slot) did: the message that entered the slot, if any, and whether an interrupt was raised. */
export interface Delivery {
  readonly synic: Synic;
  readonly delivered: SynicMessage | null;
  readonly interrupt: boolean;
}

/** The result of PostMessage on one VP's SynIC: the delivery it caused, and whether the new message waits in the queue. */
export type PostResult = ({ readonly ok: true; readonly queued: boolean } & Delivery) | { readonly ok: false; readonly status: SynicStatus };

/** Raises the SINT's interrupt unless masked (then it is lost) or already raised; `raised` tells whether a new edge was produced. */
function raise(sint: Sint): { sint: Sint; raised: boolean } {
  if (sint.masked || sint.asserted) return { sint, raised: false };
  return { sint: { ...sint, asserted: true }, raised: true };
}

/**
 * Scans the SINT's queue: with the slot empty, the oldest queued message
 * moves into it and raises the SINT's interrupt (lost if masked);
 * MessagePending stays set while more wait. A post, an EOI and an EOM each
 * scan (TLFS, SynIC messages).
 */
export function rescan(s: Synic, sintIndex: number): Delivery {
  const sint = s.sints[sintIndex]!;
  const head = sint.queue[0];
  if (sint.slot !== null || !head) return { synic: s, delivered: null, interrupt: false };
  const rest = sint.queue.slice(1);
  const r = raise({ ...sint, slot: head, queue: rest, messagePending: rest.length > 0 });
  return { synic: withSint(s, sintIndex, r.sint), delivered: head, interrupt: r.raised };
}

/** PostMessage delivered to this VP's SINT: the message joins the queue, and the queue is scanned. */
export function postMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const status = checkMessage(sintIndex, m);
  if (status !== 'SUCCESS') return { ok: false, status };
  const sint = s.sints[sintIndex]!;
  if (sint.slot === null && sint.queue.length === 0) return storeMessage(s, sintIndex, m);
  const q = queueMessage(s, sintIndex, m);
  if (!q.ok) return q;
  const d = rescan(q.synic, sintIndex);
  return { ok: true, queued: true, ...d };
}

/** Queues a (checked) message behind the SINT's slot and sets MessagePending, with no scan; INSUFFICIENT_BUFFERS when the queue is full behind a full slot. */
export function queueMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const sint = s.sints[sintIndex]!;
  if (sint.slot !== null && sint.queue.length >= MESSAGE_QUEUE_DEPTH) return { ok: false, status: 'INSUFFICIENT_BUFFERS' };
  return { ok: true, queued: true, synic: withSint(s, sintIndex, { ...sint, queue: [...sint.queue, m], messagePending: true }), delivered: null, interrupt: false };
}

/** Copies a (checked) message into the SINT's slot and raises its interrupt unless masked or already raised. */
export function storeMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const sint = s.sints[sintIndex]!;
  const r = raise({ ...sint, slot: m });
  return { ok: true, queued: false, synic: withSint(s, sintIndex, r.sint), delivered: m, interrupt: r.raised };
}

/** The result of SignalEvent on one VP's SynIC. */
export type SignalResult = { readonly ok: true; readonly synic: Synic; readonly interrupt: boolean; readonly wasSet: boolean } | { readonly ok: false; readonly status: SynicStatus };

/** SignalEvent: sets one flag; interrupts on a clear-to-set change; a masked SINT refuses it (INVALID_SYNIC_STATE). */
export function signalEvent(s: Synic, sintIndex: number, flag: number): SignalResult {
  if (!validSint(sintIndex) || !Number.isInteger(flag) || flag < 0 || flag >= EVENT_FLAGS_PER_SINT) return { ok: false, status: 'INVALID_PARAMETER' };
  const sint = s.sints[sintIndex]!;
  if (sint.masked) return { ok: false, status: 'INVALID_SYNIC_STATE' };
  if (sint.flags.includes(flag)) return { ok: true, synic: s, interrupt: false, wasSet: true };
  const flagged: Sint = { ...sint, flags: [...sint.flags, flag].sort((a, b) => a - b) };
  const r = raise(flagged);
  return { ok: true, synic: withSint(s, sintIndex, r.sint), interrupt: r.raised, wasSet: false };
}

/** The guest's handler takes the SINT's raised interrupt: it is in service until the guest's EOI. */
export function takeInterrupt(s: Synic, sintIndex: number): Synic {
  const sint = s.sints[sintIndex]!;
  return sint.asserted ? withSint(s, sintIndex, { ...sint, asserted: false, inService: true }) : s;
}

/** The guest reads the slot and empties it (writes message type 0); it learns whether MessagePending was set. */
export function takeMessage(s: Synic, sintIndex: number): { synic: Synic; message: SynicMessage | null; messagePending: boolean } {
  const sint = s.sints[sintIndex]!;
  if (sint.slot === null) return { synic: s, message: null, messagePending: sint.messagePending };
  return { synic: withSint(s, sintIndex, { ...sint, slot: null }), message: sint.slot, messagePending: sint.messagePending };
}

/** The guest clears the SINT's event flags it has seen; returns them. */
export function takeFlags(s: Synic, sintIndex: number): { synic: Synic; flags: readonly number[] } {
  const sint = s.sints[sintIndex]!;
  if (sint.flags.length === 0) return { synic: s, flags: [] };
  return { synic: withSint(s, sintIndex, { ...sint, flags: [] }), flags: sint.flags };
}

/** The guest's EOI for the SINT's interrupt in service: it ends, and the queue is scanned (TLFS). */
export function eoi(s: Synic, sintIndex: number): Delivery {
  const sint = s.sints[sintIndex]!;
  return rescan(sint.inService ? withSint(s, sintIndex, { ...sint, inService: false }) : s, sintIndex);
}

/** EOM: the queue is scanned; with the slot and the queue empty, MessagePending clears. */
export function endOfMessage(s: Synic, sintIndex: number): Delivery {
  const sint = s.sints[sintIndex]!;
  if (sint.slot === null && sint.queue.length === 0) return { synic: sint.messagePending ? withSint(s, sintIndex, { ...sint, messagePending: false }) : s, delivered: null, interrupt: false };
  return rescan(s, sintIndex);
}

/** Masks or unmasks a SINT. Unmasking raises nothing: an interrupt lost while it was masked stays lost (TLFS). */
export function setSintMask(s: Synic, sintIndex: number, masked: boolean): Synic {
  const sint = s.sints[sintIndex]!;
  return sint.masked === masked ? s : withSint(s, sintIndex, { ...sint, masked });
}
