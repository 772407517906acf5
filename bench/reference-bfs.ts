/**
 * A plain reference search to check the explorer against: breadth-first
 * over the System, stepping the machines directly (`exploreOps`,
 * `applyOp`) with no codec, no byte frontier, no cache and no symmetry
 * machinery. A state is keyed by `referenceKey`, a sorted JSON text
 * written independently of the codec: every field but `world` and
 * `deferralWaits`, with empty pool ledgers and empty child SLATs read as
 * absent. Under symmetry the key is the least over every renaming of the
 * interchangeable children (n! of them: small scopes only).
 */
import type { System, World } from '../src/system/system.js';
import type { Op, OpType } from '../src/system/ops.js';
import { exploreOps } from '../src/check/system-model.js';
import { applyOp } from '../src/system/step.js';
import { interchangeableClasses } from '../src/check/symmetry.js';
import { rename } from '../src/check/fingerprint.js';
import { ROOT } from '../src/substrate/ids.js';

/** Sorted JSON of plain data, strings renamed by `r`, `undefined` entries left out. */
function json(v: unknown, r: ReadonlyMap<string, string> | null): string {
  if (typeof v === 'string') return JSON.stringify(r ? rename(v, r) : v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => json(x, r)).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => [r ? rename(k, r) : k, json(x, r)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${x}`).join(',')}}`;
}

/** The System without what is not its identity: `world`, `deferralWaits`, empty pool ledgers, empty child SLATs. */
function identityOf(s: System): Record<string, unknown> {
  const { world: _w, deferralWaits: _d, ...rest } = s;
  const pools = Object.fromEntries(Object.entries(s.substrate.pools).filter(([, f]) => f.length > 0));
  const slat = Object.fromEntries(Object.entries(s.substrate.slat).filter(([pid, t]) => pid === ROOT || Object.keys(t).length > 0));
  return { ...rest, substrate: { ...s.substrate, pools, slat } };
}

/** Every permutation of `xs`. */
const permutations = <T>(xs: readonly T[]): T[][] => (xs.length <= 1 ? [xs.slice()] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

/** The renamings of `world`'s interchangeable children (identity included). */
export function renamingsOf(world: World): (ReadonlyMap<string, string> | null)[] {
  const classes = interchangeableClasses(world.config);
  let out: Map<string, string>[] = [new Map()];
  for (const c of classes) out = out.flatMap((m) => permutations(c).map((p) => new Map([...m, ...c.map((id, i) => [id, p[i]!] as const)])));
  return out.map((m) => (m.size === 0 ? null : m));
}

/** The reference key of a state: its identity as sorted JSON, the least over `renamings` (just the identity: `[null]`). */
export function referenceKey(s: System, renamings: readonly (ReadonlyMap<string, string> | null)[] = [null]): string {
  const id = identityOf(s);
  let best: string | undefined;
  for (const r of renamings) {
    const k = json(id, r);
    if (best === undefined || k < best) best = k;
  }
  return best!;
}

/** What the reference search found. */
export interface ReferenceResult {
  /** The reference key of every reachable state (orbit, under symmetry). */
  readonly keys: ReadonlySet<string>;
  /** Transitions taken (ops that applied), revisits included. */
  readonly transitions: number;
}

/** Every state reachable in `world` with the op kinds `types` (those `filter` keeps), breadth first, keyed by `referenceKey`. */
export function referenceBfs(world: World, types: readonly OpType[], filter: ((op: Op, s: System) => boolean) | undefined, symmetry: boolean, initial: System): ReferenceResult {
  const renamings = symmetry ? renamingsOf(world) : [null];
  const keys = new Set<string>([referenceKey(initial, renamings)]);
  let level: System[] = [initial];
  let transitions = 0;
  while (level.length > 0) {
    const next: System[] = [];
    for (const s of level)
      for (const op of exploreOps(s, types, filter)) {
        const r = applyOp(s, op);
        if (r.outcome.status === 'skipped') continue;
        transitions++;
        const k = referenceKey(r.system, renamings);
        if (keys.has(k)) continue;
        keys.add(k);
        next.push(r.system);
      }
    level = next;
  }
  return { keys, transitions };
}
