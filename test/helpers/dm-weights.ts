/**
 * Op weights that favour Dynamic Memory, for tests on the Dynamic Memory
 * fixture (spine ops stay possible, less often).
 */
import type { OpType } from '../../src/system/ops.js';

/** Weights overriding OP_WEIGHTS in Dynamic Memory tests. */
export const DM_WEIGHTS: Partial<Record<OpType, number>> = {
  createPartition: 4,
  depositMemory: 4,
  initializePartition: 4,
  withdrawMemory: 0,
  finalizePartition: 0,
  deletePartition: 0,
  suspendVp: 0,
  dispatchVp: 5,
  guestAccess: 8,
  resumeVp: 0,
  dmStart: 6,
  dmDeliver: 12,
  dmSettle: 4,
  dmGuestWork: 6,
  dmBalloon: 3,
  dmUnballoon: 3,
  dmHotAdd: 3,
  dmBalance: 2,
  dmCommit: 1,
  dmDecommit: 1,
};
