/**
 * Hypercall codes (TLFS), used to name and count the calls the model makes.
 */

/** TLFS call codes of the hypercalls hvspec models. */
export const HYPERCALL_CODES = {
  FlushVirtualAddressSpace: 0x02,
  FlushVirtualAddressList: 0x03,
  CreatePartition: 0x40,
  InitializePartition: 0x41,
  FinalizePartition: 0x42,
  DeletePartition: 0x43,
  GetPartitionProperty: 0x44,
  SetPartitionProperty: 0x45,
  GetPartitionId: 0x46,
  GetNextChildPartition: 0x47,
  DepositMemory: 0x48,
  WithdrawMemory: 0x49,
  GetMemoryBalance: 0x4a,
  MapGpaPages: 0x4b,
  UnmapGpaPages: 0x4c,
  InstallIntercept: 0x4d,
  CreateVp: 0x4e,
  GetVpRegisters: 0x50,
  SetVpRegisters: 0x51,
  PostMessage: 0x5c,
  SignalEvent: 0x5d,
} as const;

/** A hypercall name hvspec knows. */
export type HypercallName = keyof typeof HYPERCALL_CODES;

/** The counter label of a hypercall: name and code, e.g. `DepositMemory 0x48`. */
export const hypercallLabel = (name: HypercallName): string => `${name} 0x${HYPERCALL_CODES[name].toString(16).padStart(2, '0')}`;
