/**
 * What machine memory claims (models/memory): every 4 KiB frame has exactly
 * one owner, no page is lost or listed twice, a SLAT maps only frames its
 * partition holds, the root never maps the hypervisor's frames, and no
 * partition can read data another owner wrote; and runs do reach a guest
 * with mapped memory, so the claims are not vacuous.
 */
import { type Invariant, type Goal, splitInvariant } from './property.js';
import { claimsOnFrames, type Substrate } from '../src/substrate/substrate.js';
import { hex, ROOT, partitionHolder, poolHolder, at } from '../src/substrate/ids.js';
import { mappedGpas } from '../src/substrate/slat.js';

/** A frame holder in words: `on the free list`, `in p1's pool`, `held by p1`, ... */
export const describeHolder = (h: string): string =>
  h === 'free' ? 'on the free list' : h === 'hypervisor' ? 'reserved by the hypervisor' : h.startsWith('pool:') ? `in ${h.slice(5)}'s pool` : `held by ${h.replace('partition:', '')}`;

/**
 * Whether every SLAT mapping, pool ledger entry and free list entry names
 * the holder the frame table gives its frame: then no frame has two
 * claims. One pass without building the claims; when it fails, the
 * claims are gathered to name the frame.
 */
function claimsAgree(s: Substrate): boolean {
  const holder = s.memory.holder;
  if (!slatsMapOwnFrames(s)) return false;
  for (const pid in s.pools) {
    const frames = s.pools[pid]!;
    const h = poolHolder(pid);
    for (let i = 0; i < frames.length; i++) if (holder[frames[i]!] !== h) return false;
  }
  const free = s.memory.free;
  for (let i = 0; i < free.length; i++) if (holder[free[i]!] !== 'free') return false;
  return true;
}

/** `slatsMapOwnFrames` by SLAT table, then by holder array (both immutable; three claims ask it of each state). */
const SLATS_OWN = new WeakMap<object, WeakMap<object, boolean>>();

/**
 * Whether every SLAT entry points at a frame its partition holds (the
 * frame table's holder is the partition's). It implies that the root
 * maps no hypervisor or pool frame.
 */
function slatsMapOwnFrames(s: Substrate): boolean {
  let byHolder = SLATS_OWN.get(s.slat);
  if (byHolder === undefined) SLATS_OWN.set(s.slat, (byHolder = new WeakMap()));
  let own = byHolder.get(s.memory.holder);
  if (own === undefined) {
    own = true;
    const holder = s.memory.holder;
    for (const pid in s.slat) {
      const slat = s.slat[pid]!;
      const h = partitionHolder(pid);
      const gpas = mappedGpas(slat);
      for (let i = 0; i < gpas.length && own; i++) if (holder[slat[gpas[i]!]!.frame] !== h) own = false;
      if (!own) break;
    }
    byHolder.set(s.memory.holder, own);
  }
  return own;
}

/** Each frame has exactly one owner: its holder, the SLATs that map it, the pool and free ledgers all agree. */
export const noFrameOwnedTwice: Invariant = {
  kind: 'always',
  name: 'no-frame-owned-twice',
  reads: ['memory', 'slat', 'pools'],
  description: 'Every machine frame is claimed by exactly one owner: the frame table, every SLAT that maps it, the pool ledgers and the free list name the same one.',
  check: (s) => {
    if (claimsAgree(s.substrate)) return null;
    for (const [f, claims] of claimsOnFrames(s.substrate)) {
      if (claims.size > 1) return `frame ${hex(f)} is ${[...claims].map(describeHolder).join(' and ')}`;
    }
    return null;
  },
};

/**
 * Whether the free list and the pool ledgers list exactly the frames the
 * frame table gives them, once each: one pass with a mark per frame. When
 * it fails, framesConserved looks again to name the problem.
 */
