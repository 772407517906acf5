/**
 * The host a hostile guest is shown on: two Dynamic Memory guests of 256
 * MiB (4 pages of 64 MiB, 1 to 6 pages, GPA space 8) side by side on 32
 * frames, `p1` well-behaved and `p2` hostile, each with a synthetic device
 * (one I/O in flight), the waits shortened. The random engine runs the
 * hostile-guest faults here; the claims must hold for both guests.
 */
import { type Config, DEFAULT_CONFIG } from './config.js';

/** The Dynamic Memory settings both guests share. */
const GUEST = { startupPages: 4, minPages: 1, maxPages: 6, committedPages: 1 } as const;

/** One well-behaved and one hostile Dynamic Memory guest on one host. */
export const HOSTILE_HOST_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  frames: 32,
  hypervisorFrames: 4,
  rootFrames: 4,
  logicalProcessors: 2,
  tlbEntries: 4,
  maxPagesPerCall: 2,
  maxIosInFlight: 1,
  maxMessagesOutstanding: 0,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 8, dynamicMemory: GUEST },
    { id: 'p2', vps: 1, gpaPages: 8, dynamicMemory: GUEST, hostile: true },
  ],
  dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 2, largeUnitPages: 1 },
};
