/**
 * Who may make which hypercall (TLFS partition privileges, reference §2):
 * partition management, memory pools, GPA mapping and intercept
 * installation are the parent's, and in hvspec every child's parent is the
 * root. A child partition calling one of these gets HV_STATUS_ACCESS_DENIED,
 * before any argument or state is looked at.
 */
import type { HypercallName } from './hypercalls.js';
import { type PartitionId, ROOT } from '../substrate/ids.js';

/** Hypercalls only a partition's parent (the root) may make. */
export const PARENT_ONLY: readonly HypercallName[] = [
  'CreatePartition',
  'InitializePartition',
  'FinalizePartition',
  'DeletePartition',
  'DepositMemory',
  'WithdrawMemory',
  'MapGpaPages',
  'UnmapGpaPages',
  'InstallIntercept',
  'CreateVp',
];

/** True when `caller` may make `name`. */
export function mayCall(caller: PartitionId, name: HypercallName): boolean {
  return caller === ROOT || !PARENT_ONLY.includes(name);
}
