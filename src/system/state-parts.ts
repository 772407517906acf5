/**
 * The named parts of a System that a property may list in its `reads`,
 * and which of them a step changed. The System is immutable and a step
 * shares every part it leaves alone with the state before it, so a part
 * that is the same object before and after the step did not change; a
 * part rebuilt with equal contents counts as changed (too many, never too
 * few).
 */
import type { System } from './system.js';

/** The parts of a System a property can read, each one field of it. */
export const STATE_PARTS = [
  /** Machine memory: frame holders, frame contents, the free list (`substrate.memory`). */
  'memory',
  /** Every partition's SLAT (`substrate.slat`). */
  'slat',
  /** Guest page tables (`substrate.pageTables`). */
  'pageTables',
  /** Deposited pool ledgers (`substrate.pools`). */
  'pools',
  /** Logical processors as hardware: the VP each runs and its TLB (`substrate.lps`). */
  'tlbs',
  /** Partition lifecycle machines and their VP machines (`partitions`). */
  'partitions',
  /** The scheduler machine of each logical processor (`lps`). */
  'schedulers',
  /** Installed intercepts, handshakes and the root's VM worker (`intercepts`). */
  'intercepts',
  /** Dynamic Memory guests (`dm`). */
  'dm',
  /** VMBus channels (`vmbus`). */
  'vmbus',
  /** Synthetic interrupts: deferral machines, SynICs, the ledger (`interrupts`). */
  'interrupts',
] as const;

/** A part of a System a property can read. */
export type StatePart = (typeof STATE_PARTS)[number];

/** Which parts of the System a step from `a` to `b` changed, one bit per `STATE_PARTS` entry. */
export function changedParts(a: System, b: System): number {
  const sa = a.substrate;
  const sb = b.substrate;
  let m = 0;
  if (sa !== sb) {
    if (sa.memory !== sb.memory) m |= 1;
    if (sa.slat !== sb.slat) m |= 2;
    if (sa.pageTables !== sb.pageTables) m |= 4;
    if (sa.pools !== sb.pools) m |= 8;
    if (sa.lps !== sb.lps) m |= 16;
  }
  if (a.partitions !== b.partitions) m |= 32;
  if (a.lps !== b.lps) m |= 64;
  if (a.intercepts !== b.intercepts) m |= 128;
  if (a.dm !== b.dm) m |= 256;
  if (a.vmbus !== b.vmbus) m |= 512;
  if (a.interrupts !== b.interrupts) m |= 1024;
  return m;
}
