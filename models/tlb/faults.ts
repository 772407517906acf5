/** Faults of the TLB discipline: what the scheduler and the hypervisor must flush. */
import { defineFault, forget } from '../../src/faults/fault.js';

/** No TLB purge on a VM switch. */
export const skipTlbPurgeOnVmSwitch = defineFault({
  name: 'skip-tlb-purge-on-vm-switch',
  description: "The scheduler dispatches a VP of another VM without purging the previous VM's TLB entries.",
  breaks: ['tlb-purged-on-vm-switch'],
  machines: (m) => ({ lp: m.lp.provide({ actions: { purgeTlbTag: forget() } }) }),
});
