/**
 * A hostile Dynamic Memory guest next to a well-behaved one, as a
 * scenario: what the host's checks turn away.
 *
 * `p1` and `p2` share the host of src/system/hostile-host-config.ts;
 * `p2` is hostile. Both negotiate and the host asks each for one page.
 * `p2` first answers with a page outside its GPA space, then with the same
 * page twice: the VSP rejects both (nothing is reclaimed, the wait goes
 * on), then takes `p2`'s honest answer. `p2` then sends an unballoon
 * response nobody asked for, which the VSP ignores (it maps nothing back),
 * and a hot-add response claiming its whole GPA space, ignored too; after
 * a balloon wait the VSP gives up, a forged late answer is rejected as one
 * in the wait would be. `p1`
 * answers honestly throughout. Last, `p2` submits an I/O and writes a
 * write index past its outbound ring's data area: the root's VSP refuses
 * the ring and reads nothing, until `p2` puts the index back.
 *
 * The figures of `p1` (the well-behaved guest) are measured after the
 * forgeries (`forged`) and at the end: the hostile neighbour changes
 * nothing of them. Every invariant is checked after every step.
 */
import type { Op } from '../system/ops.js';
import type { Scenario } from './scenario.js';
import { HOSTILE_HOST_CONFIG } from '../system/hostile-host-config.js';

const negotiate = (pid: string): Op[] => [
  { type: 'dmStart', pid },
  { type: 'dmSettle', pid },
];

const forgeries: Op[] = [
  ...negotiate('p1'),
  ...negotiate('p2'),
  { type: 'dmBalloon', pid: 'p1', pages: 1 },
  { type: 'dmBalloon', pid: 'p2', pages: 1 },
  { type: 'dmForge', pid: 'p2', forgery: 'balloonOutside' },
  { type: 'dmDeliver', pid: 'p2', to: 'host' },
  { type: 'dmForge', pid: 'p2', forgery: 'balloonDuplicate' },
  { type: 'dmDeliver', pid: 'p2', to: 'host' },
  { type: 'dmSettle', pid: 'p1' },
  { type: 'dmGuestWork', pid: 'p1' },
  { type: 'dmSettle', pid: 'p1' },
  { type: 'dmSettle', pid: 'p2' },
  { type: 'dmGuestWork', pid: 'p2' },
  { type: 'dmSettle', pid: 'p2' },
  { type: 'dmForge', pid: 'p2', forgery: 'unballoonResponse' },
  { type: 'dmForge', pid: 'p2', forgery: 'hotAddResponse' },
  { type: 'dmSettle', pid: 'p2' },
  // A balloon wait the VSP gives up (two ticks, the shortened reply timer); a forged answer after that is rejected as in the wait.
  { type: 'dmBalloon', pid: 'p2', pages: 1 },
  { type: 'tick' },
  { type: 'tick' },
  { type: 'dmForge', pid: 'p2', forgery: 'balloonOutside' },
  // The status reports the two ticks posted come first.
  { type: 'dmDeliver', pid: 'p2', to: 'host' },
  { type: 'dmDeliver', pid: 'p2', to: 'host' },
  { type: 'dmDeliver', pid: 'p2', to: 'host' },
];

const ring: Op[] = [
  { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 },
  { type: 'submitIo', lp: 0, gpa: 2 },
  { type: 'ringPoke', pid: 'p2', value: 128 },
  { type: 'vspTakeRequest', pid: 'p2' },
  { type: 'ringPoke', pid: 'p2', value: 32 },
  { type: 'vspTakeRequest', pid: 'p2' },
];

/** The hostile guest scenario. */
export const HOSTILE_GUEST: Scenario = {
  name: 'hostile-guest',
  description: "A hostile Dynamic Memory guest's forged balloon, unballoon and hot-add responses and its ring write index, next to a well-behaved guest whose figures they do not change.",
  config: HOSTILE_HOST_CONFIG,
  ops: [...forgeries, ...ring],
  guest: 'p1',
  points: { forged: forgeries.length, end: forgeries.length + ring.length },
  // Remove operations count both guests' completed balloons (the host's counter); the rejected forgeries add none.
  expected: {
    forged: { visibleMiB: 256, committedMiB: null, pressure: null, addOperations: 0, removeOperations: 2, availableMiB: 1152 },
    end: { visibleMiB: 256, committedMiB: null, pressure: null, addOperations: 0, removeOperations: 2, availableMiB: 1152 },
  },
};