function ledgersAgree({ memory, pools }: Substrate): boolean {
  const { holder } = memory;
  const n = holder.length;
  if (memory.content.length !== n) return false;
  const seen = new Uint8Array(n);
  // Indexed loops: these run after most steps, and an array iterator costs an object per element where the loop is not optimised.
  const free = memory.free;
  for (let i = 0; i < free.length; i++) {
    const f = free[i]!;
    if (holder[f] !== 'free' || seen[f]) return false;
    seen[f] = 1;
  }
  let listed = memory.free.length;
  for (const pid in pools) {
    const list = pools[pid]!;
    const h = poolHolder(pid);
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      if (holder[f] !== h || seen[f]) return false;
      seen[f] = 1;
    }
    listed += list.length;
  }
  // Every entry is a distinct frame its ledger's holder holds: the ledgers are whole when they list as many frames as are free or pooled.
  let held = 0;
  for (let f = 0; f < n; f++) {
    const h = holder[f]!;
    if (h === 'free' || h.startsWith('pool:')) held++;
  }
  return held === listed;
}

/** The free list and the pools list exactly the frames the frame table says, once each, and nothing disappears. */
export const framesConserved: Invariant = {
  kind: 'always',
  name: 'frames-conserved',
  reads: ['memory', 'pools'],
  description: 'No page is lost or duplicated: the free list holds each free frame exactly once, each pool ledger exactly its pool frames, and all frames add up.',
  check: (s) => {
    const { memory, pools } = s.substrate;
    if (ledgersAgree(s.substrate)) return null;
    const n = memory.holder.length;
    if (memory.content.length !== n) return `the frame table has ${n} holders but ${memory.content.length} content labels`;
    // Frames in the table are marked in an array; any other number on the list goes to a set.
    const listed = new Uint8Array(n);
    const others = new Set<number>();
    for (const f of memory.free) {
      const inTable = Number.isInteger(f) && f >= 0 && f < n;
      if (inTable ? listed[f] === 1 : others.has(f)) return `frame ${hex(f)} is on the free list twice`;
      if (inTable) listed[f] = 1;
      else others.add(f);
      if (memory.holder[f] !== 'free') return `frame ${hex(f)} is on the free list but ${describeHolder(memory.holder[f]!)}`;
    }
    for (let f = 0; f < n; f++) if (memory.holder[f] === 'free' && listed[f] !== 1) return `frame ${hex(f)} is marked free but is not on the free list: the page is lost`;
    const ledgers = new Map<string, ReadonlySet<number>>();
    for (const pid in pools) {
      const list = pools[pid]!;
      const set = new Set(list);
      if (set.size !== list.length) return `${pid}'s pool lists a frame twice`;
      const want = poolHolder(pid);
      for (const f of list) if (memory.holder[f] !== want) return `frame ${hex(f)} is in ${pid}'s pool ledger but ${describeHolder(memory.holder[f]!)}`;
      ledgers.set(pid, set);
    }
    for (let f = 0; f < n; f++) {
      const h = memory.holder[f]!;
      if (h.startsWith('pool:') && !ledgers.get(h.slice(5))?.has(f)) return `frame ${hex(f)} is ${describeHolder(h)} but missing from that pool's ledger`;
    }
    return null;
  },
};

/** A partition's SLAT maps only frames that partition holds. */
export const slatMapsOnlyOwnedFrames: Invariant = {
  kind: 'always',
  name: 'slat-maps-only-owned-frames',
  reads: ['slat', 'memory'],
  description: "Every SLAT entry of a partition (the root's identity map included) points at a frame that partition holds.",
  check: (s) => {
    if (slatsMapOwnFrames(s.substrate)) return null;
    for (const pid in s.substrate.slat) {
      const slat = s.substrate.slat[pid]!;
      const want = partitionHolder(pid);
      const gpas = mappedGpas(slat);
      for (let i = 0; i < gpas.length; i++) {
        const g = gpas[i]!;
        const f = slat[g]!.frame;
        const h = s.substrate.memory.holder[f];
        if (h !== want) return `${pid}'s SLAT maps gpa ${hex(g)} to frame ${hex(f)}, which is ${describeHolder(h ?? '(no such frame)')}`;
      }
    }
    return null;
  },
};

