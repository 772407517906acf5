/**
 * The small argument domains generated runs draw intercept ops from, so the
 * state space stays small: two ports, two CPUID leaves, two MSRs (one the
 * hypervisor virtualises itself, one it does not) and two exception
 * vectors. Trace files and the public API may use any valid value.
 */

/** I/O ports: the keyboard controller data port and COM1. */
export const GEN_PORTS: readonly number[] = [0x60, 0x3f8];
/** CPUID leaves: feature information and extended topology. */
export const GEN_LEAVES: readonly number[] = [0x1, 0xb];
/** MSRs: IA32_FEATURE_CONTROL (interceptable) and HV_X64_MSR_GUEST_OS_ID (virtualised by the hypervisor). */
export const GEN_MSRS: readonly number[] = [0x3a, 0x40000000];
/** Exception vectors: #UD and #GP. */
export const GEN_VECTORS: readonly number[] = [6, 13];
