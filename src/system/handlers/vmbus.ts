/**
 * The I/O path of one synthetic device per child partition: the guest's
 * VSC, the channel's two rings, the root's VSP, the native device and the
 * root's ISR, and the guest's handling of its SynIC (reference §6, §7).
 * Each handler returns a reason when its op is not enabled, else null.
 */
import { match } from 'ts-pattern';
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import { advance } from '../machine-runtime.js';
import { type PartitionId, hex, at } from '../../substrate/ids.js';
import { mappedGpas } from '../../substrate/slat.js';
import * as ring from '../../substrate/vmbus-ring.js';
import * as synic from '../../substrate/synic.js';
import type { IoEvent } from '../../../models/vmbus/machine.js';
import type { ReaderEvent } from '../../../models/vmbus/reader.js';
import type { VpTarget } from '../../../models/interrupt/machine.js';
import { type Channel, type IoRecord, VMBUS_SINT, CHANNEL_EVENT_FLAG, REQUEST_PAYLOAD, COMPLETION_PAYLOAD, freeId } from '../io-state.js';
import { raiseInterrupt, setSynic, dropIrqs, slotFilled } from './interrupts.js';

const setChannel = (sys: System, pid: PartitionId, ch: Channel): System => ({ ...sys, vmbus: { ...sys.vmbus, [pid]: ch } });

/** The guest VP running on `lp`, if it belongs to an active child partition with a channel. */
export function guestOn(sys: System, lp: number): VpTarget | null {
  const r = sys.substrate.lps[lp]?.running;
  if (!r || !at(sys.vmbus, r.pid) || at(sys.partitions, r.pid)?.machine.value !== 'active') return null;
  // The LP's own record of what it runs: it is immutable, and has just these two fields.
  return r;
}

/** The channel of an active partition. */
export const activeChannel = (sys: System, pid: PartitionId): Channel | undefined =>
  at(sys.partitions, pid)?.machine.value === 'active' ? at(sys.vmbus, pid) : undefined;

/** Whether the I/O machine takes `event` in the I/O's current stage. */
export const ioTakes = (sys: System, io: IoRecord, event: IoEvent): boolean => advance(sys.world.machines.io, io.machine, event).accepted;

/** Advances one I/O's machine; interprets `unpinBuffers` by dropping the record. */
function sendIo(st: StepContext, pid: PartitionId, id: number, event: IoEvent): void {
  const ch = at(st.sys.vmbus, pid)!;
  const io = ch.ios.find((x) => x.id === id)!;
  const adv = st.send('io', st.sys.world.machines.io, io.machine, event, `${pid}.io${id}`);
  let ios = ch.ios.map((x) => (x.id === id ? { ...x, machine: adv.state } : x));
  for (const a of adv.actions) {
    match(a.type)
      .with('issueNativeIo', () => st.notes.push(`VSP issues native I/O io${id}`))
      .with('countRootIsr', () => {
        st.count('rootIsrs');
        st.notes.push(`root ISR handles io${id}'s device interrupt (phase one)`);
      })
      .with('unpinBuffers', () => {
        ios = ios.filter((x) => x.id !== id);
        st.count('iosCompleted');
        st.notes.push(`io${id} complete, buffer gpa ${io.gpas.map(hex).join(', ')} unpinned`);
      })
      .exhaustive();
  }
  st.sys = setChannel(st.sys, pid, { ...at(st.sys.vmbus, pid)!, ios });
}

/** Advances the VSP's ring reader; interprets its mask requests on the outbound ring. */
function sendReader(st: StepContext, pid: PartitionId, event: ReaderEvent): boolean {
  const ch = at(st.sys.vmbus, pid)!;
  const adv = st.send('ringReader', st.sys.world.machines.ringReader, ch.reader, event, pid);
  if (!adv.accepted) return false;
  let outbound = ch.outbound;
  for (const a of adv.actions) {
    match(a.type)
      .with('maskRing', () => (outbound = ring.setInterruptMask(outbound, true)))
      .with('unmaskRing', () => (outbound = ring.setInterruptMask(outbound, false)))
      .exhaustive();
  }
  st.sys = setChannel(st.sys, pid, { ...ch, outbound, reader: adv.state });
  return true;
}

