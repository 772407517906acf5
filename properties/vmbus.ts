/**
 * What the VMBus rings and the synthetic I/O path claim (models/vmbus;
 * reference §7): a ring never fills completely, so a writer never
 * overwrites what the reader has not read; equal indices mean an empty
 * ring; no reader or waiting writer sleeps without a signal, a writer
 * signals only when the ring becomes non-empty, and a reader wakes a waiting
 * writer once per crossing of its pending_send_sz; and the GPAs
 * of an I/O's buffer stay mapped until the guest has read its completion;
 * and the root's reader stays in the data area whatever indices a hostile
 * guest writes.
 * Its `sometimes` goal: a ring fills and its writer waits.
 */
import type { Invariant, Goal, LastStep } from './property.js';
import type { Observation } from '../src/system/outcome.js';
import type { System } from '../src/system/system.js';
import type { Config } from '../src/system/config.js';
import { hex, at } from '../src/substrate/ids.js';
import { type Ring, storedBytes, indicesEqual, bytesToWrite } from '../src/substrate/vmbus-ring.js';
import { lookupSlat } from '../src/substrate/slat.js';
import { VMBUS_SINT } from '../src/system/io-state.js';

/** Whether `pid` is configured as a hostile guest, whose own side of its rings keeps no discipline. */
const hostileGuest = (s: System, pid: string): boolean => s.world.config.partitions.some((p) => p.id === pid && p.hostile === true);

/**
 * Every ring of every channel, named; a hostile guest's channel is left out:
 * these claims are the discipline of honest writers and readers, which a
 * hostile guest does not keep (what the host claims against it is
 * `ring-reader-stays-in-data-area`).
 */
function* rings(s: System): Generator<{ name: string; pid: string; dir: 'outbound' | 'inbound'; ring: Ring }> {
  for (const pid in s.vmbus) {
    const ch = s.vmbus[pid]!;
    if (hostileGuest(s, pid)) continue;
    yield { name: `${pid}'s outbound ring`, pid, dir: 'outbound', ring: ch.outbound };
    yield { name: `${pid}'s inbound ring`, pid, dir: 'inbound', ring: ch.inbound };
  }
}

/** Whether the guest `pid` has masked its VMBus SINT on some VP. */
const guestMasked = (s: System, pid: string): boolean => (at(s.interrupts.partitions, pid)?.synic ?? []).some((v) => v.sints[VMBUS_SINT]!.masked);

/** The ring never holds a full data area. */
export const ringNeverOverflows: Invariant = {
  kind: 'always',
  name: 'ring-never-overflows',
  reads: ['vmbus'],
  description: "The unread packets of a VMBus ring (padded payloads plus trailers) always take strictly less than its data area, so a writer never overwrites what the reader has not read.",
  check: (s) => {
    for (const r of rings(s)) {
      const stored = storedBytes(r.ring);
      if (stored >= r.ring.dataSize) return `${r.name} holds ${stored} bytes of unread packets in a ${r.ring.dataSize}-byte data area`;
    }
    return null;
  },
};

/** Equal indices mean empty. */
export const ringEmptyIffIndicesEqual: Invariant = {
  kind: 'always',
  name: 'ring-empty-iff-indices-equal',
  reads: ['vmbus'],
  description: 'A VMBus ring holds no unread packet exactly when read_index equals write_index, and the indices account for exactly the bytes of the unread packets.',
  check: (s) => {
    for (const r of rings(s)) {
      const n = r.ring.packets.length;
      const eq = indicesEqual(r.ring);
      if (eq && n > 0) return `${r.name} has read_index = write_index = ${r.ring.readIndex} but ${n} unread packet${n === 1 ? '' : 's'}`;
      if (!eq && n === 0) return `${r.name} is empty but read_index ${r.ring.readIndex} != write_index ${r.ring.writeIndex}`;
      const byIndex = r.ring.dataSize - bytesToWrite(r.ring);
      if (n > 0 && byIndex !== storedBytes(r.ring)) return `${r.name}'s indices (read ${r.ring.readIndex}, write ${r.ring.writeIndex}) span ${byIndex} bytes but its packets take ${storedBytes(r.ring)}`;
    }
    return null;
  },
};

