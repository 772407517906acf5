/**
 * What synthetic interrupts and the SynIC claim (models/interrupt;
 * reference §6): deferral never loses, duplicates or misroutes an
 * interrupt, and keeps one only while no VP of its partition is
 * dispatched; a SINT slot holds one message, with MessagePending set while
 * others wait behind it, and messages reach the slot in the order they were
 * posted, and waits only behind a full slot (a post, an EOI and an EOM
 * scan the queue); an interrupt is raised only by a delivery to an unmasked
 * SINT. Its `sometimes` goals: an interrupt is deferred and then
 * delivered, and a full slot overflows into MessagePending.
 */
import { type Invariant, type Goal, splitInvariant } from './property.js';
import type { System } from '../src/system/system.js';
import type { Config } from '../src/system/config.js';
import { at } from '../src/substrate/ids.js';
import { type IrqRecord, DELIVERY_BOUND_STEPS, VMBUS_SINT } from '../src/system/io-state.js';

const describeIrq = (r: IrqRecord): string => `interrupt #${r.id} (${r.kind === 'event' ? 'channel event' : 'control message'} for ${r.pid})`;

/** Whether any VP of `pid` is dispatched. */
const anyVpRunning = (s: System, pid: string): boolean => s.substrate.lps.some((l) => l.running?.pid === pid);

/** Bounded liveness of deferral. */
export const noInterruptLost: Invariant = {
  kind: 'always',
  name: 'no-interrupt-lost',
  reads: ['interrupts'],
  description: `Every interrupt the root raises for a guest reaches the SynIC of one of its VPs once one runs: bound ${DELIVERY_BOUND_STEPS} steps, i.e. in the very step that raises it with a VP running or dispatches one of its VPs (checked over a capped per-interrupt count of steps that ended with it pending while a VP of its partition ran).`,
  check: (s) => {
    const late = s.interrupts.irqs.find((r) => r.stage === 'pending' && r.runningWait > DELIVERY_BOUND_STEPS);
    return late ? `${describeIrq(late)} is still undelivered although a VP of ${late.pid} has been running for ${late.runningWait} step${late.runningWait === 1 ? '' : 's'}${late.wasDeferred ? ' (it was deferred and then lost)' : ''}` : null;
  },
};

/** Each interrupt is put into a SynIC once. */
export const noInterruptDeliveredTwice: Invariant = splitInvariant({
  kind: 'always',
  name: 'no-interrupt-delivered-twice',
  reads: ['interrupts'],
  description: 'Each interrupt the root raises is put into a VP\'s SynIC exactly once, never again after it was delivered or handled.',
  stepFirst: true,
  step: (_s, last) => {
    const again = last.outcome.observations.find((o) => o.kind === 'irqDelivered' && o.pid === null);
    return again && again.kind === 'irqDelivered' ? `interrupt #${again.irq} is delivered to ${again.to.pid} vp${again.to.vp} again, after the guest already handled it` : null;
  },
  state: (s) => {
    const twice = s.interrupts.irqs.find((r) => r.deliveries > 1);
    return twice ? `${describeIrq(twice)} was delivered twice (last to ${twice.to?.pid} vp${twice.to?.vp})` : null;
  },});

/** Deliveries go to a dispatched VP of the right partition. */
export const deliveredOnlyToRunningVp: Invariant = {
  kind: 'always',
  name: 'interrupt-delivered-only-to-running-vp-of-its-partition',
  reads: [],
  description: 'An interrupt is delivered only to a VP of the partition it was raised for, and only while that VP is dispatched.',
  readsStep: true,
  check: (s, last) => {
    for (const o of last?.outcome.observations ?? []) {
      if (o.kind !== 'irqDelivered' || o.pid === null) continue;
      if (o.to.pid !== o.pid) return `interrupt #${o.irq} raised for ${o.pid} is delivered to ${o.to.pid} vp${o.to.vp}, a VP of another partition`;
      const running = s.substrate.lps.some((l) => l.running?.pid === o.to.pid && l.running.vp === o.to.vp);
      if (!running) return `interrupt #${o.irq} is delivered to ${o.to.pid} vp${o.to.vp}, which is not dispatched`;
    }
    return null;
  },
};

