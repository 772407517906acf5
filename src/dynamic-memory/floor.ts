/**
 * The balloon floor: the memory a guest always keeps for itself, whatever
 * the host asks. The Linux driver's `compute_balloon_floor` is a
 * continuous piecewise linear function of the guest's total memory:
 *
 *     total MiB -> floor MiB   gradient
 *         128         72        1/2 below
 *         512        168        1/4
 *        2048        360        1/8
 *        8192        744        1/16
 *       32768       1512        1/32 above
 */

/** The floor in MiB for a guest with `totalMiB` of memory (exact for whole MiB, as the driver computes it in 4 KiB pages). */
export function balloonFloorMiB(totalMiB: number): number {
  if (totalMiB < 128) return 8 + totalMiB / 2;
  if (totalMiB < 512) return 40 + totalMiB / 4;
  if (totalMiB < 2048) return 104 + totalMiB / 8;
  if (totalMiB < 8192) return 232 + totalMiB / 16;
  return 488 + totalMiB / 32;
}

/**
 * The floor in model pages for a guest with `visiblePages` pages of
 * `mibPerPage` MiB each, rounded up (the guest keeps at least the floor).
 */
export const balloonFloorPages = (visiblePages: number, mibPerPage: number): number => Math.ceil(balloonFloorMiB(visiblePages * mibPerPage) / mibPerPage);
