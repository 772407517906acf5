/**
 * A scheduler policy that starves a VP, and the bounded-liveness property
 * that catches it. The policy keeps an idle logical processor on the
 * partition it last ran (no TLB purge on a VM switch) and never preempts:
 * once the root's VP has run, p1's VP never gets the processor.
 * Run from this folder: `hvspec explore` (or `hvspec check`).
 */
import { defineConfig, type SchedulerPolicy } from 'hvspec';
import { OP_TYPES, type System } from 'hvspec/system';

/** Cache-affine: the partition whose TLB entries the processor holds goes first; a running VP is never preempted. */
const affine: SchedulerPolicy = ({ running, runnable, lastPartition }) => (running ? null : (runnable.find((v) => v.pid === lastPartition) ?? runnable[0] ?? null));

/** The scheduling ops and what sets p1 up: nothing else can delay a dispatch. */
const OPS = ['createPartition', 'depositMemory', 'initializePartition', 'dispatchVp', 'descheduleVp'] as const;

const p1Waits = (s: System) => s.partitions['p1']?.vps.some((vp) => vp.value === 'ready') ?? false;

export default defineConfig({
  // One logical processor for the root's VP and p1's; the root can deposit one page, enough to initialize p1.
  host: { frames: 64, hypervisorFrames: 8, rootFrames: 1, rootVps: 1, logicalProcessors: 1, maxPagesPerCall: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  scheduler: affine,
  properties: [
    {
      kind: 'eventually',
      name: 'ready-vp-gets-a-processor',
      description: 'A ready VP of p1 runs within 4 steps.',
      trigger: p1Waits,
      satisfied: (s) => !p1Waits(s),
      withinSteps: 4,
      explain: () => "p1's VP is still ready: the scheduler never gave it the processor",
    },
  ],
  scopes: [{ name: 'scheduling', description: 'p1 is set up, and the scheduler dispatches and deschedules', ops: [...OPS], goals: [] }],
  // The random runs take the same ops only.
  weights: Object.fromEntries(OP_TYPES.map((t) => [t, (OPS as readonly string[]).includes(t) ? 1 : 0])),
});