/** Why a write to `before` did not signal, in words. */
const noSignalWhy = (before: ring.Ring): string =>
  before.interruptMask ? 'interrupt_mask set: no signal' : !ring.indicesEqual(before) ? 'ring was not empty: no signal' : 'ring was empty, mask clear, yet no signal';

/** GPAs the guest may use as I/O buffers: mapped, and not given to its Dynamic Memory balloon. */
export function ioBufferCandidates(sys: System, pid: PartitionId): number[] {
  const balloon = new Set(at(sys.dm ?? {}, pid)?.mm.balloon ?? []);
  return mappedGpas(at(sys.substrate.slat, pid) ?? {}).filter((g) => !balloon.has(g));
}

/** Guest VSC: put a request for a buffer at `gpa` on the outbound ring. */
export function submitIo(st: StepContext, lp: number, gpa: number): string | null {
  const g = guestOn(st.sys, lp);
  if (!g) return `lp${lp} runs no VP of an active partition`;
  const ch = at(st.sys.vmbus, g.pid)!;
  if (!ioBufferCandidates(st.sys, g.pid).includes(gpa)) return `${g.pid} has no usable buffer at gpa ${hex(gpa)} (unmapped, or in its balloon)`;
  if (ch.ios.length >= st.sys.world.config.maxIosInFlight) return `${g.pid} has ${st.sys.world.config.maxIosInFlight} I/Os in flight`;
  if (ch.outbound.pendingSendSz !== 0) return `${g.pid}'s VSC waits for room on its outbound ring`;
  const id = freeId(ch.ios);
  const w = st.sys.world.substrateFns.ringWrite(ch.outbound, { len: REQUEST_PAYLOAD, tag: id });
  if (w.kind === 'try-again') {
    st.sys = setChannel(st.sys, g.pid, { ...ch, outbound: ring.registerPendingSend(ch.outbound, REQUEST_PAYLOAD) });
    st.count('ringFull');
    st.observations.push({ kind: 'ringFull', pid: g.pid, ring: 'outbound' });
    st.notes.push(`outbound ring has ${w.available} bytes free, needs more than ${w.needed}: try again; ${g.pid}'s VSC waits (pending_send_sz ${w.needed})`);
    return null;
  }
  const io: IoRecord = { id, gpas: [gpa], machine: { value: 'queued', context: {} } };
  // Kept sorted by id: the order of submission is in the ring, not here (a canonical state for the explorer).
  st.sys = setChannel(st.sys, g.pid, { ...ch, outbound: w.ring, ios: [...ch.ios, io].sort((a, b) => a.id - b.id) });
  st.transitions.push({ machine: 'io', from: '(none)', event: 'SUBMIT', to: 'queued', actions: [], instance: `${g.pid}.io${id}` });
  st.notes.push(`${g.pid} vp${g.vp} VSC queues io${id} (buffer gpa ${hex(gpa)} pinned), write_index ${w.ring.writeIndex}`);
  if (w.signal) {
    st.count('ringSignals');
    st.observations.push({ kind: 'ringSignal', pid: g.pid, ring: 'outbound', by: 'writer' });
    st.call('SignalEvent', 'SUCCESS');
    sendReader(st, g.pid, { type: 'SIGNAL' });
    st.notes.push(`ring was empty: VSC signals the root's VSP`);
  } else {
    st.notes.push(noSignalWhy(ch.outbound));
  }
  return null;
}

/** Root VSP: read one request from the outbound ring and issue it. */
export function vspTakeRequest(st: StepContext, pid: PartitionId): string | null {
  const ch = activeChannel(st.sys, pid);
  if (!ch) return `${pid} has no active channel`;
  if (ch.reader.value === 'asleep') return `${pid}'s VSP sleeps (not signalled)`;
  const r = st.sys.world.substrateFns.ringRead(ch.outbound);
  if (r.kind === 'empty') return `${pid}'s outbound ring is empty`;
  if (r.kind === 'refused') {
    // The guest wrote indices the VSP cannot trust: it reads nothing, counts the refusal, and looks again when asked.
    st.count('ringIndicesRejected');
    st.notes.push(`VSP refuses ${pid}'s outbound ring: ${r.reason}; nothing is read`);
    return null;
  }
  st.observations.push({ kind: 'ringReadSpan', pid, start: r.span.start, length: r.span.length, dataSize: ch.outbound.dataSize });
  st.sys = setChannel(st.sys, pid, { ...ch, outbound: r.ring });
  sendReader(st, pid, { type: 'READ' });
  st.notes.push(`VSP reads io${r.packet.tag}, read_index ${r.ring.readIndex}`);
  if (at(st.sys.vmbus, pid)!.ios.some((x) => x.id === r.packet.tag)) sendIo(st, pid, r.packet.tag, { type: 'VSP_TAKE' });
  if (r.signalWriter) {
    st.observations.push({ kind: 'ringSignal', pid, ring: 'outbound', by: 'reader' });
    st.notes.push(`free space crosses pending_send_sz ${ch.outbound.pendingSendSz}: VSP signals ${pid}'s waiting VSC`);
    st.call('SignalEvent', 'SUCCESS');
    raiseInterrupt(st, pid, 'event');
  }
  return null;
}

