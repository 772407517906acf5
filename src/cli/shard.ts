/**
 * `--shard K/N`: one of N disjoint shares of a random check, for a CI
 * matrix or a batch of jobs that the user's own scheduler runs. Shard K
 * runs its share of the runs (the N shares add up to the runs asked) from
 * its own seed, the check's seed plus K - 1: the N shards run N distinct
 * seeds, and each shard's counterexample names the seed that replays it.
 * `hvspec merge` adds the shards' reports up again.
 */
import { z } from 'zod';
import { SEED_MAX } from './usage.js';
import { excerpt } from '../input/excerpt.js';

/** The most shards a check is split into. */
export const SHARDS_MAX = 1024;

/** One shard: the K-th (from 1) of N. */
export interface Shard {
  readonly k: number;
  readonly n: number;
}

/** `--shard K/N`: whole numbers with 1 ≤ K ≤ N ≤ {@link SHARDS_MAX}. */
export function shardFlag() {
  const schema = z.string().transform((v, ctx): Shard => {
    const m = /^(\d{1,5})\/(\d{1,5})$/.exec(v);
    const k = Number(m?.[1]);
    const n = Number(m?.[2]);
    if (!m || n < 1 || n > SHARDS_MAX || k < 1 || k > n) {
      ctx.addIssue({ code: 'custom', message: `must be K/N with 1 ≤ K ≤ N ≤ ${SHARDS_MAX} (such as 3/8), got ${excerpt(v)}` });
      return z.NEVER;
    }
    return { k, n };
  });
  return { kind: 'string' as const, schema: schema.optional() };
}

/** The runs of shard `s` when the whole check asks for `runs`: the N shares differ by at most one and add up to `runs`. */
export const shareOfRuns = (runs: number, s: Shard): number => Math.floor(runs / s.n) + (s.k - 1 < runs % s.n ? 1 : 0);

/** The seed of shard `s` of a check with seed `seed`: seed + K - 1 (wrapping past the largest seed). */
export const shardSeed = (seed: number, s: Shard): number => (seed + s.k - 1) % (SEED_MAX + 1);

/** How a shard is named in a report line: `shard 3/8`. */
export const shardName = (s: Shard): string => `shard ${s.k}/${s.n}`;
