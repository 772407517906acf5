/**
 * A configuration that exercises Dynamic Memory alongside the static
 * partitions: the default host plus `p4`, a Dynamic Memory guest (384 MiB
 * at boot, 128 to 512 MiB at 64 MiB a page) on a host that speaks protocol
 * 1.0, so every negotiation falls back once. Its timers are shortened so
 * that 200 generated runs of 40 ops reach every driver and VSP state and
 * every Dynamic Memory goal: no status hold-back, a 1-tick negotiation
 * wait (a tick that comes first puts the driver in INIT_ERROR), a 1-tick
 * post-init wait, a 3-tick reply wait, single-page allocation units (a
 * two-page deflate takes two requests) and 4 ranges per response.
 * Synthetic I/O is switched off (no I/O in flight, no control messages).
 * `examples/dynamic-memory.json` holds the same configuration for
 * `hvspec check --config`.
 */
import { type Config, DEFAULT_CONFIG } from './config.js';

/** The default host plus one Dynamic Memory guest, `p4`. */
export const DM_DEMO_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  partitions: [
    ...DEFAULT_CONFIG.partitions,
    { id: 'p4', vps: 1, gpaPages: 10, dynamicMemory: { startupPages: 6, minPages: 2, maxPages: 8, committedPages: 1, hostVersion: '1.0' } },
  ],
  // No synthetic I/O here: these runs are about Dynamic Memory, and the I/O path's ops would crowd its ops out.
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  dynamicMemoryTuning: { statusHoldbackTicks: 0, negotiationTimeoutTicks: 1, postInitTicks: 1, replyTimeoutTicks: 3, largeUnitPages: 1, rangesPerMessage: 4 },
};
