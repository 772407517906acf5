/**
 * The states of hvspec's System that are quiescent by design: time may
 * pass (a `tick`) and nothing changes, and that is expected, so the
 * explorer does not report them as stuck (src/engine/model.ts,
 * `isQuiescent`).
 *
 * Two kinds:
 * - every child partition of the configuration has been deleted: partition
 *   ids are not reused, so the host has nothing left to run;
 * - every started Dynamic Memory guest's driver has failed to initialise
 *   (INIT_ERROR): Linux's `balloon_probe` gives up and closes the channel,
 *   and the VSP goes back to waiting for a reset (QEMU
 *   `hv_balloon_close_channel`); nothing is exchanged again until the guest
 *   is restarted, which the model does not do.
 * Everything else that can only wait is reported.
 */
import type { System } from '../system/system.js';
import { stateName } from '../system/machine-runtime.js';

/** True when every configured child partition is deleted. */
export const everyChildDeleted = (s: System): boolean => s.world.config.partitions.every((p) => s.partitions[p.id]?.machine.value === 'deleted');

/** True when at least one Dynamic Memory guest is started and every started one's driver is in INIT_ERROR. */
export function everyDmDriverFailed(s: System): boolean {
  const guests = Object.values(s.dm);
  return guests.length > 0 && guests.every((g) => stateName(g.driver.value) === 'INIT_ERROR');
}

/** hvspec's quiescent states: every child deleted, or every started Dynamic Memory driver failed. */
export const systemQuiescent = (s: System): boolean => everyChildDeleted(s) || everyDmDriverFailed(s);
