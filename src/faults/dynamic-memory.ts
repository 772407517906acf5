/**
 * The Dynamic Memory faults: one or more per Dynamic Memory property, each
 * a defect a real driver, VSP or balancer could have.
 */
import { enqueueActions } from 'xstate';
import type { Fault } from './fault.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';

/** An action implementation that emits nothing. */
const forget = enqueueActions(() => {});

/** A balancer that hot-adds every idle guest up to its whole address space, ignoring its maximum. */
export const ignoresMaximumBalancer: BalancerPolicy = (input) =>
  input.guests
    .filter((g) => !g.busy && !g.hotAddRefused && g.visible < g.gpaPages && input.available > 0)
    .map((g) => ({ kind: 'hotAdd' as const, pid: g.pid, pages: Math.min(g.gpaPages - g.visible, input.available) }));

/** The Dynamic Memory faults. */
export const DM_FAULTS: readonly Fault[] = [
  {
    name: 'balloon-release-keeps-slat-entry',
    description: "The VSP puts the frames a balloon response names on the free list but leaves the guest's SLAT entries to them in place.",
    breaks: ['no-frame-owned-twice', 'balloon-frames-unmapped-and-flushed-before-reuse'],
    quirks: { dmReleaseKeepsSlatEntry: true },
  },
  {
    name: 'balloon-release-skips-tlb-flush',
    description: 'The VSP unmaps ballooned pages and frees their frames without flushing the TLB entries that still translate to them.',
    breaks: ['balloon-frames-unmapped-and-flushed-before-reuse'],
    quirks: { dmReleaseSkipsTlbFlush: true },
  },
  {
    name: 'guest-forgets-to-pin',
    description: 'The guest driver names balloon pages in its response without pinning them, so the guest OS goes on using them.',
    breaks: ['balloon-pages-never-accessed'],
    machines: (m) => ({ dmGuest: m.dmGuest.provide({ actions: { pinPages: forget } } as never) }),
  },
  {
    name: 'guest-ignores-balloon-floor',
    description: 'The guest driver hands over every page the host asks for, below its balloon floor.',
    breaks: ['guest-never-balloons-below-floor'],
    machines: (m) => ({ dmGuest: m.dmGuest.provide({ guards: { wouldBreachFloor: () => false } } as never) }),
  },
  {
    name: 'host-overlaps-transactions',
    description: 'The VSP starts a new balloon request while another transaction is still open.',
    breaks: ['one-dm-transaction-at-a-time'],
    machines: (m) => ({ dmHost: m.dmHost.provide({ guards: { overlapAllowed: () => true } } as never) }),
  },
  {
    name: 'guest-answers-every-unballoon-request',
    description: 'The guest driver sends an UNBALLOON_RESPONSE after every unballoon request, not only after the one with more_pages = 0.',
    breaks: ['unballoon-answered-exactly-once'],
    machines: (m) => ({ dmGuest: m.dmGuest.provide({ guards: { lastUnballoonRequest: () => true } } as never) }),
  },
  {
    name: 'host-trusts-stale-replies',
    description: 'The VSP reclaims the ranges of a balloon response that arrives after it gave the transaction up.',
    breaks: ['host-ignores-out-of-state-messages'],
    machines: (m) => ({ dmHost: m.dmHost.provide({ guards: { trustsStaleReplies: () => true } } as never) }),
  },
  {
    name: 'host-reclaims-without-response',
    description: "The VSP takes the guest's top pages as soon as it posts a balloon request, without waiting for the guest to choose and name them.",
    breaks: ['hypervisor-never-reclaims-without-guest-consent'],
    quirks: { dmReclaimOnRequest: true },
  },
  {
    name: 'pressure-counts-available',
    description: "The pressure counter adds the guest's available pages to its committed pages.",
    breaks: ['pressure-formula-holds'],
    quirks: { dmPressureCountsAvailable: true },
  },
  {
    name: 'balancer-ignores-maximum',
    description: "The balancer hot-adds memory to a guest up to its whole address space, past its configured maximum.",
    breaks: ['visible-memory-within-min-max'],
    balancer: ignoresMaximumBalancer,
  },
  {
    name: 'dm-maps-back-without-zeroing',
    description: 'Deflate and hot-add map frames into the guest without zeroing them first.',
    breaks: ['no-cross-partition-data-leak'],
    quirks: { dmMapSkipsScrub: true },
  },
];
