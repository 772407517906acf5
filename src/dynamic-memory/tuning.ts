/**
 * The scale and timing of the Dynamic Memory model.
 *
 * Scale: the System runs on a few hundred frames, so one model page (one
 * substrate frame) stands for `mibPerPage` MiB of guest memory, 64 MiB by
 * default: 16 pages are 1 GiB, the seed's 4 GB guest is 64 pages and its
 * 8 GB maximum is 128. The balloon floor is computed in MiB and rounded
 * up to whole model pages. The driver's "2 MiB first, then 4 KiB" rule
 * keeps its shape: aligned runs of `largeUnitPages` model pages first,
 * then single pages.
 *
 * Time: one `tick` op is one second of the driver's timers.
 */

/** The scale and timers of the model. */
export interface DmTuning {
  /** MiB one model page stands for. */
  readonly mibPerPage: number;
  /** Pages in one large allocation unit (the model's 2 MiB unit). */
  readonly largeUnitPages: number;
  /** Ranges one balloon response may carry (510 in a real 4 KiB message). */
  readonly rangesPerMessage: number;
  /** Ticks the guest holds its first status reports back (45 in hv_balloon.c). */
  readonly statusHoldbackTicks: number;
  /** Ticks the guest waits for a version or capabilities answer (5 s in hv_balloon.c). */
  readonly negotiationTimeoutTicks: number;
  /** Ticks the host waits after negotiation before its first request (50 s in QEMU). */
  readonly postInitTicks: number;
  /**
   * Ticks the host waits for a balloon or unballoon answer before giving the
   * transaction up: hvspec's host policy (a late balloon answer is still
   * accounted). 0 waits as long as it takes, as QEMU's hv-balloon does.
   */
  readonly replyTimeoutTicks: number;
  /** Most messages waiting in one direction of the channel (the ring's capacity). */
  readonly ringCapacity: number;
}

/** The default tuning: the real timers where they are small, shortened where a run would only wait. */
export const DEFAULT_DM_TUNING: DmTuning = {
  mibPerPage: 64,
  largeUnitPages: 2,
  rangesPerMessage: 2,
  statusHoldbackTicks: 45,
  negotiationTimeoutTicks: 5,
  postInitTicks: 2,
  replyTimeoutTicks: 5,
  ringCapacity: 8,
};

/** The tuning of a config: the defaults overridden by what the config sets. */
export const tuningOf = (t: Partial<DmTuning> | undefined): DmTuning => ({ ...DEFAULT_DM_TUNING, ...(t ?? {}) });
