/**
 * Identifiers shared by the substrate and the system.
 *
 * A partition id is `root` or the id of a child partition from the config
 * (for example `p1`). Frames, GPAs and GVAs are page numbers (4 KiB pages),
 * never byte addresses; the report layer prints GVAs as byte addresses.
 */

/** The id of a partition: `root`, or a child partition id from the config. */
export type PartitionId = string;

/** The root partition's id. */
export const ROOT: PartitionId = 'root';

/**
 * Who holds a machine frame. Exactly one holder per frame, always:
 * the hypervisor (reserved), the root, one child partition, one partition's
 * deposited memory pool, or the free list (Available Memory).
 */
export type Holder = 'hypervisor' | 'root' | 'free' | `partition:${string}` | `pool:${string}`;

/**
 * What a frame contains, as far as confidentiality goes: zeroed, or data
 * last written by an owner (a partition id, or `hypervisor` for the
 * hypervisor's own structures kept in deposited pool pages).
 */
export type Content = 'zero' | 'hypervisor' | PartitionId;

/** The holder value for a child partition's memory. */
export const partitionHolder = (pid: PartitionId): Holder => (pid === ROOT ? 'root' : `partition:${pid}`);

/** The holder value for a partition's deposited memory pool. */
export const poolHolder = (pid: PartitionId): Holder => `pool:${pid}`;

/** Formats a page number as hex, as the reports print frames and GPAs. */
export const hex = (n: number): string => `0x${n.toString(16)}`;

/** `frame 0x20` or `frames 0x20-0x22`: a frame list in words. */
export const framesText = (frames: readonly number[]): string => `frame${frames.length === 1 ? '' : 's'} ${hexRanges(frames)}`;

/** Formats a sorted list of page numbers as compact hex ranges (`0x40-0x47, 0x50`). */
export function hexRanges(pages: readonly number[]): string {
  const sorted = [...pages].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j === i ? hex(sorted[i]!) : `${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * The entry of `record` under `key`, own entries only: a key from input
 * (a partition id such as `constructor`) never reaches Object.prototype.
 */
export const at = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
