/**
 * A logical processor as the hypervisor scheduler drives it.
 *
 * Claims (the seed's semantics of the tagged TLB): when the scheduler
 * dispatches a VP of a different VM onto this logical processor, the
 * previous VM's TLB entries are identified by tag and purged before the new
 * VP runs. The LP remembers the tag of the VM it last ran, also while idle.
 *
 * An interleaving that would break it: p1's VP runs on LP0 and fills its
 * TLB; the scheduler dispatches p2's VP on LP0 without the purge; LP0 now
 * holds p1's translations while running p2 (`tlb-purged-on-vm-switch`).
 *
 * Under the tagged discipline (the host's `tlbDiscipline: "tagged"`) a
 * dispatch purges nothing: it loads the VM's hardware tag (VPID/ASID) on
 * the LP, recycling, and first flushing, another VM's tag when the LP has
 * none free; the previous VM's entries stay under its own tag.
 */
import { assign, setup } from 'xstate';
import type { PartitionId } from '../../src/substrate/ids.js';

/** Scheduler events for one logical processor. */
export type LpEvent = { type: 'DISPATCH'; pid: PartitionId; vp: number; tagged?: boolean } | { type: 'DESCHEDULE' };

/** The VM whose entries this LP may hold (the one it runs or last ran). */
export interface LpContext {
  tag: PartitionId | null;
  vp: number | null;
}

/** The logical-processor scheduling machine. */
export const lpMachine = setup({
  types: { context: {} as LpContext, events: {} as LpEvent },
  actions: {
    purgeTlbTag: (_: unknown, _params: { tag: PartitionId }) => {},
    loadTlbTag: (_: unknown, _params: { pid: PartitionId; previous: PartitionId | null }) => {},
    countVmSwitch: () => {},
    preemptCurrent: (_: unknown, _params: { pid: PartitionId; vp: number }) => {},
    track: assign(({ event }) => (event.type === 'DISPATCH' ? { tag: event.pid, vp: event.vp } : {})),
    clearVp: assign({ vp: null }),
  },
  guards: {
    isTagged: ({ event }) => event.type === 'DISPATCH' && event.tagged === true,
    isVmSwitch: ({ context, event }) => event.type === 'DISPATCH' && context.tag !== null && context.tag !== event.pid,
  },
}).createMachine({
  id: 'lp',
  context: { tag: null, vp: null },
  initial: 'idle',
  states: {
    idle: {
      meta: { promise: 'runs no VP; its TLB holds entries of at most the VM it last ran (tagged: only under the tag of the VM that filled them)' },
      on: {
        DISPATCH: [
          { guard: 'isTagged', target: 'running', actions: [{ type: 'loadTlbTag', params: ({ context, event }) => ({ pid: (event as { pid: PartitionId }).pid, previous: context.tag }) }, 'track'] },
          {
            guard: 'isVmSwitch',
            target: 'running',
            actions: [{ type: 'purgeTlbTag', params: ({ context }) => ({ tag: context.tag! }) }, 'countVmSwitch', 'track'],
          },
          { target: 'running', actions: 'track' },
        ],
      },
    },
    running: {
      meta: { promise: 'runs one VP; its TLB holds entries of that VP\'s VM only (tagged: only under the tag of the VM that filled them)' },
      on: {
        DISPATCH: [
          {
            guard: 'isTagged',
            target: 'running',
            actions: [{ type: 'preemptCurrent', params: ({ context }) => ({ pid: context.tag!, vp: context.vp! }) }, { type: 'loadTlbTag', params: ({ context, event }) => ({ pid: (event as { pid: PartitionId }).pid, previous: context.tag }) }, 'track'],
          },
          {
            guard: 'isVmSwitch',
            target: 'running',
            actions: [
              { type: 'preemptCurrent', params: ({ context }) => ({ pid: context.tag!, vp: context.vp! }) },
              { type: 'purgeTlbTag', params: ({ context }) => ({ tag: context.tag! }) },
              'countVmSwitch',
              'track',
            ],
          },
          {
            target: 'running',
            actions: [{ type: 'preemptCurrent', params: ({ context }) => ({ pid: context.tag!, vp: context.vp! }) }, 'track'],
          },
        ],
        DESCHEDULE: { target: 'idle', actions: 'clearVp' },
      },
    },
  },
});
