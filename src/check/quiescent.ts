/**
 * The states of hvspec's System that are quiescent by design: time may
 * pass (a `tick`) and nothing changes, and that is expected, so the
 * explorer does not report them as stuck (src/engine/model.ts,
 * `isQuiescent`).
 *
 * One kind only: every started Dynamic Memory guest's driver has failed to
 * initialise (INIT_ERROR). Linux's `balloon_probe` gives up and closes the
 * channel, and the VSP goes back to waiting for a reset (QEMU
 * `hv_balloon_close_channel`); nothing is exchanged again until the guest
 * is restarted, which the model does not do. Everything else that can only
 * wait is reported.
 */
import type { System } from '../system/system.js';
import { stateName } from '../system/machine-runtime.js';

/** True when at least one Dynamic Memory guest is started and every started one's driver is in INIT_ERROR. */
export function systemQuiescent(s: System): boolean {
  const guests = Object.values(s.dm);
  return guests.length > 0 && guests.every((g) => stateName(g.driver.value) === 'INIT_ERROR');
}