/** Root VSP: stop draining (hv_end_read): clear the mask, look again. */
export function vspEndRead(st: StepContext, pid: PartitionId): string | null {
  const ch = activeChannel(st.sys, pid);
  if (!ch) return `${pid} has no active channel`;
  if (ch.reader.value !== 'draining') return `${pid}'s VSP is not draining`;
  const nonEmpty = !ring.indicesEqual(ch.outbound);
  sendReader(st, pid, { type: 'END_READ', nonEmptyAfterUnmask: nonEmpty });
  const now = at(st.sys.vmbus, pid)!.reader.value;
  st.notes.push(now === 'asleep' ? `VSP clears interrupt_mask and sleeps` : `VSP clears interrupt_mask, finds more requests and keeps draining`);
  return null;
}

/** Advances one I/O of `pid` along the root's side of the path. */
export function ioStep(st: StepContext, pid: PartitionId, id: number, event: IoEvent, what: string): string | null {
  const ch = activeChannel(st.sys, pid);
  const io = ch?.ios.find((x) => x.id === id);
  if (!io || !ioTakes(st.sys, io, event)) return `${pid} has no io${id} ready for ${what}`;
  sendIo(st, pid, id, event);
  if (event.type === 'DEVICE_COMPLETE') st.notes.push(`device completes io${id}: interrupt at the root`);
  return null;
}

/** Root VSP, phase two: write io's completion to the inbound ring and signal the guest if the ring rule says so. */
export function vspSignal(st: StepContext, pid: PartitionId, id: number): string | null {
  const ch = activeChannel(st.sys, pid);
  const io = ch?.ios.find((x) => x.id === id);
  if (!ch || !io || !ioTakes(st.sys, io, { type: 'COMPLETION_WRITTEN' })) return `${pid} has no io${id} past the root ISR`;
  if (ch.inbound.pendingSendSz !== 0) return `${pid}'s VSP waits for room on the inbound ring`;
  const w = st.sys.world.substrateFns.ringWrite(ch.inbound, { len: COMPLETION_PAYLOAD, tag: id });
  if (w.kind === 'try-again') {
    st.sys = setChannel(st.sys, pid, { ...ch, inbound: ring.registerPendingSend(ch.inbound, COMPLETION_PAYLOAD) });
    st.count('ringFull');
    st.observations.push({ kind: 'ringFull', pid, ring: 'inbound' });
    st.notes.push(`inbound ring has ${w.available} bytes free, needs more than ${w.needed}: try again; the VSP waits (pending_send_sz ${w.needed})`);
    return null;
  }
  st.sys = setChannel(st.sys, pid, { ...ch, inbound: w.ring });
  sendIo(st, pid, id, { type: 'COMPLETION_WRITTEN' });
  st.notes.push(`VSP writes io${id}'s completion, write_index ${w.ring.writeIndex}`);
  if (w.signal) {
    st.count('ringSignals');
    st.observations.push({ kind: 'ringSignal', pid, ring: 'inbound', by: 'writer' });
    st.call('SignalEvent', 'SUCCESS');
    raiseInterrupt(st, pid, 'event');
  } else {
    st.notes.push(noSignalWhy(ch.inbound));
  }
  return null;
}