/** Deferral only when needed. */
export const deferredOnlyWhileNoVpDispatched: Invariant = {
  kind: 'always',
  name: 'deferred-only-while-no-vp-dispatched',
  reads: ['interrupts', 'tlbs'],
  description: "A partition's interrupts are pending (deferred) only while none of its VPs is dispatched.",
  check: (s) => {
    for (const pid in s.interrupts.partitions) {
      const p = s.interrupts.partitions[pid]!;
      if (p.controller.value === 'deferring' && anyVpRunning(s, pid)) {
        const vp = s.substrate.lps.find((l) => l.running?.pid === pid)!.running!.vp;
        return `${pid} vp${vp} is dispatched but ${pid}'s interrupts #${p.controller.context.deferred.join(', #')} remain deferred`;
      }
    }
    return null;
  },
};

/** One message per slot; queued ones are flagged. */
export const synicSlotHoldsOneMessage: Invariant = {
  kind: 'always',
  name: 'synic-slot-holds-one-message',
  reads: ['interrupts'],
  description: 'A SINT message slot holds at most one message, and while messages wait behind it MessagePending is set, so the guest\'s EOM will fetch them.',
  check: (s) => {
    for (const pid in s.interrupts.partitions) {
      const p = s.interrupts.partitions[pid]!;
      for (let vp = 0; vp < p.synic.length; vp++) {
        for (let i = 0; i < p.synic[vp]!.sints.length; i++) {
          const sint = p.synic[vp]!.sints[i]!;
          if (sint.queue.length > 0 && !sint.messagePending)
            return `${pid} vp${vp} SINT${i}: ${sint.queue.length} message${sint.queue.length === 1 ? '' : 's'} wait${sint.queue.length === 1 ? 's' : ''} behind the slot but MessagePending is clear; the guest will never EOM`;
        }
        const inSlot = s.interrupts.irqs.filter((r) => r.kind === 'message' && r.stage === 'delivered' && r.to?.pid === pid && r.to.vp === vp);
        if (inSlot.length > 1) return `${pid} vp${vp} SINT${VMBUS_SINT}'s slot was given messages #${inSlot.map((r) => r.id).join(' and #')} before the guest read the first`;
      }
    }
    return null;
  },
};

/** Messages on one SINT keep their order. */
export const synicMessagesInOrder: Invariant = {
  kind: 'always',
  name: 'synic-messages-arrive-in-order',
  reads: [],
  description:
    "Messages posted to one SINT reach its slot in the order they were posted: a message enters the slot only when none waits in the SINT's queue or it is the queue's head (fetched by the guest's EOM), and queued messages never change places.",
  readsStep: true,
  check: (s, last) => {
    // A step that leaves every SynIC as it was moves no message.
    if (!last || s.interrupts.partitions === last.before.interrupts.partitions) return null;
    for (const pid in s.interrupts.partitions) {
      const p = s.interrupts.partitions[pid]!;
      const before = at(last.before.interrupts.partitions, pid);
      if (!before) continue;
      for (let vp = 0; vp < p.synic.length; vp++) {
        const was = before.synic[vp]?.sints;
        if (!was) continue;
        const sints = p.synic[vp]!.sints;
        for (let i = 0; i < sints.length; i++) {
          const now = sints[i]!;
          const then = was[i]!;
          if (now === then) continue;
          const head = then.queue[0];
          const fetched = now.slot !== null && now.slot !== then.slot && head !== undefined && now.slot === head;
          if (now.slot !== null && now.slot !== then.slot && head !== undefined && !fetched)
            return `${pid} vp${vp} SINT${i}: a newer message (#${now.slot.tag}; ids are reused once handled) went into the slot while #${head.tag}, posted before it, waited in the queue`;
          const kept = fetched ? then.queue.slice(1) : then.queue;
          if (kept.some((m, j) => now.queue[j] !== m)) return `${pid} vp${vp} SINT${i}: the queued messages changed order, from #${kept.map((m) => m.tag).join(', #')} to #${now.queue.map((m) => m.tag).join(', #')}`;
        }
      }
    }
    return null;
  },
};

/** Every SINT of every VP of each partition whose interrupt state differs from `before` (all of them without `before`), with the same SINT before the step (if it existed). */
function* sintPairs(s: System, before: System | undefined) {
  for (const pid in s.interrupts.partitions) {
    const p = s.interrupts.partitions[pid]!;
    const was = before ? at(before.interrupts.partitions, pid) : undefined;
    // A partition whose SynICs the step left alone has nothing to compare.
    if (was === p) continue;
    for (let vp = 0; vp < p.synic.length; vp++)
      for (let i = 0; i < p.synic[vp]!.sints.length; i++) yield { pid, vp, i, now: p.synic[vp]!.sints[i]!, then: was?.synic[vp]?.sints[i] };
  }
}

