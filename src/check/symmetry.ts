/**
 * Symmetry reduction over interchangeable child partitions.
 *
 * Two child partitions are interchangeable when their configs are equal
 * apart from the id (same VP count, same GPA space). Renaming one to the
 * other maps every behaviour of the host to a behaviour of the host, so
 * the explorer may keep one state per orbit: a state's fingerprint under
 * symmetry is the least fingerprint over every renaming of the
 * interchangeable ids (partition records, SLATs, pools, page tables,
 * frame holders and contents, TLB tags, scheduler contexts: every string
 * that is an id or ends in `:id`). The orbit of `s` is the orbit of each
 * of its renamings, so the least fingerprint is the same for all of them.
 *
 * Frames are not permuted: frame numbers come from one shared free list,
 * so a state where p1 got frame 0x40 and p2 frame 0x41 and its renaming
 * are distinct states of the orbit and both are covered by it.
 *
 * An id that is also a word the System uses for something else (`free`,
 * `root`, `zero`, a machine state name...) would be renamed where it means
 * that other thing; such ids are left out of every class.
 */
import type { Config } from '../system/config.js';
import type { Fingerprint } from './fingerprint.js';
import { OrbitHasher } from './orbit-hash.js';

/** Words the System uses as values that an id must not equal to take part in symmetry. */
const RESERVED = new Set(['root', 'free', 'zero', 'hypervisor', 'partition', 'pool', 'ready', 'running', 'waiting', 'suspended', 'deleted', 'idle', 'uninitialized', 'active', 'finalizing', 'finalized']);

/** The classes of interchangeable child partition ids (each with two or more ids), in config order. */
export function interchangeableClasses(config: Config): string[][] {
  const byShape = new Map<string, string[]>();
  for (const p of config.partitions) {
    if (RESERVED.has(p.id)) continue;
    const { id: _id, ...rest } = p;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    let list = byShape.get(key);
    if (!list) byShape.set(key, (list = []));
    list.push(p.id);
  }
  return [...byShape.values()].filter((c) => c.length > 1);
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/** Every renaming that permutes ids within their classes, identity first. */
export function renamings(classes: readonly (readonly string[])[]): Map<string, string>[] {
  let out: Map<string, string>[] = [new Map()];
  for (const cls of classes) {
    const next: Map<string, string>[] = [];
    for (const base of out)
      for (const perm of permutations(cls)) {
        const m = new Map(base);
        cls.forEach((id, i) => {
          if (perm[i] !== id) m.set(id, perm[i]!);
        });
        next.push(m);
      }
    out = next;
  }
  return out;
}

/** Fingerprints System values, canonically under symmetry when it is on. */
export class Canonicaliser {
  private readonly size: number;
  private readonly hasher: OrbitHasher;

  /** `symmetry` off: one lane, no renaming. On: one lane per renaming of the config's interchangeable ids. */
  constructor(config: Config, symmetry: boolean) {
    const maps = symmetry ? renamings(interchangeableClasses(config)) : [new Map<string, string>()];
    this.size = maps.length;
    this.hasher = new OrbitHasher(maps.map((m) => (m.size === 0 ? null : m)));
  }

  /** How many renamings each state is hashed under (1 without symmetry). */
  get orbitSize(): number {
    return this.size;
  }

  /** The canonical fingerprint: the least over every renaming. */
  fingerprint(sys: object, extra?: ArrayLike<number>): Fingerprint {
    return this.hasher.fingerprint(sys, extra);
  }

  /** Caches the object hashes of the last fingerprint (call it for a state that is kept: its successors share those objects). */
  commit(): void {
    this.hasher.commit();
  }
}
