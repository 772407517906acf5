/**
 * Phase two of synthetic interrupts: raising an interrupt for a guest,
 * deferring it while no VP of the guest is dispatched, delivering it into
 * a VP's SynIC, and the ledger, latency clocks and counts that record all of it.
 */
import { match } from 'ts-pattern';
import type { System } from '../system.js';
import type { StepContext } from '../step-context.js';
import type { PartitionId } from '../../substrate/ids.js';
import * as synic from '../../substrate/synic.js';
import type { InterruptEvent, VpTarget } from '../../../models/interrupt/machine.js';
import {
  type IrqRecord,
  type PartitionInterrupts,
  VMBUS_SINT,
  CHANNEL_EVENT_FLAG,
  CONTROL_MESSAGE,
  COUNT_CAP,
  freeId,
  newChannel,
  newPartitionInterrupts,
} from '../io-state.js';
import { sendVp } from './scheduler.js';
import { at } from '../../substrate/ids.js';

/** A VP of `pid` that is dispatched (the one on the lowest LP), if any. */
export function runningVpOf(sys: System, pid: PartitionId): VpTarget | null {
  const lp = sys.substrate.lps.find((l) => l.running?.pid === pid);
  return lp?.running ? { pid, vp: lp.running.vp } : null;
}

/** The VP that runs, or last ran, on the lowest LP that has run anything. */
export function lastRunVp(sys: System): VpTarget | null {
  for (let i = 0; i < sys.lps.length; i++) {
    const running = sys.substrate.lps[i]!.running;
    if (running) return { pid: running.pid, vp: running.vp };
    const ctx = sys.lps[i]!.context;
    if (ctx.tag !== null) return { pid: ctx.tag, vp: ctx.vp ?? 0 };
  }
  return null;
}

/** Replaces one ledger entry (or removes it with `null`). */
const setIrq = (sys: System, id: number, rec: IrqRecord | null): System => ({
  ...sys,
  interrupts: { ...sys.interrupts, irqs: rec ? sys.interrupts.irqs.map((r) => (r.id === id ? rec : r)) : sys.interrupts.irqs.filter((r) => r.id !== id) },
});

/** Replaces one partition's interrupt state. */
const setPartitionInterrupts = (sys: System, pid: PartitionId, p: PartitionInterrupts): System => ({
  ...sys,
  interrupts: { ...sys.interrupts, partitions: { ...sys.interrupts.partitions, [pid]: p } },
});

/** Replaces one VP's SynIC. */
export function setSynic(sys: System, pid: PartitionId, vp: number, s: synic.Synic): System {
  const p = at(sys.interrupts.partitions, pid)!;
  const all = p.synic.slice();
  all[vp] = s;
  return setPartitionInterrupts(sys, pid, { ...p, synic: all });
}

/** Counts one virtual interrupt raised on a VP. */
export function countVirtualInterrupt(st: StepContext, to: VpTarget): void {
  st.countKey('virtualInterrupts', `${to.pid} vp${to.vp}`);
}

/**
 * A message entered the VMBus SINT slot of `to` (a post, an EOI or an EOM
 * scanned the queue): its ledger entry is delivered, and the interrupt it
 * raised (or why none) is counted and told.
 */
export function slotFilled(st: StepContext, to: VpTarget, tag: number, interrupt: boolean, masked: boolean): void {
  const rec = st.sys.interrupts.irqs.find((x) => x.id === tag);
  if (rec && rec.stage !== 'delivered') st.sys = setIrq(st.sys, tag, { ...rec, stage: 'delivered', to });
  if (interrupt) countVirtualInterrupt(st, to);
  const why = interrupt ? 'interrupt' : masked ? 'the SINT is masked: no interrupt, and none later' : 'interrupt already raised';
  st.notes.push(`message #${tag} in SINT${VMBUS_SINT} slot of ${to.pid} vp${to.vp}, ${why}`);
}