/** Readers and waiting writers are never left asleep without a signal. */
export const noMissedRingSignal: Invariant = {
  kind: 'always',
  name: 'no-missed-ring-signal',
  reads: ['vmbus', 'interrupts'],
  description: "A ring reader never sleeps on a non-empty ring it was not signalled for, and a writer waiting for room is signalled once there is room (free space strictly above the pending_send_sz it published); a guest that masked its VMBus SINT is not signalled (SignalEvent to a masked SINT fails) and looks at its rings when it unmasks.",
  check: (s) => {
    for (const pid in s.vmbus) {
      const ch = s.vmbus[pid]!;
      // A hostile guest writes its indices as it likes: what it hides from the reader is its own loss.
      if (hostileGuest(s, pid)) continue;
      if (ch.outbound.packets.length > 0 && ch.reader.value === 'asleep') return `${pid}'s VSP sleeps, unsignalled, on an outbound ring with ${ch.outbound.packets.length} unread request${ch.outbound.packets.length === 1 ? '' : 's'}`;
      // A guest that masked its VMBus SINT gets no signal (TLFS: SignalEvent to a masked SINT fails); it looks at its rings when it unmasks.
      const guestSignalled = s.interrupts.irqs.some((r) => r.pid === pid && r.kind === 'event') || guestMasked(s, pid);
      if (ch.inbound.packets.length > 0 && !guestSignalled) return `${pid}'s VSC sleeps on an inbound ring with ${ch.inbound.packets.length} unread completion${ch.inbound.packets.length === 1 ? '' : 's'} and no signal outstanding`;
      if (ch.outbound.pendingSendSz !== 0 && bytesToWrite(ch.outbound) > ch.outbound.pendingSendSz && !guestSignalled)
        return `${pid}'s VSC waits for more than ${ch.outbound.pendingSendSz} free bytes on its outbound ring; ${bytesToWrite(ch.outbound)} are free and nobody signalled it`;
      if (ch.inbound.pendingSendSz !== 0 && bytesToWrite(ch.inbound) > ch.inbound.pendingSendSz)
        return `${pid}'s VSP waits for more than ${ch.inbound.pendingSendSz} free bytes on the inbound ring; ${bytesToWrite(ch.inbound)} are free and nobody signalled it`;
    }
    return null;
  },
};

/** The rings of `pid` before the step, by direction. */
const ringBefore = (last: LastStep, pid: string, dir: 'outbound' | 'inbound'): Ring | undefined => at(last.before.vmbus, pid)?.[dir];

const signals = (last: LastStep, by: 'writer' | 'reader') => last.outcome.observations.filter((o) => o.kind === 'ringSignal' && o.by === by) as Extract<Observation, { kind: 'ringSignal' }>[];

/** No spurious ring signal from a writer. */
export const ringWriterSignalsOnlyWhenRingBecomesNonEmpty: Invariant = {
  kind: 'always',
  name: 'ring-writer-signals-only-when-ring-becomes-non-empty',
  description:
    'A VMBus ring writer signals its reader only for a write that takes the ring from empty to non-empty with interrupt_mask clear (Linux hv_signal_on_write): a signal on any other write is a spurious interrupt, which a real host treats as an interrupt storm.',
  readsStep: true,
  reads: [],
  check: (_s, last) => {
    if (!last) return null;
    for (const o of signals(last, 'writer')) {
      const r = ringBefore(last, o.pid, o.ring);
      if (!r) continue;
      if (r.interruptMask) return `${o.pid}'s ${o.ring} ring writer signalled although the reader had set interrupt_mask (it is draining)`;
      if (!indicesEqual(r)) return `${o.pid}'s ${o.ring} ring writer signalled for a write to a ring that already held ${r.packets.length} unread packet${r.packets.length === 1 ? '' : 's'}`;
    }
    return null;
  },
};

