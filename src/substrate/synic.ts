/**
 * The synthetic interrupt controller (SynIC) of one virtual processor,
 * as the TLFS describes it (reference §6).
 *
 * - 16 SINTs. The message page has one 256-byte slot per SINT; a slot is
 *   empty when its message type is 0 (here: `slot === null`).
 * - PostMessage to an empty slot copies the message and raises an
 *   edge-triggered interrupt on the SINT; to a full slot it queues the
 *   message, raises nothing, and sets the slot's MessagePending flag. The
 *   guest empties the slot, sees MessagePending, writes EOM, and the
 *   hypervisor then moves the next queued message into the slot (and
 *   interrupts again).
 * - A masked SINT takes messages and event flags without interrupting;
 *   unmasking it with a message in the slot or a flag set raises the
 *   interrupt it held back (hvspec's reading: nothing it took is lost).
 * - SignalEvent sets one flag in the SINT's event-flags area (2048 flags);
 *   a clear-to-set change on an unmasked SINT interrupts; a flag number
 *   past the range is HV_STATUS_INVALID_PARAMETER.
 * - PostMessage payloads are at most 240 bytes; the type must be non-zero
 *   with the top bit clear (types with it set belong to the hypervisor).
 *
 * `asserted` is the interrupt raised on the SINT and not yet taken by the
 * guest's handler (its EOI clears it). Plain data, pure functions.
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
  /** Messages waiting behind the full slot, oldest first. */
  readonly queue: readonly SynicMessage[];
  /** Event flags set, ascending. */
  readonly flags: readonly number[];
  /** An interrupt was raised on this SINT and the guest has not handled it yet. */
  readonly asserted: boolean;
}

/** The SynIC of one VP. */
export interface Synic {
  readonly sints: readonly Sint[];
}

/** Status of a SynIC hypercall (TLFS names). */
export type SynicStatus = 'SUCCESS' | 'INVALID_PARAMETER' | 'INSUFFICIENT_BUFFERS';

const EMPTY_SINT: Sint = { masked: false, slot: null, messagePending: false, queue: [], flags: [], asserted: false };

/** A SynIC at reset: all SINTs unmasked and empty. */
export const emptySynic = (): Synic => ({ sints: Array.from({ length: SINT_COUNT }, () => EMPTY_SINT) });

const withSint = (s: Synic, i: number, sint: Sint): Synic => {
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

/** What a post did to the SINT. */
export type PostOutcome = 'interrupt' | 'stored-masked' | 'stored-asserted' | 'queued';

/** The result of PostMessage on one VP's SynIC. */
export type PostResult = { readonly ok: true; readonly synic: Synic; readonly outcome: PostOutcome } | { readonly ok: false; readonly status: SynicStatus };

/** Raises the SINT's interrupt unless masked; `raised` tells whether a new edge was produced. */
function raise(sint: Sint): { sint: Sint; raised: boolean } {
  if (sint.masked || sint.asserted) return { sint, raised: false };
  return { sint: { ...sint, asserted: true }, raised: true };
}

/** PostMessage delivered to this VP's SINT. */
export function postMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const status = checkMessage(sintIndex, m);
  if (status !== 'SUCCESS') return { ok: false, status };
  const sint = s.sints[sintIndex]!;
  // Behind a full slot, and behind messages already queued (the slot is empty until the guest's EOM fetches them): one queue per SINT, in order.
  return sint.slot !== null || sint.queue.length > 0 ? queueMessage(s, sintIndex, m) : storeMessage(s, sintIndex, m);
}

/** Queues a (checked) message behind the SINT's slot and sets MessagePending; INSUFFICIENT_BUFFERS when the queue is full. */
export function queueMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const sint = s.sints[sintIndex]!;
  if (sint.queue.length >= MESSAGE_QUEUE_DEPTH) return { ok: false, status: 'INSUFFICIENT_BUFFERS' };
  return { ok: true, synic: withSint(s, sintIndex, { ...sint, queue: [...sint.queue, m], messagePending: true }), outcome: 'queued' };
}

/** Copies a (checked) message into the SINT's slot and raises its interrupt unless masked or already asserted. */
export function storeMessage(s: Synic, sintIndex: number, m: SynicMessage): PostResult {
  const sint = s.sints[sintIndex]!;
  const r = raise({ ...sint, slot: m });
  return { ok: true, synic: withSint(s, sintIndex, r.sint), outcome: r.raised ? 'interrupt' : sint.masked ? 'stored-masked' : 'stored-asserted' };
}

/** The result of SignalEvent on one VP's SynIC. */
export type SignalResult = { readonly ok: true; readonly synic: Synic; readonly interrupt: boolean; readonly wasSet: boolean } | { readonly ok: false; readonly status: SynicStatus };

/** SignalEvent: sets one flag; interrupts on a clear-to-set change of an unmasked, not yet asserted SINT. */
export function signalEvent(s: Synic, sintIndex: number, flag: number): SignalResult {
  if (!validSint(sintIndex) || !Number.isInteger(flag) || flag < 0 || flag >= EVENT_FLAGS_PER_SINT) return { ok: false, status: 'INVALID_PARAMETER' };
  const sint = s.sints[sintIndex]!;
  if (sint.flags.includes(flag)) return { ok: true, synic: s, interrupt: false, wasSet: true };
  const flagged: Sint = { ...sint, flags: [...sint.flags, flag].sort((a, b) => a - b) };
  const r = raise(flagged);
  return { ok: true, synic: withSint(s, sintIndex, r.sint), interrupt: r.raised, wasSet: false };
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

/** The guest's end of interrupt on the SINT. */
export function eoi(s: Synic, sintIndex: number): Synic {
  const sint = s.sints[sintIndex]!;
  return sint.asserted ? withSint(s, sintIndex, { ...sint, asserted: false }) : s;
}

/**
 * EOM: with the slot empty, the next queued message moves into it and
 * interrupts; MessagePending stays set while more are queued.
 */
export function endOfMessage(s: Synic, sintIndex: number): { synic: Synic; delivered: SynicMessage | null; interrupt: boolean } {
  const sint = s.sints[sintIndex]!;
  const head = sint.queue[0];
  if (sint.slot !== null || !head) return { synic: withSint(s, sintIndex, { ...sint, messagePending: sint.slot !== null && sint.messagePending }), delivered: null, interrupt: false };
  const rest = sint.queue.slice(1);
  const r = raise({ ...sint, slot: head, queue: rest, messagePending: rest.length > 0 });
  return { synic: withSint(s, sintIndex, r.sint), delivered: head, interrupt: r.raised };
}

/** Masks or unmasks a SINT; unmasking with a message or a flag waiting raises its interrupt. */
export function setSintMask(s: Synic, sintIndex: number, masked: boolean): { synic: Synic; interrupt: boolean } {
  const sint = s.sints[sintIndex]!;
  if (sint.masked === masked) return { synic: s, interrupt: false };
  if (masked) return { synic: withSint(s, sintIndex, { ...sint, masked: true }), interrupt: false };
  const unmasked: Sint = { ...sint, masked: false };
  if (unmasked.slot === null && unmasked.flags.length === 0) return { synic: withSint(s, sintIndex, unmasked), interrupt: false };
  const r = raise(unmasked);
  return { synic: withSint(s, sintIndex, r.sint), interrupt: r.raised };
}