/** Puts interrupt `id` into the SynIC of `to`, updating the ledger and its latency clock, and counting. */
function deliver(st: StepContext, id: number, to: VpTarget): void {
  const rec = st.sys.interrupts.irqs.find((r) => r.id === id);
  if (!rec) {
    st.observations.push({ kind: 'irqDelivered', irq: id, pid: null, to, wasDeferred: true });
    st.notes.push(`interrupt #${id} delivered again to ${to.pid} vp${to.vp}, though it was already handled`);
    return;
  }
  const p = at(st.sys.interrupts.partitions, to.pid);
  const target = p?.synic[to.vp];
  if (!target) {
    st.notes.push(`interrupt #${id} for ${rec.pid} has no SynIC at ${to.pid} vp${to.vp}`);
    return;
  }
  let stage: IrqRecord['stage'] = 'delivered';
  if (rec.kind === 'event') {
    const r = st.sys.world.substrateFns.signalEvent(target, VMBUS_SINT, CHANNEL_EVENT_FLAG);
    if (!r.ok) {
      if (r.status !== 'INVALID_SYNIC_STATE') throw new Error(`SignalEvent to a valid flag failed: ${r.status}`);
      // TLFS, Event Flag Delivery: a masked SINT refuses the event; nothing is set and nothing will deliver it later.
      if (st.hypercall?.name === 'SignalEvent') st.hypercall = { ...st.hypercall, status: r.status };
      st.sys = dropIrqs(st.sys, (x) => x.id !== id);
      st.notes.push(`SINT${VMBUS_SINT} of ${to.pid} vp${to.vp} is masked: the event is refused (HV_STATUS_INVALID_SYNIC_STATE)`);
      return;
    }
    st.sys = setSynic(st.sys, to.pid, to.vp, r.synic);
    if (r.interrupt) countVirtualInterrupt(st, to);
    st.notes.push(`event flag ${CHANNEL_EVENT_FLAG} of SINT${VMBUS_SINT} set on ${to.pid} vp${to.vp}${r.interrupt ? ', interrupt' : r.wasSet ? ' (already set)' : ''}`);
  } else {
    const r = st.sys.world.substrateFns.postMessage(target, VMBUS_SINT, { ...CONTROL_MESSAGE, tag: id });
    if (!r.ok) {
      st.notes.push(`message #${id} to ${to.pid} vp${to.vp} refused: ${r.status}`);
      return;
    }
    st.sys = setSynic(st.sys, to.pid, to.vp, r.synic);
    if (r.queued) {
      stage = 'queued';
      st.observations.push({ kind: 'messageQueued', pid: to.pid, vp: to.vp, sint: VMBUS_SINT });
      st.notes.push(`message #${id} queued for ${to.pid} vp${to.vp}'s SINT${VMBUS_SINT}, MessagePending${r.synic.sints[VMBUS_SINT]!.messagePending ? '' : ' not'} set`);
    }
    // The post scanned the queue: the message that entered the slot (this one, or an older one from the queue).
    if (r.delivered) slotFilled(st, to, r.delivered.tag, r.interrupt, r.synic.sints[VMBUS_SINT]!.masked);
  }
  st.observations.push({ kind: 'irqDelivered', irq: id, pid: rec.pid, to, wasDeferred: rec.wasDeferred });
  // TLFS, event flags: a flag is one bit, so an event signalled while its flag is still set coalesces into the event
  // that set it; the guest's handling of the flag answers both. Its entry goes rather than wait beside the first.
  const coalesced = rec.kind === 'event' && stage === 'delivered' && st.sys.interrupts.irqs.some((r) => r.id !== id && r.kind === 'event' && r.stage === 'delivered' && r.to?.pid === to.pid && r.to.vp === to.vp);
  st.sys = coalesced ? dropIrqs(st.sys, (r) => r.id !== id) : setIrq(st.sys, id, { ...rec, stage, to, deliveries: Math.min(COUNT_CAP, rec.deliveries + 1) });
  if (rec.wasDeferred) {
    const waited = st.sys.deferralWaits[id];
    if (waited !== undefined) {
      const { [id]: _gone, ...deferralWaits } = st.sys.deferralWaits;
      st.sys = { ...st.sys, deferralWaits };
      st.countKey('deferredWaitSteps', waited);
      st.notes.push(`interrupt #${id} waited ${waited} step${waited === 1 ? '' : 's'} deferred`);
    }
  }
}

/** Sends an event to a partition's deferral machine and interprets what it asks for. */
function sendController(st: StepContext, pid: PartitionId, event: InterruptEvent): void {
  const p = at(st.sys.interrupts.partitions, pid);
  if (!p) return;
  const adv = st.send('interrupt', st.sys.world.machines.interrupt, p.controller, event, pid);
  if (!adv.accepted) return;
  st.sys = setPartitionInterrupts(st.sys, pid, { ...at(st.sys.interrupts.partitions, pid)!, controller: adv.state });
  for (const a of adv.actions) {
    match(a)
      .with({ type: 'deliver' }, ({ params: prm }) => {
        deliver(st, prm.irq, prm.to);
      })
      .with({ type: 'deliverDeferred' }, ({ params: prm }) => {
        for (const id of prm.irqs) deliver(st, id, { pid, vp: prm.vp });
      })
      .with({ type: 'wakeHaltedVp' }, () => {
        const vps = at(st.sys.partitions, pid)?.vps ?? [];
        const i = vps.findIndex((v) => v.value === 'waiting');
        if (i >= 0 && sendVp(st, pid, i, { type: 'WAKE' })) st.notes.push(`interrupt wakes halted ${pid} vp${i}`);
      })
      .with({ type: 'countDeferred' }, ({ params: prm }) => {
        const id = prm.irq;
        const rec = st.sys.interrupts.irqs.find((r) => r.id === id);
        if (rec) st.sys = setIrq(st.sys, id, { ...rec, wasDeferred: true });
        st.count('deferredInterrupts');
        st.sys = { ...st.sys, deferralWaits: { ...st.sys.deferralWaits, [id]: 0 } };
        st.notes.push(`no VP of ${pid} is dispatched: interrupt #${id} deferred`);
      })
      .with({ type: 'defer' }, { type: 'clearDeferred' }, { type: 'holdUndelivered' }, () => {})
      .exhaustive();
  }
}