/** Root: post a VMBus control message to the guest. */
export function vspPostMessage(st: StepContext, pid: PartitionId): string | null {
  if (!activeChannel(st.sys, pid)) return `${pid} has no active channel`;
  const outstanding = st.sys.interrupts.irqs.filter((r) => r.pid === pid && r.kind === 'message').length;
  if (outstanding >= st.sys.world.config.maxMessagesOutstanding) return `${pid} has ${st.sys.world.config.maxMessagesOutstanding} messages outstanding`;
  st.call('PostMessage', 'SUCCESS');
  const id = raiseInterrupt(st, pid, 'message');
  st.notes.unshift(`root posts message #${id} to ${pid} SINT${VMBUS_SINT}`);
  return null;
}

/** The guest's SynIC of the VP on `lp`, if that VP belongs to an active partition with a channel. */
function guestSynic(sys: System, lp: number): { g: VpTarget; s: synic.Synic } | null {
  const g = guestOn(sys, lp);
  return g ? { g, s: at(sys.interrupts.partitions, g.pid)!.synic[g.vp]! } : null;
}

/** The guest reads and empties its VMBus SINT slot, if full; the message is handled (its ledger entry goes). Returns whether MessagePending was set. */
function readSlot(st: StepContext, g: VpTarget, s0: synic.Synic): { synic: synic.Synic; pending: boolean } {
  const m = synic.takeMessage(s0, VMBUS_SINT);
  if (m.message) {
    st.sys = dropIrqs(st.sys, (r) => r.id !== m.message!.tag);
    st.notes.push(`${g.pid} vp${g.vp} reads message #${m.message.tag}${m.messagePending ? ', sees MessagePending' : ''}`);
  }
  return { synic: m.synic, pending: m.message !== null && m.messagePending };
}

/**
 * Guest: the VP on `lp` takes the interrupt raised on its VMBus SINT (Linux
 * vmbus_isr): it copies and empties the message slot and clears the event
 * flags (the channel callback runs). The interrupt stays in service until
 * the guest's EOI (a separate op).
 */
export function guestHandle(st: StepContext, lp: number): string | null {
  const gs = guestSynic(st.sys, lp);
  if (!gs) return `lp${lp} runs no VP of an active partition`;
  const { g, s: s0 } = gs;
  const sint = s0.sints[VMBUS_SINT]!;
  if (!sint.asserted) return `${g.pid} vp${g.vp} has no interrupt on SINT${VMBUS_SINT}`;
  if (sint.inService) return `${g.pid} vp${g.vp}'s SINT${VMBUS_SINT} interrupt is in service until its EOI`;
  const m = readSlot(st, g, synic.takeInterrupt(s0, VMBUS_SINT));
  const f = synic.takeFlags(m.synic, VMBUS_SINT);
  st.sys = setSynic(st.sys, g.pid, g.vp, f.synic);
  if (f.flags.includes(CHANNEL_EVENT_FLAG)) {
    st.sys = dropIrqs(st.sys, (r) => !(r.kind === 'event' && r.stage === 'delivered' && r.to?.pid === g.pid && r.to.vp === g.vp));
    channelCallback(st, g.pid);
  }
  st.notes.push(`${g.pid} vp${g.vp} takes the SINT${VMBUS_SINT} interrupt (in service until EOI)`);
  return null;
}

/** Applies a scan of the VMBus SINT's queue (after an EOI or an EOM) to the ledger and the counts. */
function applyDelivery(st: StepContext, g: VpTarget, d: synic.Delivery): void {
  st.sys = setSynic(st.sys, g.pid, g.vp, d.synic);
  if (d.delivered) slotFilled(st, g, d.delivered.tag, d.interrupt, d.synic.sints[VMBUS_SINT]!.masked);
}

/** Guest: EOI for the VMBus SINT interrupt in service; the hypervisor scans the SINT's queue (TLFS: a post, an EOI and an EOM each scan). */
export function guestEoi(st: StepContext, lp: number): string | null {
  const gs = guestSynic(st.sys, lp);
  if (!gs) return `lp${lp} runs no VP of an active partition`;
  if (!gs.s.sints[VMBUS_SINT]!.inService) return `${gs.g.pid} vp${gs.g.vp} has no SINT${VMBUS_SINT} interrupt in service`;
  st.notes.push(`${gs.g.pid} vp${gs.g.vp} writes EOI`);
  applyDelivery(st, gs.g, st.sys.world.substrateFns.eoi(gs.s, VMBUS_SINT));
  return null;
}

