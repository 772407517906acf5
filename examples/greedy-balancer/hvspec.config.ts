/**
 * A balancer policy of one's own, checked by `hvspec check` and `hvspec
 * explore`: it hot-adds every idle guest up to its whole address space,
 * past its configured maximum, and `visible-memory-within-min-max` catches
 * it. Run from this folder: `hvspec check` (or `--config` this file).
 */
import { defineConfig } from 'hvspec';

export default defineConfig({
  // One Dynamic Memory guest: 16 pages at start, 8 to 24, an address space of 32.
  host: {
    frames: 96,
    hypervisorFrames: 8,
    rootFrames: 16,
    logicalProcessors: 1,
    maxIosInFlight: 0,
    maxMessagesOutstanding: 0,
    partitions: [{ id: 'p1', vps: 1, gpaPages: 32, dynamicMemory: { startupPages: 16, minPages: 8, maxPages: 24, committedPages: 4 } }],
    dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1 },
  },
  // The random runs start the guest and run the balancer often.
  weights: { dmStart: 40, dmSettle: 40, dmBalance: 40, dmGuestWork: 40 },
  // `hvspec explore` searches these op kinds only.
  scopes: [{ name: 'dm', description: 'the guest starts and the balancer runs', ops: ['dmStart', 'dmSettle', 'dmBalance', 'dmGuestWork'] }],
  balancer: (input) =>
    input.guests
      .filter((g) => !g.busy && !g.hotAddRefused && g.visible < g.gpaPages && input.available > 0)
      .map((g) => ({ kind: 'hotAdd', pid: g.pid, pages: Math.min(g.gpaPages - g.visible, input.available) })),
});
