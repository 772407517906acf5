/**
 * The guest's side of its SynIC (TLFS, SynIC messages): taking the
 * interrupt raised on the VMBus SINT, ending it (EOI), signalling end of
 * message (EOM), and masking and unmasking the SINT. `lp` names the logical processor whose
 * running VP (a guest VP) acts.
 */
import { defineOp, type OpSink } from '../../src/system/op-record.js';
import type { EnabledScan } from '../../src/system/enabled-scan.js';
import * as io from '../../src/system/handlers/vmbus.js';
import { VMBUS_SINT } from '../../src/system/io-state.js';
import { at } from '../../src/substrate/ids.js';
import type { Sint } from '../../src/substrate/synic.js';

/** The VMBus SINT of the guest VP running on `lp`, if any. */
function vmbusSint(e: EnabledScan, lp: number) {
  const g = io.guestOn(e.sys, lp);
  return g ? at(e.sys.interrupts.partitions, g.pid)?.synic[g.vp]?.sints[VMBUS_SINT] : undefined;
}

/** When the guest VP can do `t` on its VMBus SINT: take a raised interrupt (none in service), end the one in service, or EOM an emptied slot with MessagePending. */
const SERVICE_READY: Record<'guestHandle' | 'eoi' | 'eom', (sint: Sint) => boolean> = {
  guestHandle: (sint) => sint.asserted && !sint.inService,
  eoi: (sint) => sint.inService,
  eom: (sint) => sint.slot === null && sint.messagePending,
};

/** The enumerator of GuestHandle, Eoi or Eom on the VMBus SINT of each LP's guest VP. */
const sintService =
  <T extends 'guestHandle' | 'eoi' | 'eom'>(t: T) =>
  (e: EnabledScan, out: OpSink<{ type: T; lp: number }>) => {
    const ready = SERVICE_READY[t];
    for (let lp = 0; lp < e.s.lps.length; lp++) {
      const sint = vmbusSint(e, lp);
      if (sint && ready(sint)) out.push({ type: t, lp });
    }
  };

/** The enumerator of MaskSint or UnmaskSint on the VMBus SINT of each LP's guest VP. */
const sintMask =
  <T extends 'maskSint' | 'unmaskSint'>(t: T) =>
  (e: EnabledScan, out: OpSink<{ type: T; lp: number; sint: number }>) => {
    // With synthetic I/O switched off (no I/O, no messages) nothing ever arrives on the SINT: masking it proves nothing.
    if (e.cfg.maxIosInFlight + e.cfg.maxMessagesOutstanding === 0) return;
    for (let lp = 0; lp < e.s.lps.length; lp++) {
      const sint = vmbusSint(e, lp);
      if (sint && sint.masked === (t === 'unmaskSint')) out.push({ type: t, lp, sint: VMBUS_SINT });
    }
  };

/** GuestHandle: the guest VP on `lp` takes the interrupt raised on its VMBus SINT (reads the slot and the event flags). */
export const guestHandle = defineOp({
  type: 'guestHandle',
  args: (f) => ({ lp: f.lp() }),
  weight: 24, // as the I/O path: the completion reaches the guest through it (models/vmbus/ops.ts)
  reads: ['interrupts', 'partitions', 'tlbs', 'vmbus'],
  enabled: sintService('guestHandle'),
  apply: (st, o) => st.orSkip(io.guestHandle(st, o.lp)),
  describe: (o) => `guestHandle lp${o.lp}`,
});

/** Eoi: the guest VP on `lp` ends the VMBus SINT interrupt in service (the hypervisor scans the SINT's queue). */
export const eoi = defineOp({
  type: 'eoi',
  args: (f) => ({ lp: f.lp() }),
  weight: 2,
  reads: ['interrupts', 'partitions', 'tlbs', 'vmbus'],
  enabled: sintService('eoi'),
  apply: (st, o) => st.orSkip(io.guestEoi(st, o.lp)),
  describe: (o) => `eoi lp${o.lp}`,
});

/** Eom: the guest VP on `lp` signals end of message (the next pending message may be delivered). */
export const eom = defineOp({
  type: 'eom',
  args: (f) => ({ lp: f.lp() }),
  weight: 2,
  reads: ['interrupts', 'partitions', 'tlbs', 'vmbus'],
  enabled: sintService('eom'),
  apply: (st, o) => st.orSkip(io.guestEom(st, o.lp)),
  describe: (o) => `eom lp${o.lp}`,
});

/** MaskSint: the guest VP on `lp` masks a SINT. */
export const maskSint = defineOp({
  type: 'maskSint',
  args: (f) => ({ lp: f.lp(), sint: f.sint() }),
  weight: 1,
  reads: ['interrupts', 'partitions', 'tlbs', 'vmbus'],
  enabled: sintMask('maskSint'),
  apply: (st, o) => st.orSkip(io.setMask(st, o.lp, o.sint, true)),
  describe: (o) => `maskSint lp${o.lp} sint${o.sint}`,
});

/** UnmaskSint: the guest VP on `lp` unmasks a SINT. */
export const unmaskSint = defineOp({
  type: 'unmaskSint',
  args: (f) => ({ lp: f.lp(), sint: f.sint() }),
  weight: 1,
  reads: ['interrupts', 'partitions', 'tlbs', 'vmbus'],
  enabled: sintMask('unmaskSint'),
  apply: (st, o) => st.orSkip(io.setMask(st, o.lp, o.sint, false)),
  describe: (o) => `unmaskSint lp${o.lp} sint${o.sint}`,
});