/** A SINT's queue is scanned on a post, an EOI and an EOM (TLFS, SynIC messages). */
export const synicQueueWaitsOnlyBehindFullSlot: Invariant = {
  kind: 'always',
  name: 'synic-queue-waits-only-behind-full-slot',
  description:
    "A message waits in a SINT's queue only behind a full slot, or while the guest's handler, having emptied the slot, has not yet written EOI: a new post, an EOI and an EOM each scan the queue (TLFS, SynIC messages), so a guest that copies, empties the slot and EOIs gets the next message even without an EOM.",
  reads: ['interrupts'],
  check: (s) => {
    // Plain loops, no objects per SINT: this runs after every step that touches interrupts.
    for (const pid in s.interrupts.partitions) {
      const p = s.interrupts.partitions[pid]!;
      for (let vp = 0; vp < p.synic.length; vp++) {
        const sints = p.synic[vp]!.sints;
        for (let i = 0; i < sints.length; i++) {
          const now = sints[i]!;
          if (now.slot === null && now.queue.length > 0 && !now.inService)
            return `${pid} vp${vp} SINT${i}: the slot is empty and its EOI written, yet message #${now.queue[0]!.tag} still waits in the queue: no post, EOI or EOM scan moved it into the slot`;
        }
      }
    }
    return null;
  },
};

/** Interrupts come from deliveries only, never from a masked SINT or an unmask. */
export const synicInterruptOnlyOnDelivery: Invariant = {
  kind: 'always',
  name: 'synic-interrupt-only-on-delivery',
  description:
    'A SINT interrupt is raised only by a message entering its slot or an event flag going from clear to set, and only while the SINT is unmasked: what meets a masked SINT raises nothing, and unmasking it does not raise it later (TLFS: "the interrupt is lost").',
  readsStep: true,
  reads: [],
  check: (s, last) => {
    // A step that leaves every SynIC as it was raises nothing.
    if (!last || s.interrupts.partitions === last.before.interrupts.partitions) return null;
    for (const { pid, vp, i, now, then } of sintPairs(s, last.before)) {
      if (now === then || !then || then.asserted || !now.asserted) continue;
      const where = `${pid} vp${vp} SINT${i}`;
      if (now.masked) return `${where} is masked, yet an interrupt was raised on it`;
      const message = now.slot !== null && now.slot !== then.slot;
      const flag = now.flags.some((f) => !then.flags.includes(f));
      if (!message && !flag)
        return `an interrupt was raised on ${where} by ${last.op.type}, though no message entered its slot and no event flag was set${then.masked ? ' (it was unmasked: what arrived while it was masked raised an interrupt that is lost)' : ''}`;
    }
    return null;
  },
};

/** The interrupt invariants. */
export const interruptInvariants: readonly Invariant[] = [
  // Before no-interrupt-lost: a deferral kept past a dispatch breaks both in the same step, and this one names the cause.
  deferredOnlyWhileNoVpDispatched,
  noInterruptLost,
  noInterruptDeliveredTwice,
  deliveredOnlyToRunningVp,
  synicSlotHoldsOneMessage,
  synicMessagesInOrder,
  synicQueueWaitsOnlyBehindFullSlot,
  synicInterruptOnlyOnDelivery,
];

/** Configurations with synthetic I/O or control messages switched on. */
const hasSyntheticIo = (c: Config): boolean => c.partitions.length > 0 && c.maxIosInFlight + c.maxMessagesOutstanding > 0;

/** Configurations where a SINT slot can overflow: two control messages outstanding. */
const slotCanOverflow = (c: Config): boolean => c.partitions.length > 0 && c.maxMessagesOutstanding > 1;

/** An interrupt was deferred and is now delivered. */
export const deferredThenDelivered: Goal = {
  kind: 'sometimes',
  appliesTo: hasSyntheticIo,
  name: 'interrupt-deferred-then-delivered',
  description: 'An interrupt raised while no VP of its partition ran is delivered when one is dispatched.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'irqDelivered' && o.wasDeferred && o.pid !== null) ?? false,
};

/** A message queued behind a full slot. */
export const slotOverflowsIntoMessagePending: Goal = {
  kind: 'sometimes',
  appliesTo: slotCanOverflow,
  name: 'synic-slot-overflows-into-message-pending',
  description: 'A message posted to a full SINT slot is queued with MessagePending set.',
  reached: (_s, last) => last?.outcome.observations.some((o) => o.kind === 'messageQueued') ?? false,
};

/** The interrupt goals. */
export const interruptGoals: readonly Goal[] = [deferredThenDelivered, slotOverflowsIntoMessagePending];