/** The root's identity map never covers frames the hypervisor keeps for itself or for a partition's pool. */
export const rootNeverMapsHypervisorFrames: Invariant = {
  kind: 'always',
  name: 'root-never-maps-hypervisor-frames',
  reads: ['slat', 'memory'],
  description: "The root's identity map excludes every frame the hypervisor reserves for itself, including the pages deposited in partition pools.",
  check: (s) => {
    // Every SLAT entry on a frame its partition holds: the root's are on frames the root holds.
    if (slatsMapOwnFrames(s.substrate)) return null;
    const slat = at(s.substrate.slat, ROOT) ?? {};
    const gpas = mappedGpas(slat);
    for (let i = 0; i < gpas.length; i++) {
      const g = gpas[i]!;
      const h = s.substrate.memory.holder[slat[g]!.frame]!;
      if (h === 'hypervisor' || h.startsWith('pool:')) return `the root maps gpa ${hex(g)} = frame ${hex(slat[g]!.frame)}, which is ${describeHolder(h)}`;
    }
    return null;
  },
};

/** No partition reads, or can read, a frame whose content another owner wrote. */
export const noCrossPartitionDataLeak: Invariant = splitInvariant({
  kind: 'always',
  name: 'no-cross-partition-data-leak',
  reads: ['memory', 'slat', 'tlbs'],
  description:
    'A partition never reads data another owner wrote: every frame it can reach through its SLAT or a TLB entry holds zeroes or its own data, so memory must be scrubbed whenever it changes owner.',
  stepFirst: true,
  step: (_s, last) => {
    for (const o of last.outcome.observations) {
      if (o.kind !== 'access' || o.write) continue;
      if (o.content !== 'zero' && o.content !== o.pid)
        return `${o.pid} read gpa ${hex(o.gpa)} (frame ${hex(o.frame)}) holding data written by ${o.content}`;
    }
    return null;
  },
  state: (s) => {
    const { content } = s.substrate.memory;
    for (const pid in s.substrate.slat) {
      const slat = s.substrate.slat[pid]!;
      const gpas = mappedGpas(slat);
      for (let i = 0; i < gpas.length; i++) {
        const g = gpas[i]!;
        const c = content[slat[g]!.frame]!;
        if (c !== 'zero' && c !== pid) return `${pid} can read gpa ${hex(g)} (frame ${hex(slat[g]!.frame)}), which still holds data written by ${c}`;
      }
    }
    for (let i = 0; i < s.substrate.lps.length; i++) {
      for (const e of s.substrate.lps[i]!.tlb) {
        const c = content[e.frame]!;
        if (c !== 'zero' && c !== e.tag) return `${e.tag} can read frame ${hex(e.frame)} through lp${i}'s TLB, which holds data written by ${c}`;
      }
    }
    return null;
  },});

/** The memory-ownership invariants. */
export const memoryInvariants: readonly Invariant[] = [
  noFrameOwnedTwice,
  framesConserved,
  slatMapsOnlyOwnedFrames,
  rootNeverMapsHypervisorFrames,
  noCrossPartitionDataLeak,
];

/** Some partition reaches Active with guest memory mapped. */
export const partitionActiveWithMemory: Goal = {
  kind: 'sometimes',
  name: 'partition-active-with-mapped-memory',
  reads: ['partitions', 'slat'],
  description: 'A child partition is Active with at least one GPA mapped.',
  reached: (s) => {
    for (const pid in s.partitions) if (pid !== ROOT && s.partitions[pid]!.machine.value === 'active' && mappedGpas(at(s.substrate.slat, pid) ?? {}).length > 0) return true;
    return false;
  },
};

/** The memory goals. */
export const memoryGoals: readonly Goal[] = [partitionActiveWithMemory];