/** The guest VSC's channel callback: drain the completions, wake a waiting VSP, resume a waiting VSC. */
function channelCallback(st: StepContext, pid: PartitionId): void {
  const ch = at(st.sys.vmbus, pid)!;
  const d = ring.ringDrain(ch.inbound, st.sys.world.substrateFns.ringRead);
  let inbound = d.ring;
  if (d.signalWriter) {
    // The signal reaches the root's VSP at once: the root always runs in this model.
    st.observations.push({ kind: 'ringSignal', pid, ring: 'inbound', by: 'reader' });
    st.call('SignalEvent', 'SUCCESS');
    st.notes.push(`free space crosses pending_send_sz ${inbound.pendingSendSz}: VSC signals the waiting VSP`);
    inbound = ring.clearPendingSend(inbound);
  }
  let outbound = ch.outbound;
  if (ring.writerHasRoom(outbound)) {
    st.notes.push(`VSC finds room on the outbound ring and resumes`);
    outbound = ring.clearPendingSend(outbound);
  }
  st.sys = setChannel(st.sys, pid, { ...ch, inbound, outbound });
  st.notes.push(`${pid} VSC reads ${d.packets.length} completion${d.packets.length === 1 ? '' : 's'}`);
  for (const p of d.packets) if (at(st.sys.vmbus, pid)!.ios.some((x) => x.id === p.tag)) sendIo(st, pid, p.tag, { type: 'COMPLETION_READ' });
}

/** Guest: EOM on the VMBus SINT after emptying a slot that had MessagePending (Linux vmbus_signal_eom); the hypervisor scans the queue. */
export function guestEom(st: StepContext, lp: number): string | null {
  const gs = guestSynic(st.sys, lp);
  if (!gs) return `lp${lp} runs no VP of an active partition`;
  const { g, s: s0 } = gs;
  const sint = s0.sints[VMBUS_SINT]!;
  if (sint.slot !== null || !sint.messagePending) return `${g.pid} vp${g.vp}'s SINT${VMBUS_SINT} slot is full or has no MessagePending`;
  st.notes.push(`${g.pid} vp${g.vp} writes EOM`);
  applyDelivery(st, g, synic.endOfMessage(s0, VMBUS_SINT));
  return null;
}

/**
 * Guest: mask or unmask one of its SINTs (a write to its SINTx register).
 * Unmasking raises nothing (TLFS: what arrived while masked raised an
 * interrupt that is lost), so a guest that unmasks its VMBus SINT then
 * looks for itself, once: it reads a message left in the slot (and EOMs if
 * MessagePending is set, as vmbus_signal_eom does) and runs its channel
 * callback if completions wait on the inbound ring or its VSC waits for
 * room that has since been made.
 */
export function setMask(st: StepContext, lp: number, sint: number, masked: boolean): string | null {
  const gs = guestSynic(st.sys, lp);
  if (!gs) return `lp${lp} runs no VP of an active partition`;
  const { g, s: s0 } = gs;
  if (s0.sints[sint]!.masked === masked) return `SINT${sint} of ${g.pid} vp${g.vp} is already ${masked ? 'masked' : 'unmasked'}`;
  st.sys = setSynic(st.sys, g.pid, g.vp, synic.setSintMask(s0, sint, masked));
  st.notes.push(`${g.pid} vp${g.vp} ${masked ? 'masks' : 'unmasks'} SINT${sint}${masked ? '' : ': no interrupt is raised for what arrived while it was masked'}`);
  if (masked || sint !== VMBUS_SINT) return null;
  const m = readSlot(st, g, at(st.sys.interrupts.partitions, g.pid)!.synic[g.vp]!);
  st.sys = setSynic(st.sys, g.pid, g.vp, m.synic);
  if (m.pending) {
    st.notes.push(`${g.pid} vp${g.vp} writes EOM`);
    applyDelivery(st, g, synic.endOfMessage(m.synic, VMBUS_SINT));
  }
  // Completions wait on the inbound ring, or the VSC waits for room that a read made while the SINT was masked (its signal was lost).
  const ch = at(st.sys.vmbus, g.pid)!;
  if (ch.inbound.packets.length > 0 || ring.writerHasRoom(ch.outbound)) channelCallback(st, g.pid);
  return null;
}