/** A waiting writer is woken once per crossing of its need. */
export const readerWakesWaitingWriterOncePerCrossing: Invariant = {
  kind: 'always',
  name: 'reader-wakes-waiting-writer-once-per-crossing',
  description:
    "A VMBus ring reader wakes the writer waiting for room exactly once for a read batch that takes the free space from at most the writer's pending_send_sz to strictly more (Linux hv_pkt_iter_close), and never otherwise: not with no writer waiting, not for a batch that started with room already, not for one that ends short.",
  readsStep: true,
  reads: [],
  check: (s, last) => {
    // A step that leaves every ring as it was wakes nobody (or says it did: the signal is judged below).
    if (!last) return null;
    const woken = signals(last, 'reader');
    if (woken.length === 0 && s.vmbus === last.before.vmbus) return null;
    for (const pid in s.vmbus) {
      const ch = s.vmbus[pid]!;
      // A hostile guest's indices move the free space without a read.
      if (hostileGuest(s, pid)) continue;
      for (const dir of ['outbound', 'inbound'] as const) {
        const r = ringBefore(last, pid, dir);
        if (!r) continue;
        const need = r.pendingSendSz;
        const freeBefore = bytesToWrite(r);
        const freeAfter = bytesToWrite(ch[dir]);
        const crossed = need !== 0 && freeBefore <= need && freeAfter > need;
        const n = woken.filter((o) => o.pid === pid && o.ring === dir).length;
        const where = `${pid}'s ${dir} ring reader`;
        if (n > 1) return `${where} woke the waiting writer ${n} times in one read batch`;
        if (n === 1 && !crossed)
          return need === 0
            ? `${where} signalled a writer, but none waits (pending_send_sz 0)`
            : `${where} woke the writer waiting for more than ${need} free bytes, though the free space went from ${freeBefore} to ${freeAfter} bytes: no crossing`;
        if (n === 0 && crossed) return `${where} took the free space from ${freeBefore} to ${freeAfter} bytes, past the waiting writer's ${need}, without waking it`;
      }
    }
    return null;
  },
};

/** DMA buffers stay mapped. */
export const ioBuffersStayMapped: Invariant = {
  kind: 'always',
  name: 'io-buffers-stay-mapped-until-completion',
  reads: ['vmbus', 'slat'],
  description: "Every GPA of an in-flight synthetic I/O's buffer stays mapped in its partition's SLAT until the guest has read the completion.",
  check: (s) => {
    for (const pid in s.vmbus) {
      const ch = s.vmbus[pid]!;
      for (const io of ch.ios) {
        const gone = io.gpas.find((g) => !lookupSlat(at(s.substrate.slat, pid) ?? {}, g));
        if (gone !== undefined) return `${pid}'s io${io.id} is ${io.machine.value} but its buffer gpa ${hex(gone)} is no longer mapped: the device's DMA has nowhere safe to go`;
      }
    }
    return null;
  },
};

/** The host's ring reader stays in the data area, whatever the guest writes into the indices. */
export const ringReaderStaysInDataArea: Invariant = {
  kind: 'always',
  name: 'ring-reader-stays-in-data-area',
  readsStep: true,
  // It reads the step (and the state before it) only.
  reads: [],
  description:
    "Every copy the root's VSP makes from a guest's outbound ring starts inside the data area and is shorter than it (a ring never holds a full data area), whatever values the guest wrote into the indices it controls: no read runs past the ring into other memory.",
  check: (_s, last) => {
    for (const o of last?.outcome.observations ?? []) {
      if (o.kind !== 'ringReadSpan') continue;
      if (o.start < 0 || o.start >= o.dataSize) return `the VSP reads ${o.pid}'s outbound ring from offset ${o.start}, outside its ${o.dataSize}-byte data area`;
      if (o.length <= 0 || o.length >= o.dataSize) return `the VSP copies ${o.length} bytes from ${o.pid}'s outbound ring at offset ${o.start}: the ${o.dataSize}-byte data area never holds that many, so the copy runs past the ring`;
    }
    return null;
  },
};

/** The VMBus invariants. */
export const vmbusInvariants: readonly Invariant[] = [
  ringNeverOverflows,
  ringEmptyIffIndicesEqual,
  noMissedRingSignal,
  ioBuffersStayMapped,
  ringWriterSignalsOnlyWhenRingBecomesNonEmpty,
  readerWakesWaitingWriterOncePerCrossing,
  ringReaderStaysInDataArea,
];

/** Configurations where a VMBus ring can fill: I/O on, and more than one I/O in flight (one request fits the outbound ring). */
const ringCanFill = (c: Config): boolean => c.partitions.length > 0 && c.maxIosInFlight > 1;

/** A ring filled up and its writer waits. */
export const ringFullWriterWaits: Goal = {
  kind: 'sometimes',
  appliesTo: ringCanFill,
  name: 'ring-full-writer-waits',
  description: 'A VMBus write gets "try again" and the writer waits with pending_send_sz set.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'ringFull') ?? false,
};

/** The VMBus goals. */
export const vmbusGoals: readonly Goal[] = [ringFullWriterWaits];
