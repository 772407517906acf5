/**
 * The synthetic I/O and interrupt state of a System: one VMBus channel per
 * active child partition (one synthetic device), the deferral machine and
 * per-VP SynICs of each partition, and a ledger of the interrupts raised
 * and not yet handled.
 *
 * The ledger is what properties judge the mechanism against: it records
 * where each interrupt is (pending, queued behind a full message slot, or
 * delivered to a VP), how often it was delivered, and for how many steps
 * it stayed pending while one of its partition's VPs ran. All values are
 * bounded (ids are reused, counts capped), so the explorer's state space
 * stays finite.
 */
import { type PartitionId, at } from '../substrate/ids.js';
import { type Ring, emptyRing } from '../substrate/vmbus-ring.js';
import { type Synic, emptySynic } from '../substrate/synic.js';
import { type MachineState, initialState } from './machine-runtime.js';
import type { IoContext } from '../../models/vmbus/machine.js';
import type { ReaderContext, readerMachine } from '../../models/vmbus/reader.js';
import type { InterruptContext, VpTarget, interruptMachine } from '../../models/interrupt/machine.js';

/** The SINT VMBus uses for its messages and channel events (Linux VMBUS_MESSAGE_SINT). */
export const VMBUS_SINT = 2;

/** The event flag of the channel (its relid). */
export const CHANNEL_EVENT_FLAG = 1;

/**
 * Data area of the outbound (request) ring, in bytes: two 32-byte packets'
 * worth, of which one fits (the second would fill it completely). Rings of
 * a channel are sized per direction, as VMBus drivers size them; these are
 * small so that rings fill in short runs, and multiples of the packet size
 * so that the indices take few values and the state space stays small.
 */
export const OUTBOUND_RING_BYTES = 64;

/** Data area of the inbound (completion) ring: three 32-byte packets' worth, of which two fit. */
export const INBOUND_RING_BYTES = 96;

/** Payload of a request packet: padded to 24, 32 bytes with its trailer. */
export const REQUEST_PAYLOAD = 20;

/** Payload of a completion packet: 32 bytes with its trailer. */
export const COMPLETION_PAYLOAD = 24;


/** The control message the root posts (VMBus channel message, type 1). */
export const CONTROL_MESSAGE = { type: 1, payloadBytes: 24 } as const;

/** Cap of the per-interrupt counters kept in the state. */
export const COUNT_CAP = 2;

/**
 * `no-interrupt-lost` bound: a pending interrupt is delivered in the very
 * step that finds one of its partition's VPs dispatched, so it may stay
 * pending for this many steps that end with such a VP running.
 */
export const DELIVERY_BOUND_STEPS = 0;

/** One in-flight I/O of a channel. */
export interface IoRecord {
  readonly id: number;
  /** The guest buffer's GPA list, pinned for the root's DMA until completion. */
  readonly gpas: readonly number[];
  readonly machine: MachineState<IoContext>;
}

/** A VMBus channel of one synthetic device. */
export interface Channel {
  /** Guest VSC -> root VSP (requests). */
  readonly outbound: Ring;
  /** Root VSP -> guest VSC (completions). */
  readonly inbound: Ring;
  /** The VSP reading the outbound ring. */
  readonly reader: MachineState<ReaderContext>;
  readonly ios: readonly IoRecord[];
}

/** The ledger entry of one interrupt the root raised for a guest. */
export interface IrqRecord {
  readonly id: number;
  readonly pid: PartitionId;
  /** `event`: a channel signal (SignalEvent); `message`: a posted control message. */
  readonly kind: 'event' | 'message';
  readonly stage: 'pending' | 'queued' | 'delivered';
  /** The VP whose SynIC holds it (queued or delivered). */
  readonly to: VpTarget | null;
  /** How often it was put into a SynIC (capped). */
  readonly deliveries: number;
  /** Steps it ended pending while a VP of its partition ran (capped). */
  readonly runningWait: number;
  /** It was deferred before it was delivered. */
  readonly wasDeferred: boolean;
}

/** The interrupt state of one child partition. */
export interface PartitionInterrupts {
  readonly controller: MachineState<InterruptContext>;
  /** One SynIC per VP. */
  readonly synic: readonly Synic[];
}

/** The interrupt state of the host. */
export interface InterruptState {
  readonly partitions: Readonly<Record<PartitionId, PartitionInterrupts>>;
  readonly irqs: readonly IrqRecord[];
}

/** No channels. */
export const noChannels = (): Readonly<Record<PartitionId, Channel>> => ({});

/** No interrupt state. */
export const noInterrupts = (): InterruptState => ({ partitions: {}, irqs: [] });

/** A fresh channel with empty rings. */
export const newChannel = (reader: typeof readerMachine): Channel => ({
  outbound: emptyRing(OUTBOUND_RING_BYTES),
  inbound: emptyRing(INBOUND_RING_BYTES),
  reader: initialState(reader),
  ios: [],
});

/** Fresh interrupt state for a partition with `vps` VPs. */
export const newPartitionInterrupts = (controller: typeof interruptMachine, vps: number): PartitionInterrupts => ({
  controller: initialState(controller),
  synic: Array.from({ length: vps }, () => emptySynic()),
});

/** The lowest id not in use. */
export function freeId(used: readonly { id: number }[]): number {
  const ids = new Set(used.map((u) => u.id));
  let i = 0;
  while (ids.has(i)) i++;
  return i;
}

/** GPAs pinned by in-flight I/Os of `pid`. */
export const pinnedGpas = (channels: Readonly<Record<PartitionId, Channel>>, pid: PartitionId): number[] =>
  (at(channels, pid)?.ios ?? []).flatMap((io) => [...io.gpas]);