/** The root raises an interrupt for guest `pid` (a channel event or a control message); returns its ledger id. */
export function raiseInterrupt(st: StepContext, pid: PartitionId, kind: IrqRecord['kind']): number {
  const id = freeId(st.sys.interrupts.irqs);
  const rec: IrqRecord = { id, pid, kind, stage: 'pending', to: null, deliveries: 0, runningWait: 0, wasDeferred: false };
  // The ledger is kept sorted by id (a canonical state for the explorer).
  st.sys = { ...st.sys, interrupts: { ...st.sys.interrupts, irqs: [...st.sys.interrupts.irqs, rec].sort((a, b) => a.id - b.id) } };
  sendController(st, pid, { type: 'RAISE', irq: id, running: runningVpOf(st.sys, pid), lastRun: lastRunVp(st.sys) });
  return id;
}

/** A VP of `pid` was dispatched: its deferred interrupts go to it. */
export function onVpDispatched(st: StepContext, pid: PartitionId, vp: number): void {
  sendController(st, pid, { type: 'VP_DISPATCHED', vp });
}

/** Removes ledger entries that `keep` rejects, with their open latency clocks. */
export function dropIrqs(sys: System, keep: (r: IrqRecord) => boolean): System {
  const gone = sys.interrupts.irqs.filter((r) => !keep(r)).map((r) => r.id);
  if (gone.length === 0) return sys;
  const deferralWaits = { ...sys.deferralWaits };
  for (const id of gone) delete deferralWaits[id];
  return { ...sys, interrupts: { ...sys.interrupts, irqs: sys.interrupts.irqs.filter(keep) }, deferralWaits };
}

/** A partition's VPs were created: it gets a channel and a SynIC per VP. */
export function setUpPartitionIo(sys: System, pid: PartitionId, vps: number): System {
  const m = sys.world.machines;
  const fresh = newPartitionInterrupts(m.interrupt, vps);
  // Every SINT resets masked; the guest's VMBus driver unmasks its message SINT on each VP before it connects (Linux hv_synic_enable_regs).
  const enabled = { ...fresh, synic: fresh.synic.map((s) => synic.setSintMask(s, VMBUS_SINT, false)) };
  return setPartitionInterrupts({ ...sys, vmbus: { ...sys.vmbus, [pid]: newChannel(m.ringReader) } }, pid, enabled);
}

/** A partition's VPs were torn down: its channel, its in-flight I/O, its SynICs and its interrupts go. */
export function tearDownPartitionIo(sys: System, pid: PartitionId): System {
  const { [pid]: _c, ...vmbus } = sys.vmbus;
  const { [pid]: _p, ...partitions } = sys.interrupts.partitions;
  const next: System = { ...sys, vmbus, interrupts: { ...sys.interrupts, partitions } };
  return dropIrqs(next, (r) => r.pid !== pid && r.to?.pid !== pid);
}

/** End of an applied step: every still-deferred interrupt has waited one step more, and pending interrupts of a partition with a running VP age. */
export function afterInterruptStep(sys: System): System {
  let next = sys;
  const open = Object.keys(sys.deferralWaits);
  if (open.length > 0) {
    const deferralWaits: Record<number, number> = {};
    for (const id of open) deferralWaits[Number(id)] = sys.deferralWaits[Number(id)]! + 1;
    next = { ...next, deferralWaits };
  }
  if (sys.interrupts.irqs.some((r) => r.stage === 'pending' && runningVpOf(sys, r.pid))) {
    const irqs = sys.interrupts.irqs.map((r) => (r.stage === 'pending' && runningVpOf(sys, r.pid) ? { ...r, runningWait: Math.min(COUNT_CAP, r.runningWait + 1) } : r));
    next = { ...next, interrupts: { ...next.interrupts, irqs } };
  }
  return next;
}
