/**
 * The seed article's Figure 9 as a scenario. A guest (TEST5) sees 4 GB
 * with about 6 GB committed: Memory Pressure 150. Two other guests hold
 * the rest of the machine memory at their minimum, so the balancer has
 * nothing to give. They shut down; the balancer hot-adds memory to TEST5
 * from Available Memory, in 2 GiB chunks, and, as the guest's workload
 * grows into the new memory, raises it to its 8 GB maximum.
 *
 * Scale: one model page is 64 MiB (4 GB = 64 pages, 8 GB = 128 pages), so
 * the run takes a few hundred steps. The figures it produces:
 *
 * - before: visible 4096 MiB, committed 6144 MiB, pressure 150, 0 Add operations;
 * - after:  visible 8192 MiB, 3 Add operations (2048 + 1280 + 768 MiB), pressure 87.
 *
 * The committed figure is the driver's num_committed: the guest OS's
 * committed pages (88 pages, 5.5 GiB) plus its balloon (none) plus its
 * balloon floor (8 pages at 4 GiB). After the second hot-add the workload
 * commits 12 more pages (768 MiB: a database growing its buffer pool into
 * the memory it was given), which is what takes the guest to its maximum.
 */
import type { Op } from '../system/ops.js';
import { parseConfig } from '../system/config.js';
import { DEFAULT_DM_TUNING } from '../dynamic-memory/tuning.js';
import type { Scenario, ScenarioResult } from './scenario.js';
import { checkScenario } from './scenario.js';

const GUEST = 'test5';
const OTHERS = ['guest2', 'guest3'] as const;
const ALL = [GUEST, ...OTHERS];

/** The Figure 9 host as config input: TEST5 (committing `test5Committed` pages) and the two other guests at their minimum. */
export const figure9Host = (test5Committed = 88) => ({
  frames: 384,
  hypervisorFrames: 16,
  rootFrames: 48,
  largePages: false,
  logicalProcessors: 1,
  tlbEntries: 4,
  maxPagesPerCall: 4,
  partitions: [
    { id: GUEST, vps: 1, gpaPages: 128, dynamicMemory: { startupPages: 64, minPages: 32, maxPages: 128, committedPages: test5Committed, bufferPercent: 20 } },
    ...OTHERS.map((id) => ({ id, vps: 1, gpaPages: 128, dynamicMemory: { startupPages: 128, minPages: 128, maxPages: 128, committedPages: 64 } })),
  ],
  dynamicMemoryTuning: { ...DEFAULT_DM_TUNING },
});

const config = parseConfig(figure9Host());

const deliver = (pid: string, to: 'host' | 'guest'): Op => ({ type: 'dmDeliver', pid, to });
const times = (n: number, op: Op): Op[] => Array.from({ length: n }, () => op);
/** One hot-add round trip: the request reaches the guest, the guest onlines, the answer reaches the VSP. */
const hotAddRoundTrip = (pid: string): Op[] => [deliver(pid, 'guest'), { type: 'dmGuestWork', pid }, deliver(pid, 'host')];
/** A status report: one tick past the hold-back, delivered to every VSP (status reports of earlier ticks were delivered already). */
const statusRound = (pids: readonly string[]): Op[] => [{ type: 'tick' }, ...pids.map((pid) => deliver(pid, 'host'))];

const boot: Op[] = [
  ...ALL.map((pid): Op => ({ type: 'dmStart', pid })),
  ...ALL.flatMap((pid) => [deliver(pid, 'host'), deliver(pid, 'guest'), deliver(pid, 'host'), deliver(pid, 'guest')]),
  // Post-init wait and status hold-back (45 ticks), then the first status reports.
  ...times(DEFAULT_DM_TUNING.statusHoldbackTicks, { type: 'tick' }),
  ...statusRound(ALL),
  // Memory is short: nothing is available and the other guests are at their minimum.
  { type: 'dmBalance' },
];

const shutdown: Op[] = OTHERS.flatMap((pid): Op[] => [
  { type: 'finalizePartition', pid },
  { type: 'finalizePartition', pid },
  { type: 'withdrawMemory', pid, pages: 1 },
  { type: 'deletePartition', pid },
]);

const grow: Op[] = [
  { type: 'dmBalance' },
  ...hotAddRoundTrip(GUEST),
  { type: 'dmBalance' },
  ...hotAddRoundTrip(GUEST),
  { type: 'dmCommit', pid: GUEST, pages: 12 },
  ...statusRound([GUEST]),
  { type: 'dmBalance' },
  ...hotAddRoundTrip(GUEST),
  ...statusRound([GUEST]),
];

/** The seed's Figure 9 scenario. */
export const SEED_FIGURE_9: Scenario = {
  name: 'seed-figure-9',
  description: 'A 4 GB guest at Memory Pressure 150 is raised to its 8 GB maximum once two other guests shut down (the seed article, Figure 9).',
  config,
  ops: [...boot, ...shutdown, ...grow],
  guest: GUEST,
  points: { before: boot.length, after: boot.length + shutdown.length + grow.length },
  expected: {
    before: { visibleMiB: 4096, committedMiB: 6144, pressure: 150, addOperations: 0, removeOperations: 0, availableMiB: 0 },
    after: { visibleMiB: 8192, committedMiB: 7168, pressure: 87, addOperations: 3, removeOperations: 0, availableMiB: 12288 },
  },
};

/** Checks the seed's Figure 9 scenario: every invariant after every step, and the figures before and after. */
export const checkSeedFigure9 = (): ScenarioResult => checkScenario(SEED_FIGURE_9);
